import Foundation

/// The one place output is written. A build goes into a staging folder beside the output, which is
/// then swapped in by rename, so a failed or interrupted build never leaves `public/` half-written.
public struct OutputWriter: Sendable {
    public let outputDirectory: String

    public init(outputDirectory: String) {
        self.outputDirectory = outputDirectory
    }

    public struct WriteError: Error, CustomStringConvertible {
        public let description: String
    }

    var outputURL: URL { URL(fileURLWithPath: outputDirectory).standardizedFileURL }

    /// A fresh, empty staging folder next to the output (same file system, so the swap is a rename).
    public func makeStagingDirectory() throws(WriteError) -> String {
        let parent = outputURL.deletingLastPathComponent()
        let staging = parent.appendingPathComponent(".\(outputURL.lastPathComponent).staging-\(getpid())").path
        do {
            try FileManager.default.createDirectory(atPath: parent.path, withIntermediateDirectories: true)
            if FileManager.default.fileExists(atPath: staging) { try FileManager.default.removeItem(atPath: staging) }
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: false)
        } catch {
            throw WriteError(description: "cannot create the staging folder \(staging): \(error.localizedDescription)")
        }
        return staging
    }

    /// Writes files under `root`, creating folders first, then the files on every core.
    public static func write(_ files: [(path: String, data: Data)], under root: String) throws(WriteError) {
        try createFolders(for: files.map(\.path), under: root)
        let failures = files.parallelMap { file -> String? in
            writeFile(root + "/" + file.path, file.data)
        }
        if let failure = failures.compactMap({ $0 }).first { throw WriteError(description: failure) }
    }

    /// Creates every folder the given file paths need, parents first.
    public static func createFolders(for paths: [String], under root: String) throws(WriteError) {
        func parent(_ path: Substring) -> Substring { path.lastIndex(of: "/").map { path[..<$0] } ?? "" }
        var folders: Set<Substring> = []
        for path in paths {
            var folder = parent(Substring(path))
            while !folder.isEmpty, folders.insert(folder).inserted { folder = parent(folder) }
        }
        // Parents before children: one depth at a time, each depth's folders on every core.
        let byDepth = Dictionary(grouping: folders.map(String.init)) { $0.utf8.reduce(0) { $1 == UInt8(ascii: "/") ? $0 + 1 : $0 } }
        for depth in byDepth.keys.sorted() {
            let failures = byDepth[depth]!.sorted().parallelMap { folder -> String? in
                if mkdir(root + "/" + folder, 0o755) != 0 && errno != EEXIST {
                    return "cannot create \(root)/\(folder): \(String(cString: strerror(errno)))"
                }
                return nil
            }
            if let failure = failures.lazy.compactMap({ $0 }).first { throw WriteError(description: failure) }
        }
    }

    /// Writes one file with plain POSIX calls (no temporary file: the whole folder is staged); returns an error message.
    /// Creates `path` and lets `produce` fill it through a buffer that streams to the file; the byte
    /// count, or the error message.
    static func streamFile(_ path: String, _ produce: (ByteBuffer) -> Void) -> Result<Int, WriteError> {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { return .failure(WriteError(description: "cannot write \(path): \(String(cString: strerror(errno)))")) }
        defer { close(descriptor) }
        let buffer = ByteBuffer(capacity: 64 * 1024, streamingTo: descriptor)
        produce(buffer)
        buffer.flush()
        if let error = buffer.writeError { return .failure(WriteError(description: "cannot write \(path): \(String(cString: strerror(error)))")) }
        return .success(buffer.flushed)
    }

    public static func writeFile(_ path: String, _ data: Data) -> String? {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { return "cannot write \(path): \(String(cString: strerror(errno)))" }
        defer { close(descriptor) }
        let failed = data.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 { if errno == EINTR { continue }; return true }
                offset += written
            }
            return false
        }
        return failed ? "cannot write \(path): \(String(cString: strerror(errno)))" : nil
    }

    /// Puts the staging folder in the output's place and removes the previous output.
    public func swapIn(staging: String) throws(WriteError) {
        let output = outputURL.path
        let previous = outputURL.deletingLastPathComponent().appendingPathComponent(".\(outputURL.lastPathComponent).previous-\(getpid())").path
        let hadOutput = FileManager.default.fileExists(atPath: output)
        if hadOutput, rename(output, previous) != 0 {
            throw WriteError(description: "cannot move the previous \(outputDirectory) aside: \(String(cString: strerror(errno)))")
        }
        if rename(staging, output) != 0 {
            let reason = String(cString: strerror(errno))
            if hadOutput { _ = rename(previous, output) }
            throw WriteError(description: "cannot move the new build into \(outputDirectory): \(reason)")
        }
        if hadOutput { try? FileManager.default.removeItem(atPath: previous) }
    }

    public func discard(staging: String) {
        try? FileManager.default.removeItem(atPath: staging)
    }
}

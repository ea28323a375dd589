import Foundation

/// The one place output is written. A build goes into a staging folder beside the output, which then
/// takes the output's place in one step (`swapIn`), so a failed or killed build never leaves `public/`
/// half-written or missing; one process at a time does it (`claim`).
public struct OutputWriter: Sendable {
    public let outputDirectory: String

    public init(outputDirectory: String) {
        self.outputDirectory = outputDirectory
    }

    public struct WriteError: Error, CustomStringConvertible {
        public let description: String
    }

    var outputURL: URL { URL(fileURLWithPath: outputDirectory).standardizedFileURL }

    /// The names of this output's staging folder and of its lock (`.public.staging-PID`, `.public.lock`)
    /// beside it, and the prefix that marks what a killed build left there.
    var leftoverPrefix: String { ".\(outputURL.lastPathComponent)." }

    /// Takes the output for this process: the lock (see `OutputLock`; `waiting` gets a message when
    /// another process holds it), then removes what a killed build left beside the output. Hold the
    /// returned lock until the output is swapped in.
    public func claim(waiting: (String) -> Void) throws(WriteError) -> OutputLock {
        let parent = outputURL.deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw WriteError(description: "cannot create \(parent): \(error.localizedDescription)")
        }
        let lock = try OutputLock(path: OutputLock.path(for: outputURL)) { pid in
            waiting("another tracker process\(pid.map { " (pid \($0))" } ?? "") is writing \(outputDirectory); waiting for it to finish")
        }
        KillPoint.reached("locked")
        removeLeftovers()
        return lock
    }

    /// Staging folders of killed builds, and an output moved aside (where paths cannot be exchanged)
    /// by a build killed before the new one took its place: that one is put back.
    func removeLeftovers() {
        let parent = outputURL.deletingLastPathComponent().path
        var leftovers: [String] = []
        // Worked out once: each use of `outputURL` looks at the file system.
        let (staging, previous, output) = (leftoverPrefix + "staging-", leftoverPrefix + "previous-", outputURL.path)
        DirectoryEntries.forEach(in: parent, followingLinks: false) { name, _ in
            if name.hasPrefix(staging) || name.hasPrefix(previous) { leftovers.append(name) }
        }
        for name in leftovers.sorted() {
            let path = parent + "/" + name
            if name.hasPrefix(previous), !FileManager.default.fileExists(atPath: output), rename(path, output) == 0 { continue }
            FileTree.remove(path)
        }
    }

    /// A fresh, empty staging folder next to the output (same file system, so the swap is a rename).
    /// Call it holding the output's lock (`claim`).
    public func makeStagingDirectory() throws(WriteError) -> String {
        let parent = outputURL.deletingLastPathComponent()
        let staging = parent.appendingPathComponent("\(leftoverPrefix)staging-\(getpid())").path
        do {
            if FileManager.default.fileExists(atPath: staging) { try FileManager.default.removeItem(atPath: staging) }
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: false)
        } catch {
            throw WriteError(description: "cannot create the staging folder \(staging): \(error.localizedDescription)")
        }
        KillPoint.reached("staging")
        return staging
    }

    /// `path` below the output, as the user named the output: how errors name a file being staged.
    public func shown(_ path: String) -> String {
        .concatenating(outputDirectory.hasSuffix("/") ? String(outputDirectory.dropLast()) : outputDirectory, "/", path)
    }

    /// Writes files under `root`, creating folders first, then the files on every core; errors name
    /// the files under `shownRoot` (the output a staging folder stands for).
    public static func write(_ files: [(path: String, data: Data)], under root: String, shownAs shownRoot: String? = nil) throws(WriteError) {
        try createFolders(for: files.map(\.path), under: root, shownAs: shownRoot)
        let failures = files.parallelMap { file -> String? in
            writeFile(root + "/" + file.path, file.data, shownAs: shownRoot.map { $0 + "/" + file.path })
        }
        if let failure = failures.compactMap({ $0 }).first { throw WriteError(description: failure) }
    }

    /// Creates every folder the given file paths need, parents first.
    public static func createFolders(for paths: [String], under root: String, shownAs shownRoot: String? = nil) throws(WriteError) {
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
                    return cannotCreate(folder, shownRoot: shownRoot ?? root, errno).description
                }
                return nil
            }
            if let failure = failures.lazy.compactMap({ $0 }).first { throw WriteError(description: failure) }
        }
    }

    /// A folder held open while files are written below it. Each file and folder below it is opened
    /// relative to it (`openat`, `mkdirat`): the kernel looks up only the part of each path below the
    /// folder, not the whole path from `/` again for each of a site's tens of thousands of files.
    public final class OpenFolder: Sendable {
        /// The folder, and how errors name it (the output a staging folder stands for).
        public let path: String
        let shownAs: String
        let descriptor: Int32

        public init(_ path: String, shownAs: String) throws(WriteError) {
            descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard descriptor >= 0 else { throw WriteError(description: "cannot open \(shownAs): \(String(cString: strerror(errno)))") }
            self.path = path
            self.shownAs = shownAs
        }

        deinit { close(descriptor) }

        /// `relative` as errors name it.
        func shown(_ relative: String) -> String { .concatenating(shownAs, "/", relative) }
    }

    /// A file `streamFile` wrote: its size, and its size and modification time as the file system
    /// reported them for the open file after its last write (what the build cache records of it), nil
    /// when the system would not tell.
    struct WrittenFile {
        let bytes: Int
        let stamp: FileStamp?
    }

    /// Creates `relative` below `folder` and lets `produce` fill it through a buffer that streams to the
    /// file; the file written, or the error message (naming the file below `folder.shownAs`). A folder
    /// the file needs that does not exist yet is made first (an error naming it): the pages' folders are
    /// made by the threads writing the pages, not one after the other before them.
    ///
    /// A page at `…/index.html` has a folder of its own, most often not made yet: it is made first, as
    /// opening the file in a missing folder would fail after looking the path up (one failed `openat`
    /// for each of a site's tens of thousands of folders).
    static func streamFile(_ relative: String, in folder: OpenFolder, _ produce: (ByteBuffer) -> Void) -> Result<WrittenFile, WriteError> {
        if relative.utf8.count > 11, relative.hasSuffix("/index.html") {
            let parent = String(relative.utf8.dropLast(11))!
            if mkdirat(folder.descriptor, parent, 0o755) != 0, errno == ENOENT,
               let failure = makeParents(of: relative, in: folder) {
                return .failure(failure)
            }
        }
        var descriptor = openat(folder.descriptor, relative, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if descriptor < 0, errno == ENOENT {
            if let failure = makeParents(of: relative, in: folder) { return .failure(failure) }
            descriptor = openat(folder.descriptor, relative, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        }
        guard descriptor >= 0 else { return .failure(cannotWrite(folder.shown(relative), errno)) }
        let buffer = ByteBuffer(capacity: 64 * 1024, streamingTo: descriptor)
        produce(buffer)
        buffer.flush()
        // Nothing writes to the file after this: its stamp is final (closing does not change it).
        let stamp = buffer.writeError == nil ? FileStamp(descriptor: descriptor) : nil
        // A file system may report a full disk only when the file is closed (NFS, some FUSE ones).
        let closed = close(descriptor) == 0 ? nil : errno
        if let error = buffer.writeError ?? closed { return .failure(cannotWrite(folder.shown(relative), error)) }
        KillPoint.fileWritten()
        return .success(WrittenFile(bytes: buffer.flushed, stamp: stamp))
    }

    /// Writes `data` to `relative` below `folder` as `streamFile` does, making the folders it needs: nil, or the error
    /// naming the file below `folder.shownAs`.
    public static func write(_ data: Data, to relative: String, in folder: OpenFolder) -> WriteError? {
        let written = streamFile(relative, in: folder) { buffer in data.withUnsafeBytes { buffer.appendFinal($0.bindMemory(to: UInt8.self)) } }
        if case .failure(let error) = written { return error }
        return nil
    }

    /// Makes the folders of `relative` below `folder` that are missing, parents first.
    static func makeParents(of relative: String, in folder: OpenFolder) -> WriteError? {
        var missing: [String] = []
        var path = Substring(relative)
        while let slash = path.lastIndex(of: "/") {
            path = path[..<slash]
            let parent = String(path)
            if mkdirat(folder.descriptor, parent, 0o755) == 0 || errno == EEXIST { break }
            guard errno == ENOENT else { return cannotCreate(parent, shownRoot: folder.shownAs, errno) }
            missing.append(parent)
        }
        for parent in missing.reversed() where mkdirat(folder.descriptor, parent, 0o755) != 0 && errno != EEXIST {
            return cannotCreate(parent, shownRoot: folder.shownAs, errno)
        }
        return nil
    }

    /// The error for a folder (`relative` to the output) that could not be made, the output named as `shownRoot`.
    private static func cannotCreate(_ relative: String, shownRoot: String, _ error: Int32) -> WriteError {
        WriteError(description: "cannot create \(shownRoot)/\(relative): \(String(cString: strerror(error)))")
    }

    static func cannotWrite(_ shown: String, _ error: Int32) -> WriteError {
        WriteError(description: "cannot write \(shown): \(String(cString: strerror(error)))")
    }

    /// Writes one file with plain POSIX calls (no temporary file: the whole folder is staged); returns an error message.
    public static func writeFile(_ path: String, _ data: Data, shownAs shown: String? = nil) -> String? {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { return cannotWrite(shown ?? path, errno).description }
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
        return failed ? cannotWrite(shown ?? path, errno).description : nil
    }

    /// Puts the staging folder in the output's place and removes the previous output. The two are
    /// exchanged in one step where the system can (Linux), so a process killed at any moment leaves
    /// the previous output or the new one in place, never none; elsewhere the previous output is
    /// moved aside first, and `removeLeftovers` puts it back if the process dies before the new one
    /// is in place.
    public func swapIn(staging: String) throws(WriteError) {
        let output = outputURL.path
        func cannotMove(_ reason: Int32) -> WriteError {
            WriteError(description: "cannot move the new build into \(outputDirectory): \(String(cString: strerror(reason)))")
        }
        guard FileManager.default.fileExists(atPath: output) else {
            guard rename(staging, output) == 0 else { throw cannotMove(errno) }
            KillPoint.reached("swapped")
            return
        }
        switch ExchangePaths.exchange(staging, output) {
        case true?:
            KillPoint.reached("swapped")
            FileTree.remove(staging)  // now the previous output
        case false?:
            throw cannotMove(errno)
        case nil:
            let previous = outputURL.deletingLastPathComponent().appendingPathComponent("\(leftoverPrefix)previous-\(getpid())").path
            if rename(output, previous) != 0 {
                throw WriteError(description: "cannot move the previous \(outputDirectory) aside: \(String(cString: strerror(errno)))")
            }
            if rename(staging, output) != 0 {
                let reason = errno
                _ = rename(previous, output)
                throw cannotMove(reason)
            }
            KillPoint.reached("swapped")
            FileTree.remove(previous)
        }
    }

    public func discard(staging: String) {
        FileTree.remove(staging)
    }
}

import Foundation

/// What one run of `git` printed, and how it ended.
struct GitOutput: Sendable {
    let status: Int32
    let output: Data
    let errorText: String

    var text: String { String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
    var succeeded: Bool { status == 0 }
}

/// Runs the real `git` command. Standard output and error go to temporary files, not pipes, so a
/// command with a large output can never block on a full pipe while we wait for it.
struct GitProcess: Sendable {
    /// Set for every command; variables that would point git at another repository are removed.
    private(set) var environment: [String: String]
    private(set) var directory: String

    static let repositoryVariables = ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
                                      "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR", "GIT_NAMESPACE", "GIT_PREFIX"]

    init(directory: String, environment overrides: [String: String] = [:]) {
        var environment = ProcessInfo.processInfo.environment
        for name in Self.repositoryVariables { environment[name] = nil }
        environment.merge(overrides) { $1 }
        self.environment = environment
        self.directory = directory
    }

    /// The same git, run in another folder or with more variables (a temporary index file).
    func with(directory: String? = nil, environment overrides: [String: String] = [:]) -> GitProcess {
        var copy = self
        copy.environment.merge(overrides) { $1 }
        if let directory { copy.directory = directory }
        return copy
    }

    /// Runs `git arguments…`, feeding `input` on standard input.
    func run(_ arguments: [String], input: Data? = nil) throws(PublishError) -> GitOutput {
        try withScratch { scratch throws(PublishError) in
            let file = scratch.appendingPathComponent("in")
            do {
                try (input ?? Data()).write(to: file)
            } catch {
                throw .failed("cannot run git \(arguments.first ?? ""): \(error.localizedDescription)")
            }
            return try run(arguments, inputFile: file, scratch: scratch)
        }
    }

    /// Runs `git arguments…` with standard input read from `inputFile`: input too large to hold in memory at once
    /// (the site's new blobs, `BlobStreams`) is written there a piece at a time first.
    func run(_ arguments: [String], inputFile: URL) throws(PublishError) -> GitOutput {
        try withScratch { scratch throws(PublishError) in try run(arguments, inputFile: inputFile, scratch: scratch) }
    }

    /// Runs `body` with a temporary folder of its own, removed after.
    private func withScratch(_ body: (URL) throws(PublishError) -> GitOutput) throws(PublishError) -> GitOutput {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tracker-git-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        } catch {
            throw .failed("cannot create a temporary folder for git: \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(at: scratch) }
        return try body(scratch)
    }

    /// Runs git reading `inputFile`, its output and errors written into files in `scratch`.
    private func run(_ arguments: [String], inputFile: URL, scratch: URL) throws(PublishError) -> GitOutput {
        guard let executable = Self.executable else { throw .failed("git is not installed (no git on PATH); --branch needs it") }
        let paths = (input: inputFile, output: scratch.appendingPathComponent("out"), error: scratch.appendingPathComponent("err"))
        do {
            try Data().write(to: paths.output)
            try Data().write(to: paths.error)
            let process = Process()
            process.executableURL = executable
            process.arguments = arguments
            process.environment = environment
            process.currentDirectoryURL = URL(fileURLWithPath: directory)
            let handles = try (input: FileHandle(forReadingFrom: paths.input), output: FileHandle(forWritingTo: paths.output),
                               error: FileHandle(forWritingTo: paths.error))
            defer { try? handles.input.close(); try? handles.output.close(); try? handles.error.close() }
            process.standardInput = handles.input
            process.standardOutput = handles.output
            process.standardError = handles.error
            try process.run()
            process.waitUntilExit()
            return GitOutput(status: process.terminationStatus, output: try Data(contentsOf: paths.output),
                             errorText: String(decoding: try Data(contentsOf: paths.error), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        } catch {
            throw .failed("cannot run git \(arguments.first ?? ""): \(error.localizedDescription)")
        }
    }

    /// Runs git and returns its trimmed output, or throws with what it printed on standard error.
    func text(_ arguments: [String], input: Data? = nil, failure: String) throws(PublishError) -> String {
        let result = try run(arguments, input: input)
        guard result.succeeded else { throw .failed("\(failure): \(result.errorText.isEmpty ? "git \(arguments.first ?? "") failed" : result.errorText)") }
        return result.text
    }

    static let executable: URL? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent("git")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }()
}

import Foundation
import Testing

/// What a command printed and how it ended.
struct CommandResult: Equatable, CustomStringConvertible {
    let status: Int32
    let output: String
    let error: String

    var description: String { "exit \(status)\n--- stdout\n\(output)--- stderr\n\(error)" }
}

/// A throwaway site in its own git repository, and the built `tracker` binary to run on it.
/// Git runs with a fixed identity and without the machine's global or system configuration.
struct PublishFixture {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let tracker = packageRoot + "/.build/debug/tracker"

    /// A folder for everything this test makes; the site is `root/site`.
    let root: String
    var site: String { root + "/site" }

    static let environment: [String: String] = {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") }
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_AUTHOR_NAME"] = "Test Author"
        environment["GIT_AUTHOR_EMAIL"] = "author@example.org"
        environment["GIT_COMMITTER_NAME"] = "Test Committer"
        environment["GIT_COMMITTER_EMAIL"] = "committer@example.org"
        return environment
    }()

    static let incident = """
        ---
        title: X blocked
        country: PK
        platforms: [X]
        type: service-block
        status: ongoing
        verification: confirmed
        start: 2024-02-17
        timeline:
          - date: 2024-02-17
            text: X stops loading.
            sources: [report]
        ---
        X was blocked nationwide [@report].

        """

    static let files: [String: String] = [
        "content/site.yml": "title: Test Tracker\nbase_url: https://example.org/tracker/\n",
        "content/incidents/x-block.md": incident,
        "content/sources/report.md": """
            ---
            title: A report
            publisher: Daily Times
            url: https://example.com/report
            published: 2024-02-17
            kind: news
            ---
            Notes.

            """,
        "templates/assets/notes.txt": "version 1\n",
        "templates/assets/old.txt": "to be removed\n",
    ]

    /// Makes the site and commits it as the first commit of `main`.
    init(files: [String: String] = PublishFixture.files) throws {
        root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("publish-test-\(UUID().uuidString)")
            .resolvingSymlinksInPath().path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        for (path, text) in files { try write(path, text) }
        try git("init", "-q", "-b", "main")
        try commitAll("Add the site")
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }

    func write(_ path: String, _ text: String) throws {
        let url = URL(fileURLWithPath: site + "/" + path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func delete(_ path: String) throws { try FileManager.default.removeItem(atPath: site + "/" + path) }

    func append(_ path: String, _ text: String) throws {
        try write(path, String(decoding: try Data(contentsOf: URL(fileURLWithPath: site + "/" + path)), as: UTF8.self) + text)
    }

    func commitAll(_ message: String) throws {
        try git("add", "-A")
        try git("commit", "-q", "-m", message)
    }

    /// Runs the built tracker in the site folder.
    func tracker(_ arguments: String...) throws -> CommandResult {
        guard FileManager.default.isExecutableFile(atPath: Self.tracker) else {
            Issue.record("build the tracker binary first (swift build): \(Self.tracker) is missing")
            return CommandResult(status: -1, output: "", error: "")
        }
        return try Self.run(Self.tracker, arguments, in: site)
    }

    /// Runs git in `directory` (the site by default) and returns its trimmed output; a failure is an error.
    @discardableResult
    func git(_ arguments: String..., in directory: String? = nil) throws -> String {
        let result = try Self.run("/usr/bin/env", ["git"] + arguments, in: directory ?? site)
        guard result.status == 0 else { throw FixtureError(message: "git \(arguments.joined(separator: " ")) failed: \(result.error)") }
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Every file under `folder`, by relative path, skipping `.git`.
    func files(in folder: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while let path = enumerator?.nextObject() as? String {
            if path == ".git" { enumerator?.skipDescendants(); continue }
            guard enumerator?.fileAttributes?[.type] as? FileAttributeType == .typeRegular else { continue }
            files[path] = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + path))
        }
        return files
    }

    /// What `tracker build` makes of the site now, in a folder outside the repository.
    func builtSite() throws -> [String: Data] {
        let output = root + "/build-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: output) }
        let result = try tracker("build", "--output", output)
        guard result.status == 0 else { throw FixtureError(message: "tracker build failed: \(result)") }
        // The marker a build leaves in its output is no file of the site.
        return try files(in: output).filter { $0.key != ".tracker-build" }
    }

    /// Every file of a commit, read back from git.
    func files(ofCommit commit: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for path in try git("ls-tree", "-r", "--name-only", "--full-tree", commit).split(separator: "\n") {
            let result = try Self.run("/usr/bin/env", ["git", "cat-file", "blob", "\(commit):\(path)"], in: site, raw: true)
            files[String(path)] = result.data
        }
        return files
    }

    /// `line:column` of the first occurrence of `needle` in a file `tracker build` makes, as the checker reports it.
    func position(of needle: String, inBuiltFile path: String) throws -> String {
        let text = String(decoding: try builtSite()[path] ?? Data(), as: UTF8.self)
        guard let range = text.range(of: needle) else { throw FixtureError(message: "\(needle) is not in \(path)") }
        let before = text[..<range.lowerBound]
        let line = before.filter { $0 == "\n" }.count + 1
        let column = before.split(separator: "\n", omittingEmptySubsequences: false).last.map { $0.unicodeScalars.count } ?? 0
        return "\(line):\(column + 1)"
    }

    static func run(_ executable: String, _ arguments: [String], in directory: String) throws -> CommandResult {
        let result = try run(executable, arguments, in: directory, raw: true)
        return CommandResult(status: result.status, output: String(decoding: result.data, as: UTF8.self), error: result.error)
    }

    /// Output goes to files, not pipes, so a large output cannot block the child.
    /// `adding` sets more variables of the child's environment.
    static func run(_ executable: String, _ arguments: [String], in directory: String, raw: Bool,
                    adding: [String: String] = [:]) throws -> (status: Int32, data: Data, error: String) {
        let scratch = NSTemporaryDirectory() + "publish-run-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        try Data().write(to: URL(fileURLWithPath: scratch + "/out"))
        try Data().write(to: URL(fileURLWithPath: scratch + "/err"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = environment.merging(adding) { $1 }
        process.standardInput = FileHandle.nullDevice
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch + "/out"))
        let error = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch + "/err"))
        process.standardOutput = output
        process.standardError = error
        try process.run()
        process.waitUntilExit()
        try output.close()
        try error.close()
        return (process.terminationStatus, try Data(contentsOf: URL(fileURLWithPath: scratch + "/out")),
                String(decoding: try Data(contentsOf: URL(fileURLWithPath: scratch + "/err")), as: UTF8.self))
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

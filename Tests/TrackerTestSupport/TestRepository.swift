import Foundation
import Testing

/// A repository for a test: runs the real `git` with a fixed identity and commit dates, and nothing
/// from the user's configuration.
public struct TestRepository {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    @discardableResult
    public func git(_ arguments: [String], date: String = "2024-03-01T10:00:00Z") throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", "-c", "protocol.file.allow=always"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        for name in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"] { environment[name] = nil }
        environment.merge(["GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org", "GIT_COMMITTER_NAME": "Test",
                           "GIT_COMMITTER_EMAIL": "test@example.org", "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
                           "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null"]) { $1 }
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        #expect(process.terminationStatus == 0, "git \(arguments.joined(separator: " ")): \(text)")
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public func commit(_ message: String, date: String) throws {
        try git(["add", "-A"], date: date)
        try git(["commit", "-q", "-m", message], date: date)
    }

    /// The short id the pages show of the commit `revision` names.
    public func shortHash(_ revision: String = "HEAD") throws -> String { String(try git(["rev-parse", revision]).prefix(10)) }
}

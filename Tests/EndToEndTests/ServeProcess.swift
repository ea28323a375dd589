import Foundation
import Synchronization
import Testing

/// A running `tracker serve` (the built binary), on a free port, stopped when the test ends.
final class ServeProcess: Sendable {
    let process: Process
    let port: Int
    let url: String
    private let output: LockedText

    /// The binary `swift build` made, found from this file's place in the repository.
    static var binary: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/tracker").path
    }

    static func run(_ arguments: [String], timeout: Double = 60) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        // Not the test process's working directory, which other tests change for a moment.
        process.currentDirectoryURL = URL(fileURLWithPath: TrackerBinary.packageRoot)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    init(site: String, arguments: [String] = ["--port", "0"], environment: [String: String] = ["TRACKER_VERIFY_INCREMENTAL": "1"]) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary) else {
            throw ServeError("no \(Self.binary): run `swift build` before `swift test`")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["serve", "--site", site] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: TrackerBinary.packageRoot)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let output = LockedText()
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            output.text.withLock { $0 += String(decoding: data, as: UTF8.self) }
        }
        self.output = output
        self.process = process
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        var found: String?
        while found == nil && Date() < deadline && process.isRunning {
            found = output.text.withLock { text in
                text.split(separator: "\n").first { $0.hasPrefix("Serving ") }.flatMap { line in
                    line.split(separator: " ").first { $0.hasPrefix("http://") }.map(String.init)
                }
            }
            if found == nil { Thread.sleep(forTimeInterval: 0.02) }
        }
        guard let found, let port = found.split(separator: ":").last.flatMap({ Int($0.dropLast()) }) else {
            process.terminate()
            throw ServeError("tracker serve did not print its address:\n" + output.text.withLock { $0 })
        }
        url = found
        self.port = port
    }

    deinit { stop() }

    var log: String { output.text.withLock { $0 } }

    /// How many times the log has `text` so far.
    func occurrences(_ text: String) -> Int { log.components(separatedBy: text).count - 1 }

    /// Waits until the log has `count` lines containing `text`.
    func waitForLog(_ text: String, count: Int = 1, timeout: Double = 10) -> Bool {
        waitUntil(timeout: timeout) { occurrences(text) >= count }
    }

    /// Polls `condition` until it holds (true) or the deadline passes (false).
    func waitUntil(timeout: Double = 10, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return condition()
    }

    /// What `TRACKER_VERIFY_INCREMENTAL=1` makes the server print after comparing a build with a full build.
    static let verified = "Verified: the same files as a full build"
    static let differs = "differs from a full build"

    /// Waits until `builds` builds (the first one included) have been compared with a full build,
    /// and tells whether every one was the same; a failure names the log.
    func everyBuildMatchedAFullBuild(_ builds: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        let compared = waitUntil(timeout: 30) { occurrences(Self.verified) + occurrences(Self.differs) >= builds }
        #expect(compared, "\(builds) builds were not all compared with a full build:\n\(log)", sourceLocation: sourceLocation)
        #expect(occurrences(Self.differs) == 0, "\(log)", sourceLocation: sourceLocation)
    }

    /// Sends a signal and waits for the exit; returns the exit status, or nil if it did not stop in time.
    @discardableResult
    func stop(signal: Int32 = SIGTERM, timeout: Double = 15) -> Int32? {
        guard process.isRunning else { return process.terminationStatus }
        kill(process.processIdentifier, signal)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        return process.terminationStatus
    }
}

/// Output gathered from the process's pipe on another thread.
final class LockedText: Sendable {
    let text = Mutex("")
}

struct ServeError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

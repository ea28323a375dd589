import Foundation
import Synchronization
import Testing
@testable import TrackerPreview

/// The watcher on a real folder: what it reports after files and folders come, go and move.
@Suite(.serialized) struct SiteWatcherTestSuite {
    final class Batches: Sendable {
        let delivered = Mutex<[SiteChanges]>([])
        var all: SiteChanges { delivered.withLock { $0.reduce(into: SiteChanges()) { $0.merge($1) } } }

        func waitFor(_ predicate: (SiteChanges) -> Bool, timeout: Double = 5) -> Bool {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                if predicate(all) { return true }
                Thread.sleep(forTimeInterval: 0.01)
            }
            return false
        }
    }

    func withWatcher(polling: Bool, _ body: (String, Batches) throws -> Void) throws {
        let root = NSTemporaryDirectory() + "tracker-watch-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/content/incidents", withIntermediateDirectories: true)
        let batches = Batches()
        let watcher = SiteWatcher(siteDirectory: root, pollInterval: .milliseconds(50)) { changes in
            batches.delivered.withLock { $0.append(changes) }
        }
        watcher.start(forcePolling: polling)
        defer { watcher.stop() }
        try body(root, batches)
    }

    @Test(arguments: [false, true])
    func newFoldersRenamesAndDeletionsAreSeen(polling: Bool) throws {
        try withWatcher(polling: polling) { root, batches in
            try FileManager.default.createDirectory(atPath: root + "/content/incidents/2024", withIntermediateDirectories: true)
            try Data("a".utf8).write(to: URL(fileURLWithPath: root + "/content/incidents/2024/a.md"))
            #expect(batches.waitFor { $0.paths.contains("content/incidents/2024/a.md") }, "a file in a new folder")

            try FileManager.default.moveItem(atPath: root + "/content/incidents/2024", toPath: root + "/content/incidents/old")
            #expect(batches.waitFor { $0.paths.contains("content/incidents/old/a.md") || $0.paths.contains("content/incidents/old") }, "the new name")
            #expect(batches.waitFor { $0.paths.contains("content/incidents/2024") || $0.paths.contains("content/incidents/2024/a.md") }, "the old name")

            try Data("b".utf8).write(to: URL(fileURLWithPath: root + "/content/incidents/old/b.md"))
            #expect(batches.waitFor { $0.paths.contains("content/incidents/old/b.md") }, "a file in the renamed folder is still watched")

            try FileManager.default.removeItem(atPath: root + "/content/incidents/old/b.md")
            try FileManager.default.createDirectory(atPath: root + "/templates", withIntermediateDirectories: true)
            try Data("x".utf8).write(to: URL(fileURLWithPath: root + "/templates/base.mustache"))
            #expect(batches.waitFor { $0.paths.contains("templates/base.mustache") || $0.paths.contains("templates") }, "a templates folder that appears")
        }
    }

    @Test func editorDroppingsAreIgnoredAndABurstIsOneBatch() throws {
        try withWatcher(polling: false) { root, batches in
            for name in [".a.md.swp", "a.md~", "4913", "#a.md#"] {
                try Data("x".utf8).write(to: URL(fileURLWithPath: root + "/content/incidents/" + name))
            }
            for number in 0..<10 {
                try Data("x".utf8).write(to: URL(fileURLWithPath: root + "/content/incidents/i\(number).md"))
            }
            let burst = Set((0..<10).map { "content/incidents/i\($0).md" })
            #expect(batches.waitFor { $0.paths.isSuperset(of: burst) })
            // Then one more save: the watcher reports in order, so once this one is in, everything the
            // burst made the watcher report is in too, and the burst must be the one batch before it.
            try Data("x".utf8).write(to: URL(fileURLWithPath: root + "/content/incidents/later.md"))
            #expect(batches.waitFor { $0.paths.contains("content/incidents/later.md") })
            let delivered = batches.delivered.withLock { $0 }.map(\.paths)
            #expect(delivered == [burst, ["content/incidents/later.md"]])
        }
    }
}

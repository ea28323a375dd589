import Foundation
#if os(Linux)
import Glibc
#endif
import Synchronization
import Testing
@testable import TrackerPreview
import TrackerTestSupport

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

    func withWatcher(polling: Bool, settledQuietPeriod: Duration = .milliseconds(5), _ body: (String, Batches) throws -> Void) throws {
        let root = NSTemporaryDirectory() + "tracker-watch-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/content/incidents", withIntermediateDirectories: true)
        let batches = Batches()
        let watcher = SiteWatcher(siteDirectory: root, settledQuietPeriod: settledQuietPeriod, pollInterval: .milliseconds(50)) { changes in
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

    /// A link back to a folder that holds it (`static/loop` → `.`) is not watched: followed, it led down
    /// `loop/loop/…`, and two such links never finished. The watcher is made on another thread, with a deadline.
    @Test func aLinkBackToAWatchedFolderIsNotFollowed() throws {
        let root = NSTemporaryDirectory() + "tracker-watch-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/static/sub", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root + "/static/loop", withDestinationPath: ".")
        try FileManager.default.createSymbolicLink(atPath: root + "/static/sub/back", withDestinationPath: "..")
        try Data("x".utf8).write(to: URL(fileURLWithPath: root + "/static/sub/file.txt"))
        let watched = resultWithin(seconds: 30) { () -> [String]? in
            let watcher = InotifyWatcher(siteDirectory: root)
            defer { watcher?.close() }
            return watcher.map { $0.folders.values.sorted() }
        }
        #expect(watched != nil, "the watcher was made")
        #expect(watched ?? nil == ["", "static", "static/sub"])
        // Polling lists what FileManager's enumerator gives, which does not go into links at all.
        let scanned = resultWithin(seconds: 30) { PollingWatcher(siteDirectory: root).scan().keys.sorted() }
        #expect(scanned == ["static/loop", "static/sub", "static/sub/back", "static/sub/file.txt"])
    }

    @Test func editorDroppingsAreIgnoredAndABurstIsOneBatch() throws {
        // The burst's first file is a finished save; with the 5 ms wait for a second file, a test thread
        // held off the processor for longer between two writes (a loaded machine) would split the burst.
        // Here the wait after a finished save is the single file's 20 ms; the 5 ms one is checked below.
        try withWatcher(polling: false, settledQuietPeriod: .milliseconds(20)) { root, batches in
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

    /// A scripted change source: what each wait returns, and whether the saves seen so far are finished.
    final class ScriptedSource: ChangeSource {
        var steps: [(changes: Set<String>, finished: Bool, open: Bool)]
        var waits: [Duration] = []
        var finished = false
        var open = false
        var stop: () -> Void = {}

        init(_ steps: [(changes: Set<String>, finished: Bool)]) { self.steps = steps.map { ($0.changes, $0.finished, false) } }

        init(_ steps: [(changes: Set<String>, finished: Bool, open: Bool)]) { self.steps = steps }

        var usesEvents: Bool { true }

        func next(waitingAtMost wait: Duration) -> SiteChanges {
            waits.append(wait)
            guard !steps.isEmpty else {
                stop()
                return SiteChanges()
            }
            let step = steps.removeFirst()
            (finished, open) = (step.finished, step.open)
            return SiteChanges(paths: step.changes)
        }

        func finishedSaving(_ paths: Set<String>) -> Bool { finished }

        func beingWritten(_ paths: Set<String>) -> Bool { open }

        func close() {}
    }

    @Test func theWaitIsShortOnceASingleSaveHasFinished() {
        let (a, b, c, d) = ("content/incidents/a.md", "content/incidents/b.md", "content/incidents/c.md", "content/incidents/d.md")
        let source = ScriptedSource([
            ([a], false),  // written, still open
            ([a], true),  // closed
            ([], false),
            ([b], true),  // a finished save, then a second file: a burst
            ([c], true),
            ([], true),
            ([d], false),  // deleted: maybe the first half of a save by rename
            ([], false),
        ])
        let delivered = Mutex<[Set<String>]>([])
        let watcher = SiteWatcher(siteDirectory: "/nonexistent") { changes in delivered.withLock { $0.append(changes.paths) } }
        source.stop = { watcher.stop() }
        watcher.run(source)
        #expect(source.waits == [.milliseconds(250), .milliseconds(20), .milliseconds(5),
                                 .milliseconds(250), .milliseconds(5), .milliseconds(60),
                                 .milliseconds(250), .milliseconds(20), .milliseconds(250)])
        #expect(delivered.withLock { $0 } == [[a], [b, c], [d]])
    }

    /// CI: a test's save (truncate, then write) paused between the two for more than the 20 ms quiet, and the preview
    /// built the empty file. A file still open for writing is waited for until it is closed, or `maximumDelay` passes.
    @Test func aFileStillOpenForWritingIsWaitedForUntilItIsClosed() {
        let (a, b, c, d) = ("content/incidents/a.md", "content/incidents/b.md", "content/incidents/c.md", "templates/d.mustache")
        let source = ScriptedSource([
            ([a], false, true),  // truncated, still open
            ([a], true, false),  // written and closed
            ([], true, false),
            ([b], false, true),  // open, and nothing more within the wait: delivered as it is
            ([], false, true),
            ([c, d], false, true),  // a burst with a file still open: the open file is waited for
            ([d], true, false),
            ([], true, false),
        ])
        let delivered = Mutex<[Set<String>]>([])
        let watcher = SiteWatcher(siteDirectory: "/nonexistent") { changes in delivered.withLock { $0.append(changes.paths) } }
        source.stop = { watcher.stop() }
        watcher.run(source)
        let waits = source.waits
        #expect(waits.count == 9)
        guard waits.count == 9 else { return }
        #expect([waits[0], waits[2], waits[3], waits[5], waits[7], waits[8]]
                == [.milliseconds(250), .milliseconds(5), .milliseconds(250), .milliseconds(250), .milliseconds(60), .milliseconds(250)])
        // Waits for a close: what is left of the 2 s since the batch's first change (the script answers at once).
        for index in [1, 4, 6] {
            #expect(waits[index] > .milliseconds(60) && waits[index] <= .seconds(2), "wait \(index): \(waits[index])")
        }
        #expect(delivered.withLock { $0 } == [[a], [b], [c, d]])
    }

    #if os(Linux)
    /// Found by hand: with `static/r -> /`, `tracker serve` never started: it walked the whole machine, watching
    /// every folder. A folder linked from outside the site is not watched (the build reports the link); one inside is.
    @Test func inotifyDoesNotWatchAFolderLinkedFromOutsideTheSite() throws {
        let base = NSTemporaryDirectory() + "tracker-watch-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: base) }
        let root = base + "/site"
        try FileManager.default.createDirectory(atPath: root + "/static/own", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: base + "/elsewhere", withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: root + "/static/own/a.txt"))
        try Data("x".utf8).write(to: URL(fileURLWithPath: base + "/elsewhere/b.txt"))
        try FileManager.default.createSymbolicLink(atPath: root + "/static/out", withDestinationPath: base + "/elsewhere")
        try FileManager.default.createSymbolicLink(atPath: root + "/static/again", withDestinationPath: "own")
        let watcher = try #require(InotifyWatcher(siteDirectory: root))
        defer { watcher.close() }
        var files: Set<String> = []
        #expect(watcher.addTree("static", collecting: &files))
        #expect(files == ["static/own/a.txt", "static/again/a.txt"])
    }

    /// The kernel may queue a write's events in two reads (its IN_MODIFY, then its IN_CLOSE_WRITE): under the thread
    /// sanitizer, one `next` once returned before the close (CI). So events are read until those expected are all in,
    /// and, when `finished`, their saves are finished too, within 5 s; the paths reported are returned.
    func events(_ watcher: InotifyWatcher, until expected: Set<String>, finished: Bool) -> Set<String> {
        var seen: Set<String> = []
        let deadline = ContinuousClock.now + .seconds(5)
        repeat {
            seen.formUnion(watcher.next(waitingAtMost: .milliseconds(200)).paths)
            if expected.isSubset(of: seen), !finished || watcher.finishedSaving(expected) { break }
        } while ContinuousClock.now < deadline
        return seen
    }

    /// A rebuild's comparison with a full build asks whether the site changed after its batch (`ChangeCount`):
    /// a change is counted when the watcher reads it, and one still in the kernel makes the site unsettled too.
    @Test func inotifyCountsTheChangesItReadsAndSeesThoseWaiting() throws {
        let root = NSTemporaryDirectory() + "tracker-watch-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/content/incidents", withIntermediateDirectories: true)
        let count = ChangeCount()
        let watcher = try #require(InotifyWatcher(siteDirectory: root, count: count))
        let a = "content/incidents/a.md"
        #expect(count.value == 0)
        #expect(count.isSettled(at: 0))

        // The write's events are queued by the time it returns: unsettled before the watcher reads them.
        try Data("a".utf8).write(to: URL(fileURLWithPath: root + "/" + a))
        #expect(!count.isSettled(at: 0))
        #expect(events(watcher, until: [a], finished: true) == [a])
        let read = count.value
        #expect(read >= 1)
        #expect(count.isSettled(at: read))
        #expect(!count.isSettled(at: read - 1))

        // An editor's swap file is no change: unsettled while its events wait, not counted once read.
        try Data("x".utf8).write(to: URL(fileURLWithPath: root + "/content/incidents/.a.md.swp"))
        #expect(!count.isSettled(at: read))
        #expect(watcher.next(waitingAtMost: .milliseconds(200)).isEmpty)
        #expect(count.value == read)
        #expect(count.isSettled(at: read))

        // Closed, the watcher cannot tell: settled, as a polling watcher always is.
        try Data("b".utf8).write(to: URL(fileURLWithPath: root + "/" + a))
        watcher.close()
        #expect(count.isSettled(at: read))
    }

    @Test func inotifyTellsAFinishedSaveFromOneStillBeingWritten() throws {
        let root = NSTemporaryDirectory() + "tracker-watch-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/content/incidents", withIntermediateDirectories: true)
        let watcher = try #require(InotifyWatcher(siteDirectory: root))
        defer { watcher.close() }
        let (a, part, b) = ("content/incidents/a.md", "content/incidents/b.part", "content/incidents/b.md")

        // Written and closed: finished.
        try Data("a".utf8).write(to: URL(fileURLWithPath: root + "/" + a))
        #expect(events(watcher, until: [a], finished: true) == [a])
        #expect(watcher.finishedSaving([a]))

        // Opened again and written, not closed yet: not finished; then closed.
        let handle = try #require(FileHandle(forWritingAtPath: root + "/" + a))
        try handle.write(contentsOf: Data("b".utf8))
        #expect(events(watcher, until: [a], finished: false) == [a])
        #expect(!watcher.finishedSaving([a]))
        try handle.close()
        #expect(events(watcher, until: [a], finished: true) == [a])
        #expect(watcher.finishedSaving([a]))

        // A temporary file renamed into place (`sed -i`, "safe write"), over a file or not: both names are finished.
        for _ in 0..<2 {
            try Data("b".utf8).write(to: URL(fileURLWithPath: root + "/" + part))
            #expect(events(watcher, until: [part], finished: true).contains(part))
            #expect(rename(root + "/" + part, root + "/" + b) == 0)
            #expect(events(watcher, until: [part, b], finished: false) == [part, b])
            #expect(watcher.finishedSaving([b]))
            #expect(watcher.finishedSaving([a, part, b]))
        }

        // Renamed away, to a name that is no content (an editor's backup before it writes the new file): not finished.
        let backup = b + ".bak"
        #expect(rename(root + "/" + b, root + "/" + backup) == 0)
        #expect(events(watcher, until: [b, backup], finished: false) == [b, backup])
        #expect(!watcher.finishedSaving([b]))
        try Data("c".utf8).write(to: URL(fileURLWithPath: root + "/" + b))
        #expect(events(watcher, until: [b], finished: true) == [b])
        #expect(watcher.finishedSaving([b]))

        // Deleted: not a finished save.
        try FileManager.default.removeItem(atPath: root + "/" + b)
        #expect(events(watcher, until: [b], finished: false) == [b])
        #expect(!watcher.finishedSaving([b]))
        #expect(watcher.finishedSaving([a]))
    }

    /// A file is being written from its first write (or its creation) to its close: truncated and not yet written
    /// again, it is empty, and a build then would report that. A link or a pipe made in place is no save.
    @Test func inotifyKnowsAFileStillOpenForWriting() throws {
        let root = NSTemporaryDirectory() + "tracker-watch-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/content/incidents", withIntermediateDirectories: true)
        let watcher = try #require(InotifyWatcher(siteDirectory: root))
        defer { watcher.close() }
        let (a, b, link, pipe) = ("content/incidents/a.md", "content/incidents/b.md", "content/incidents/l.md", "content/incidents/p.md")
        try Data("---\ntitle: A\n---\n".utf8).write(to: URL(fileURLWithPath: root + "/" + a))
        #expect(events(watcher, until: [a], finished: true) == [a])
        #expect(!watcher.beingWritten([a]))

        // Truncated: being written until closed, through a second write.
        let handle = try #require(FileHandle(forWritingAtPath: root + "/" + a))
        try handle.truncate(atOffset: 0)
        #expect(events(watcher, until: [a], finished: false) == [a])
        #expect(watcher.beingWritten([a]))
        #expect(!watcher.beingWritten([b]))
        try handle.write(contentsOf: Data("---\n".utf8))
        #expect(events(watcher, until: [a], finished: false) == [a])
        #expect(watcher.beingWritten([a, b]))
        try handle.close()
        #expect(events(watcher, until: [a], finished: true) == [a])
        #expect(!watcher.beingWritten([a]))

        // Created and not written yet: being written; deleted while open: no longer.
        let descriptor = open(root + "/" + b, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        #expect(descriptor >= 0)
        #expect(events(watcher, until: [b], finished: false) == [b])
        #expect(watcher.beingWritten([b]))
        #expect(unlink(root + "/" + b) == 0)
        #expect(events(watcher, until: [b], finished: false) == [b])
        #expect(!watcher.beingWritten([b]))
        #expect(Glibc.close(descriptor) == 0)  // the kernel reports the close under the name the file had
        #expect(events(watcher, until: [b], finished: true) == [b])
        #expect(!watcher.beingWritten([b]))

        // A link and a pipe made in place: changes, never open for writing.
        try FileManager.default.createSymbolicLink(atPath: root + "/" + link, withDestinationPath: "a.md")
        #expect(mkfifo(root + "/" + pipe, 0o644) == 0)
        #expect(events(watcher, until: [link, pipe], finished: false) == [link, pipe])
        #expect(!watcher.beingWritten([link, pipe]))
    }
    #endif
}

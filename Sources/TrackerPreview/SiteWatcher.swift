import Foundation
import Synchronization
import TrackerCore

/// Watches a site's `content/`, `templates/` and `static/` folders and reports changes in batches.
///
/// A batch is delivered once the folders have been quiet for a while (or after `maximumDelay` of
/// continuous changes), so a burst of saves or a `git checkout` of many files makes one rebuild.
/// The wait is short (`quietPeriod`, 20 ms) while one file has changed: an editor's save comes in far
/// less, and every millisecond of it delays the reload. Shorter still (`settledQuietPeriod`, 5 ms) when
/// the source saw that file's save finish (closed after writing, or renamed into place): what is left
/// to wait for is a second file of a burst, and a burst's files come microseconds apart. A file deleted
/// or renamed away is not a finished save (an editor saving by rename writes the new file next), unless
/// it was renamed onto a content or theme file: a temporary file put in place (`sed -i`, "safe write").
/// Once several files have changed, it is a bulk change that may be slowed by a busy machine, and the
/// wait grows to `burstQuietPeriod` (60 ms). A file written and not closed yet is waited for, whatever the
/// quiet, until it is closed or `maximumDelay` has passed: a writer truncates a file before it writes it
/// again, and a busy machine (CI, two cores, a build and the tests) once paused a save between the two for
/// longer than 20 ms, and the preview built the empty file and showed its error.
/// On Linux it uses inotify (exact paths at once, no cost while idle, which a 10,000-file site needs);
/// elsewhere, or when inotify cannot be set up, it polls file stamps.
public final class SiteWatcher: Sendable {
    public let siteDirectory: String
    let quietPeriod: Duration
    let settledQuietPeriod: Duration
    let burstQuietPeriod: Duration
    let maximumDelay: Duration
    let pollInterval: Duration
    let deliver: @Sendable (SiteChanges) -> Void
    /// The readings that found changes (inotify only): `deliver` may read it for the batch it is given.
    let count: ChangeCount
    private let stopRequested = Atomic<Bool>(false)

    public convenience init(siteDirectory: String, quietPeriod: Duration = .milliseconds(20), settledQuietPeriod: Duration = .milliseconds(5),
                            burstQuietPeriod: Duration = .milliseconds(60), maximumDelay: Duration = .seconds(2),
                            pollInterval: Duration = .milliseconds(300), deliver: @escaping @Sendable (SiteChanges) -> Void) {
        self.init(siteDirectory: siteDirectory, quietPeriod: quietPeriod, settledQuietPeriod: settledQuietPeriod, burstQuietPeriod: burstQuietPeriod,
                  maximumDelay: maximumDelay, pollInterval: pollInterval, count: ChangeCount(), deliver: deliver)
    }

    init(siteDirectory: String, quietPeriod: Duration = .milliseconds(20), settledQuietPeriod: Duration = .milliseconds(5),
         burstQuietPeriod: Duration = .milliseconds(60), maximumDelay: Duration = .seconds(2),
         pollInterval: Duration = .milliseconds(300), count: ChangeCount, deliver: @escaping @Sendable (SiteChanges) -> Void) {
        self.count = count
        self.siteDirectory = siteDirectory
        self.quietPeriod = quietPeriod
        self.settledQuietPeriod = settledQuietPeriod
        self.burstQuietPeriod = burstQuietPeriod
        self.maximumDelay = maximumDelay
        self.pollInterval = pollInterval
        self.deliver = deliver
    }

    /// Starts watching on a thread of its own; returns once the folders are watched, so no later save is missed.
    /// Returns how it watches, for the startup message.
    @discardableResult
    public func start(forcePolling: Bool = false) -> String {
        let source: any ChangeSource
        let mechanism: String
        #if os(Linux)
        if !forcePolling, let inotify = InotifyWatcher(siteDirectory: siteDirectory, count: count) {
            (source, mechanism) = (inotify, "inotify")
        } else {
            (source, mechanism) = (PollingWatcher(siteDirectory: siteDirectory), "polling every \(pollInterval)")
        }
        #else
        (source, mechanism) = (PollingWatcher(siteDirectory: siteDirectory), "polling every \(pollInterval)")
        #endif
        // A commit or a checkout changes the records' history: HEAD and its branch are looked at on every turn.
        let git = GitHeadWatch(siteDirectory: siteDirectory)
        let gitSignature = git?.signature()
        // The source is used by the watcher thread only from here on.
        nonisolated(unsafe) let owned = source
        let thread = Thread { [self] in run(owned, git: git, gitSignature: gitSignature) }
        thread.name = "tracker-watcher"
        thread.start()
        return mechanism
    }

    public func stop() {
        stopRequested.store(true, ordering: .relaxed)
    }

    /// Collects changes until the folders are quiet, then delivers them; returns when stopped.
    func run(_ source: some ChangeSource, git: GitHeadWatch? = nil, gitSignature: [Data?]? = nil) {
        var pending = SiteChanges()
        var firstPending: ContinuousClock.Instant?
        let clock = ContinuousClock()
        var gitSignature = gitSignature
        while !stopRequested.load(ordering: .relaxed) {
            let quiet = pending.rescan || pending.paths.filter(SiteChanges.isSource).count > 1 ? burstQuietPeriod
                : source.finishedSaving(pending.paths) ? settledQuietPeriod : quietPeriod
            let wait: Duration
            if !source.usesEvents {
                wait = pollInterval
            } else if let first = firstPending {
                // A file still open for writing is waited for until it is closed, up to `maximumDelay`.
                wait = source.beingWritten(pending.paths) ? max(.milliseconds(1), maximumDelay - (clock.now - first)) : quiet
            } else {
                wait = .milliseconds(250)
            }
            var changes = source.next(waitingAtMost: wait)
            if let git {
                let signature = git.signature()
                if signature != gitSignature {
                    gitSignature = signature
                    changes.paths.insert(GitHistory.changeMarker)
                }
            }
            if !changes.isEmpty {
                pending.merge(changes)
                if firstPending == nil { firstPending = clock.now }
            }
            guard !pending.isEmpty, let first = firstPending else { continue }
            if changes.isEmpty || clock.now - first >= maximumDelay {
                deliver(pending)
                pending = SiteChanges()
                firstPending = nil
            }
        }
        source.close()
    }
}

/// A way of noticing changes: returns what changed within the wait, or nothing.
protocol ChangeSource {
    /// True when changes arrive as events (wait for a quiet period); false when found by scanning (wait a scan interval).
    var usesEvents: Bool { get }
    func next(waitingAtMost wait: Duration) -> SiteChanges
    /// True when the last thing seen happen to each of `paths` was a finished save: the file closed after
    /// writing, or renamed into place. False when the source cannot tell.
    func finishedSaving(_ paths: Set<String>) -> Bool
    /// True when one of `paths` was written and is still open for writing: its writer is not done, and a
    /// build now may read half a file. False when the source cannot tell.
    func beingWritten(_ paths: Set<String>) -> Bool
    func close()
}

extension Duration {
    var milliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}

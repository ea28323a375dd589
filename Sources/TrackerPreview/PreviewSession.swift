import Foundation
import TrackerCore

/// Runs the builds of one preview, one at a time (an actor, so a burst of saves never races), and
/// after each swaps the served site and tells the pages (a page reloads only once its new files are
/// served). The build lives in memory only: the preview never writes the output folder, so `public/`
/// holds only what `tracker build` or `tracker publish` made, and `tracker build`'s cache stays valid.
public actor PreviewSession {
    public struct Report: Sendable, Equatable {
        public var succeeded: Bool
        public var changedFiles: Int
        public var renderedPages: Int
        public var decodedFiles: Int
        public var milliseconds: Double
    }

    let engine: IncrementalBuild
    public nonisolated let site: ServedSite
    /// Where the build keeps its pages of single items and its fragments, out of the heap (nil: in the heap).
    public nonisolated let pageStore: PageStore?
    let console: Console
    /// Compare every rebuild with a full build (tests; `TRACKER_VERIFY_INCREMENTAL=1`).
    let verify: Bool
    /// A comparison was put off because the site changed while it ran: made after the next rebuild, even one
    /// that changes nothing.
    var comparisonOwed = false
    /// Print where each rebuild spent its time (`TRACKER_SERVE_TIMINGS=1`).
    let showTimings = ProcessInfo.processInfo.environment["TRACKER_SERVE_TIMINGS"] == "1"

    public init(options: BuildOptions, site: ServedSite, console: Console, verify: Bool = false) {
        engine = IncrementalBuild(options: options)
        pageStore = engine.pageStore
        self.site = site
        self.console = console
        self.verify = verify
    }

    /// Builds after `changes` (nil: everything, as at start) and publishes the result; nil when nothing changed.
    /// `settled`, when given, tells whether the site's files are still as they were when `changes` were seen:
    /// a comparison with a full build (`verify`) that differs while they are not is put off (`comparisonOwed`).
    @discardableResult
    public func rebuild(_ changes: SiteChanges?, settled: (@Sendable () -> Bool)? = nil) -> Report? {
        let paths = changes.flatMap { $0.rescan ? nil : $0.paths }
        let started = ContinuousClock.now
        let cpuStarted = showTimings ? Self.processCPUMilliseconds() : 0
        let faultsStarted = showTimings ? Self.processPageFaults() : 0
        switch engine.rebuild(changedPaths: paths) {
        case .unchanged:
            if verify && comparisonOwed { compareWithAFullBuild(settled: settled) }
            return nil
        case .failed(let list):
            // A page that repeats an id exists only in memory: its lines come from there.
            let problems = list.diagnostics.map { BuildProblem($0, contents: engine.failedPages[$0.path]) }
            if problems != site.snapshot.problems {
                let count = problems.count
                console.error(problems.map(\.terminalText).joined(separator: "\n") + "\n\(count) error\(count == 1 ? "" : "s") found; still serving the last good build\n")
            }
            site.publish(problems: problems)
            return Report(succeeded: false, changedFiles: 0, renderedPages: 0, decodedFiles: 0, milliseconds: milliseconds(since: started))
        case .built(let output):
            let built = ContinuousClock.now
            let hadProblems = !site.snapshot.problems.isEmpty
            let changed = output.changed + output.removed
            if output.isFirst || !changed.isEmpty || hadProblems {
                site.publish(files: output.files, changed: output.isFirst ? nil : changed)
            }
            let published = ContinuousClock.now
            let cpu = showTimings ? Self.processCPUMilliseconds() - cpuStarted : 0
            let faults = showTimings ? Self.processPageFaults() - faultsStarted : 0
            engine.releaseRetired()
            // Announced: the site-wide pages it made leave the heap for files of their own.
            if let settled = engine.settle() { site.replace(files: settled) }
            let report = Report(succeeded: true, changedFiles: changed.count, renderedPages: output.renderedPages,
                                decodedFiles: output.decodedFiles, milliseconds: Self.milliseconds(published - started))
            if hadProblems { console.out("Fixed: the site builds again\n") }
            if output.isFirst && hadProblems {
                // The first build to succeed, after a start with errors (the first of all is reported by the service).
                let files = site.snapshot.files?.count ?? 0
                console.out(String(format: "Built %d file%@ in %.2f s\n", files, files == 1 ? "" : "s", report.milliseconds / 1000))
            } else if !output.isFirst {
                console.out(String(format: "Rebuilt in %.0f ms: %d file%@ changed (%d re-rendered, %d decoded)\n",
                                   report.milliseconds, report.changedFiles, report.changedFiles == 1 ? "" : "s",
                                   report.renderedPages, report.decodedFiles))
            }
            if showTimings {
                let steps = engine.lastTimings.map { String(format: "%@ %.1f ms", $0.step, $0.milliseconds) }
                let publish = Self.milliseconds(published - built)
                let slowest = engine.slowestPages.map { String(format: "%@ %.1f ms", $0.path, $0.milliseconds) }
                // CPU time of the whole process until the event: unlike the steps' wall times, not inflated by a busy machine.
                console.out("  " + steps.joined(separator: ", ") + String(format: ", publish %.1f ms; cpu %.1f ms, %d page faults\n", publish, cpu, faults)
                            + "  slowest pages: " + slowest.joined(separator: ", ") + "\n")
            }
            if verify { compareWithAFullBuild(settled: settled) }
            return report
        }
    }

    /// Compares the last good build with a full build of the site's files as they are now (`verify`). A difference
    /// found after the files changed again (`settled` false) is no fault of the rebuild: the comparison is made
    /// again after the next one, which those changes bring.
    func compareWithAFullBuild(settled: (@Sendable () -> Bool)?) {
        let stale = engine.verify()
        if stale.isEmpty {
            comparisonOwed = false
            // The positive signal a test waits for before it asserts that no warning came.
            console.out("Verified: the same files as a full build\n")
        } else if let settled, !settled() {
            comparisonOwed = true
            console.out("Not compared: the site changed while this build was compared with a full build; compared after the next one\n")
        } else {
            comparisonOwed = false
            console.error("warning: the incremental build differs from a full build in \(stale.count) file(s): \(stale.prefix(10).joined(separator: ", "))\n")
        }
    }

    /// What the process has used so far.
    static func processUsage() -> rusage {
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        return usage
    }

    /// User and system time of the process so far.
    static func processCPUMilliseconds() -> Double {
        let usage = processUsage()
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000 + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000
    }

    /// Page faults of the process so far (minor ones: memory touched afresh, or a page of a file already in memory).
    static func processPageFaults() -> Int {
        let usage = processUsage()
        return usage.ru_minflt + usage.ru_majflt
    }

    func milliseconds(since start: ContinuousClock.Instant) -> Double { Self.milliseconds(ContinuousClock.now - start) }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }
}

/// Where the preview writes what it has to say: standard output and standard error, or a test's buffer.
public struct Console: Sendable {
    public let out: @Sendable (String) -> Void
    public let error: @Sendable (String) -> Void

    public init(out: @escaping @Sendable (String) -> Void, error: @escaping @Sendable (String) -> Void) {
        self.out = out
        self.error = error
    }

    public static let standard = Console(
        out: { text in FileHandle.standardOutput.write(Data(text.utf8)) },
        error: { text in FileHandle.standardError.write(Data(text.utf8)) })
}

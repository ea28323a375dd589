import Foundation
import Testing

/// Faults during a build: `tracker build` killed with SIGKILL at every stage of a 2,000-incident
/// build, two processes writing one output, and a disk that fills up. After each, the previous
/// output is whole (or, once the new one is in place, the new one), and the next build succeeds and
/// leaves nothing behind.
@Suite(.serialized) struct BuildFaultTests {
    /// The entries a site folder holds after a clean build: no staging folder, lock file or temporary record.
    static let cleanSite = [".tracker-cache", "content", "public"]
    static let cleanCache = [".gitignore", "build-manifest"]

    func leftovers(_ site: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: site).sorted()) ?? []
        let cache = (try? FileManager.default.contentsOfDirectory(atPath: site + "/.tracker-cache").sorted()) ?? []
        return entries.filter { !Self.cleanSite.contains($0) } + cache.filter { !Self.cleanCache.contains($0) }.map { ".tracker-cache/" + $0 }
    }

    func build(_ site: TemporaryFolder, environment: [String: String] = [:]) throws -> TrackerBinary.Result {
        try TrackerBinary.run(["build"], in: site.path, environment: environment)
    }

    /// One generated site for both checks, each build of it taking seconds: every build is needed.
    @Test func aKilledBuildLeavesTheOutputWholeAndTwoBuildsAtOnceEndWithOneSite() throws {
        let site = try FaultCorpus.site()
        let output = site.path + "/public"
        // Two versions of the site that differ on every page: the title is on each.
        let config = try site.read("content/site.yml")
        let versions = [config, config.replacingOccurrences(of: "title: Synthetic Shutdown Tracker", with: "title: Synthetic Shutdown Tracker, edited")]
        #expect(versions[0] != versions[1])
        var digests: [String] = []
        var seconds = 0.0
        for version in versions {
            try site.write("content/site.yml", version)
            let started = Date()
            let result = try build(site)
            seconds = Date().timeIntervalSince(started)
            #expect(result.status == 0, "\(result.stderr)")
            digests.append(try treeDigest(output))
        }
        #expect(digests[0] != digests[1])
        let files = try fileSizes(output).count
        #expect(files > 2000)

        // Every stage of a build, in order, then moments picked by time across a whole build.
        let points = ["locked", "staging", "files:1", "files:\(files / 2)", "staged", "swapped", "cache-written"]
        var current = 1
        var survived: [String] = []
        for kill in points.map({ Kill.point($0) }) + [0.3, 0.7].map({ Kill.after($0 * seconds) }) {
            let next = 1 - current
            try site.write("content/site.yml", versions[next])
            // A kill by time may come after the build swapped its output in, or after it finished and
            // recorded its cache (on a slow machine): then the next build may find nothing to do.
            var mayBeUpToDate = false
            switch kill {
            case .point(let point):
                let killed = try build(site, environment: ["TRACKER_KILL_AT": point])
                #expect(killed.signal == SIGKILL, "\(point): \(killed.status) \(killed.stderr)")
                // Once the new output has taken the old one's place, the new one is whole.
                let expected = ["swapped", "cache-written"].contains(point) ? digests[next] : digests[current]
                #expect(try treeDigest(output) == expected, "killed at \(point)")
            case .after(let delay):
                let running = try RunningTracker(["build"], in: site.path)
                Thread.sleep(forTimeInterval: delay)  // the moment of the kill, not a wait for a condition
                running.kill()
                let digest = try treeDigest(output)
                #expect(digest == digests[current] || digest == digests[next], "killed after \(delay) s")
                mayBeUpToDate = digest == digests[next]
            }
            let rebuilt = try build(site)
            #expect(rebuilt.status == 0, "after \(kill): \(rebuilt.stderr)")
            #expect(rebuilt.stdout.hasPrefix("Built ") || (mayBeUpToDate && rebuilt.stdout.hasPrefix("Nothing changed since the last build")),
                    "after \(kill): \(rebuilt.stdout)")
            #expect(rebuilt.stderr == "")
            #expect(try treeDigest(output) == digests[next], "the build after \(kill)")
            #expect(leftovers(site.path) == [], "after \(kill)")
            survived.append("\(kill)")
            current = next
        }
        print("Survived SIGKILL at \(survived.joined(separator: ", ")) (\(files) files; a build took \(String(format: "%.2f", seconds)) s)")

        // Two builds at once: one builds; the other waits for it, then finds the output up to date (or,
        // if it started after the first had finished, finds it so at once).
        try site.write("content/site.yml", versions[1 - current])
        let builds = try [RunningTracker(["build"], in: site.path), RunningTracker(["build"], in: site.path)]
        let results = builds.map { $0.wait() }
        for result in results {
            #expect(result.status == 0, "\(result.stderr)")
            // The pid is named when the holder has written it into the lock file yet (it locks first).
            #expect(result.stderr == "" || (result.stderr.hasPrefix("note: another tracker process ")
                                            && result.stderr.hasSuffix(" is writing public; waiting for it to finish\n")), "\(result.stderr)")
        }
        #expect(results.filter { $0.stdout.hasPrefix("Built ") }.count == 1, "\(results.map(\.stdout))")
        #expect(results.filter { $0.stdout.hasPrefix("Nothing changed since the last build") }.count == 1, "\(results.map(\.stdout))")
        #expect(try treeDigest(output) == digests[1 - current])
        #expect(leftovers(site.path) == [])
    }

    enum Kill: CustomStringConvertible {
        case point(String)
        case after(Double)

        var description: String {
            switch self {
            case .point(let point): point
            case .after(let seconds): String(format: "%.2f s", seconds)
            }
        }
    }

    /// Holds an output's lock as another tracker process would, from this process.
    final class HeldLock {
        let path: String
        let descriptor: Int32

        init(_ path: String) throws {
            self.path = path
            // Close-on-exec: a child process that kept the descriptor would keep the lock.
            descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            try #require(descriptor >= 0 && flock(descriptor, LOCK_EX) == 0)
            let pid = Array("\(getpid())\n".utf8)
            _ = pwrite(descriptor, pid, pid.count, 0)
        }

        /// As tracker does: the file goes first, then the lock.
        func release() {
            unlink(path)
            close(descriptor)
        }
    }

    func exampleSite() throws -> TemporaryFolder {
        let site = try TemporaryFolder()
        try copyFolder(TrackerBinary.packageRoot + "/content", to: site.path + "/content")
        return site
    }

    func editAboutPage(_ site: TemporaryFolder) throws {
        let path = "content/pages/about.md"
        try site.write(path, try site.read(path).replacingOccurrences(of: "title: ", with: "title: Edited "))
    }

    @Test func aBuildWaitsForTheProcessWritingItsOutputThenBuilds() throws {
        let site = try exampleSite()
        #expect(try build(site).status == 0)
        let before = try treeDigest(site.path + "/public")
        try editAboutPage(site)
        let lock = try HeldLock(site.path + "/.public.lock")
        let waiting = try RunningTracker(["build"], in: site.path)
        let note = "note: another tracker process (pid \(getpid())) is writing public; waiting for it to finish\n"
        #expect(waiting.waitForStderr(note), "\(waiting.stderr)")
        #expect(waiting.isRunning)
        #expect(try treeDigest(site.path + "/public") == before)
        lock.release()
        let result = waiting.wait()
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("Built "))
        #expect(result.stderr == note)
        #expect(try site.read("public/about/index.html").contains("Edited "))
        #expect(leftovers(site.path) == [])
    }

    /// Found by hand: under `ulimit -n 16` the example site's build died of SIGILL with no message (libdispatch
    /// could not open a descriptor of its own). The soft limit is raised to the hard one before `main`; a hard
    /// limit too low to work with is an error before anything is read or written. Run through `sh`, which sets them.
    @Test func aLowOpenFileLimitIsRaisedOrRefusedWithAnError() throws {
        let site = try exampleSite()
        func run(_ limit: String, _ arguments: String) throws -> TrackerBinary.Result {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit \(limit) 16 && exec \"$0\" \(arguments)", TrackerBinary.path]
            process.currentDirectoryURL = URL(fileURLWithPath: site.path)
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            let stdout = out.fileHandleForReading.readDataToEndOfFile(), stderr = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return TrackerBinary.Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                                        stderr: String(decoding: stderr, as: UTF8.self),
                                        signal: process.terminationReason == .uncaughtSignal ? process.terminationStatus : nil)
        }
        // The soft limit only: raised, and the build is whole.
        let raised = try run("-Sn", "build")
        #expect(raised.status == 0 && raised.signal == nil, "\(raised.stderr)")
        #expect(raised.stderr == "")
        #expect(raised.stdout.hasPrefix("Built "))
        #expect(FileManager.default.fileExists(atPath: site.path + "/public/index.html"))
        try FileManager.default.removeItem(atPath: site.path + "/public")

        // Both limits: an error, and nothing written.
        let low = try run("-n", "build")
        #expect(low.status == 1 && low.signal == nil)
        #expect(low.stderr == "error: this process may open only 16 files at once, and tracker needs 64: raise the limit (ulimit -n 1024)\n")
        #expect(low.stdout == "")
        #expect(!FileManager.default.fileExists(atPath: site.path + "/public"))
        // Asking for the version or the help still works.
        let version = try run("-n", "--version")
        #expect(version.status == 0 && version.stdout.hasPrefix("tracker "), "\(version.stderr)")
    }

    /// Where the kernel gives huge pages to memory that asks (`[madvise]`), `build` of a site of 30,000
    /// incidents or more runs itself again with glibc's allocator asking (`GLIBC_TUNABLES`), as the same
    /// process; a tunable already set is left as it is (how a user turns it off); a smaller site, or a
    /// kernel that does not give them on request, gets nothing added; either way the process is still
    /// called "tracker". Seen in the environment and name of the build while it waits for the output's
    /// lock (before it reads the incidents, which here are empty files: only their number counts).
    @Test func aLargeSitesBuildRunsWithGlibcAskingForHugePagesWhereTheKernelGivesThem() throws {
        let small = try exampleSite(), large = try exampleSite()
        for number in 0 ..< 30_000 {
            #expect(FileManager.default.createFile(atPath: large.path + "/content/incidents/zz-\(number).md", contents: nil))
        }
        let setting = try? String(contentsOfFile: "/sys/kernel/mm/transparent_hugepage/enabled", encoding: .utf8)
        let asks = setting?.contains("[madvise]") == true
        var environment = ProcessInfo.processInfo.environment
        environment["GLIBC_TUNABLES"] = nil
        let cases: [(site: TemporaryFolder, siteArgument: Bool, given: String?, expected: String?)] = [
            (large, false, nil, asks ? "glibc.malloc.hugetlb=1" : nil),
            (large, true, nil, asks ? "glibc.malloc.hugetlb=1" : nil),
            (large, false, "glibc.malloc.hugetlb=0", "glibc.malloc.hugetlb=0"),
            (small, false, nil, nil),
            (small, true, nil, nil),
        ]
        // (glibc ends the variable's text in place after the first tunable it reads, so the environment
        // shows only the first of several: adding to other tunables is checked in `HugePagesTestSuite`.)
        for (site, siteArgument, given, expected) in cases {
            let lock = try HeldLock(site.path + "/.public.lock")
            defer { lock.release() }
            environment["GLIBC_TUNABLES"] = given
            let arguments = siteArgument ? ["build", "--site", site.path] : ["build"]
            let waiting = try RunningTracker(arguments, in: siteArgument ? NSTemporaryDirectory() : site.path, environment: environment)
            let note = "note: another tracker process (pid \(getpid())) is writing \(siteArgument ? site.path + "/public" : "public"); waiting for it to finish\n"
            #expect(waiting.waitForStderr(note), "\(waiting.stderr)")
            let environ = try Data(contentsOf: URL(fileURLWithPath: "/proc/\(waiting.process.processIdentifier)/environ"))
            let tunables = environ.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }.filter { $0.hasPrefix("GLIBC_TUNABLES=") }
            #expect(tunables == (expected.map { ["GLIBC_TUNABLES=" + $0] } ?? []),
                    "\(site === large ? "large" : "small") site, --site \(siteArgument), given \(given ?? "none"), kernel \(setting ?? "none")")
            // Started again or not, the process keeps its name (`ps`, `pkill tracker`).
            let name = try String(contentsOfFile: "/proc/\(waiting.process.processIdentifier)/comm", encoding: .utf8)
            #expect(name == "tracker\n", "\(site === large ? "large" : "small") site, --site \(siteArgument), given \(given ?? "none")")
            waiting.kill()
        }
    }

    @Test func publishToAFolderTakesItsLockToo() throws {
        let site = try exampleSite()
        let target = URL(fileURLWithPath: site.path + "/out").resolvingSymlinksInPath().path
        let lock = try HeldLock(URL(fileURLWithPath: site.path).resolvingSymlinksInPath().path + "/.out.lock")
        let waiting = try RunningTracker(["publish", "--to", "out"], in: site.path)
        let note = "note: another tracker process (pid \(getpid())) is writing \(target); waiting for it to finish\n"
        #expect(waiting.waitForStderr(note), "\(waiting.stderr)")
        #expect(!FileManager.default.fileExists(atPath: site.path + "/out"))
        lock.release()
        let result = waiting.wait()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == note)
        #expect(result.stdout.contains("Published "))
        #expect(FileManager.default.fileExists(atPath: site.path + "/out/index.html"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.path).sorted() == ["content", "out"])
    }

    /// A build whose writes fail (a file over `ulimit -f`, or a full disk) names the file and the
    /// reason, keeps the previous output exactly, and leaves nothing behind.
    func writeErrorKeepsTheOutput(_ site: TemporaryFolder, output: String, limit: [String] = [], reason: String,
                                  makeRoom: () throws -> Void = {}) throws {
        let before = try treeDigest(site.path + "/" + output)
        try editAboutPage(site)
        let failed = try RunningTracker(command: limit + [TrackerBinary.path, "build", "--output", output], in: site.path).wait()
        #expect(failed.status == 1)
        #expect(failed.stdout == "")
        let pattern = try Regex("^error: cannot write \(NSRegularExpression.escapedPattern(for: output))/([^\\n]+): \(reason)\\n$")
        let match = try #require(failed.stderr.wholeMatch(of: pattern), "\(failed.stderr)")
        let named = String(match.output[1].substring ?? "")
        #expect(!named.isEmpty && !named.hasPrefix("."), "\(failed.stderr)")
        #expect(try treeDigest(site.path + "/" + output) == before)
        let parent = ((site.path + "/" + output) as NSString).deletingLastPathComponent
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent).filter { $0.hasPrefix(".") && $0 != ".tracker-cache" } == [])
        // With room again, the build goes through.
        try makeRoom()
        let rebuilt = try TrackerBinary.run(["build", "--output", output], in: site.path)
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        #expect(try site.read(output + "/about/index.html").contains("Edited "))
    }

    /// `ulimit -f` (KB in bash) with SIGXFSZ ignored: a write past the limit fails with EFBIG.
    static func fileSizeLimit(kilobytes: Int) -> [String] {
        ["/bin/bash", "-c", "ulimit -f \(kilobytes) && trap '' XFSZ && exec \"$0\" \"$@\""]
    }

    /// A limit between the largest file of a build and the one below it: the largest (the search
    /// index) cannot be written, everything else can.
    func limitBelowTheLargestFile(_ output: String) throws -> Int {
        let largest = try #require(try fileSizes(output).max())
        return max(largest / 1024 - 1, 1)
    }

    @Test func aFileOverTheSizeLimitFailsTheBuildAndKeepsTheOutput() throws {
        let site = try exampleSite()
        #expect(try build(site).status == 0)
        let limit = try limitBelowTheLargestFile(site.path + "/public")
        try writeErrorKeepsTheOutput(site, output: "public", limit: Self.fileSizeLimit(kilobytes: limit), reason: "File too large")
    }

    @Test func aFullDiskFailsTheBuildAndKeepsTheOutput() throws {
        let site = try exampleSite()
        let disk = site.path + "/disk"
        try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)
        // A small tmpfs where the system lets this process mount one (root, as in the project's container);
        // elsewhere the same failure through `ulimit -f`, so the test never skips.
        guard try run(["/usr/bin/env", "mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", disk]) == 0 else {
            #expect(try build(site).status == 0)
            let limit = try limitBelowTheLargestFile(site.path + "/public")
            try writeErrorKeepsTheOutput(site, output: "public", limit: Self.fileSizeLimit(kilobytes: limit), reason: "File too large")
            return
        }
        defer { withExtendedLifetime(site) { _ = try? run(["/usr/bin/env", "umount", disk]) } }
        let first = try TrackerBinary.run(["build", "--output", "disk/public"], in: site.path)
        #expect(first.status == 0, "\(first.stderr)")
        // Room for the output and half of another copy: the next build's staging copy fills the disk.
        var info = statvfs()
        try #require(statvfs(disk, &info) == 0)
        let used = Int(info.f_blocks - info.f_bfree) * Int(info.f_bsize)
        try #require(try run(["/usr/bin/env", "mount", "-o", "remount,size=\(used + used / 2)", disk]) == 0)
        try writeErrorKeepsTheOutput(site, output: "disk/public", reason: "No space left on device") {
            try #require(try run(["/usr/bin/env", "mount", "-o", "remount,size=64m", disk]) == 0)
        }
    }

    func run(_ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// The size of every file below `folder`.
func fileSizes(_ folder: String) throws -> [Int] {
    try FileManager.default.subpathsOfDirectory(atPath: folder).compactMap { path -> Int? in
        let attributes = try FileManager.default.attributesOfItem(atPath: folder + "/" + path)
        return attributes[.type] as? FileAttributeType == .typeRegular ? (attributes[.size] as? Int) : nil
    }
}

/// A SHA-256 of every file and folder below `folder` (by `sha256sum`), one line each, sorted: equal
/// for two trees exactly when they hold the same files with the same bytes.
func treeDigest(_ folder: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", "cd \"$0\" && { find . -type d; find . ! -type d -exec sha256sum {} +; } | LC_ALL=C sort | sha256sum", folder]
    process.currentDirectoryURL = URL(fileURLWithPath: "/")
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0)
    return String(decoding: data, as: UTF8.self)
}

/// The content of a generated 2,000-incident site (`scripts/gen-corpus.py`), made once per test run
/// and removed when the tests exit.
enum FaultCorpus {
    static let content: String = {
        let folder = NSTemporaryDirectory() + "tracker-fault-corpus-" + UUID().uuidString
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", TrackerBinary.packageRoot + "/scripts/gen-corpus.py", "--incidents", "2000", "--seed", "14", "--out", folder]
        // Not the test process's working directory: a core test may have moved it into a site it is about to
        // remove (`TestSite.withCurrentDirectory`), and pyenv's python3 stops when it cannot enter it.
        process.currentDirectoryURL = URL(fileURLWithPath: TrackerBinary.packageRoot)
        process.standardOutput = FileHandle.nullDevice
        try! process.run()
        process.waitUntilExit()
        precondition(process.terminationStatus == 0, "scripts/gen-corpus.py failed")
        atexit { try? FileManager.default.removeItem(atPath: (FaultCorpus.content as NSString).deletingLastPathComponent) }
        return folder + "/content"
    }()

    /// A new site holding a copy of the corpus.
    static func site() throws -> TemporaryFolder {
        let site = try TemporaryFolder()
        try FileManager.default.copyItem(atPath: content, toPath: site.path + "/content")
        return site
    }
}

/// A `tracker` process running on its own, its output gathered as it comes.
final class RunningTracker: Sendable {
    let process: Process
    private let out = LockedText(), err = LockedText()

    /// `environment`: all of the process's environment (nil: this process's).
    convenience init(_ arguments: [String], in directory: String, environment: [String: String]? = nil) throws {
        try self.init(command: [TrackerBinary.path] + arguments, in: directory, environment: environment)
    }

    /// Runs `command` (the executable, then its arguments), e.g. a shell that sets a limit then runs tracker.
    init(command: [String], in directory: String, environment: [String: String]? = nil) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        if let environment { process.environment = environment }
        let outPipe = Pipe(), errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        for (pipe, text) in [(outPipe, out), (errPipe, err)] {
            pipe.fileHandleForReading.readabilityHandler = { handle in
                let data = handle.availableData
                text.text.withLock { $0 += String(decoding: data, as: UTF8.self) }
            }
        }
        try process.run()
    }

    var isRunning: Bool { process.isRunning }
    var stderr: String { err.text.withLock { $0 } }

    /// Waits until standard error holds `text` (true), or the process ends or 60 s pass (false).
    func waitForStderr(_ text: String) -> Bool {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if stderr.contains(text) { return true }
            if !process.isRunning { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return stderr.contains(text)
    }

    func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        _ = wait()
    }

    func wait() -> TrackerBinary.Result {
        process.waitUntilExit()
        // The pipes' last bytes may still be on their way to the handlers: read what remains.
        for (pipe, buffer) in [(process.standardOutput as! Pipe, out), (process.standardError as! Pipe, err)] {
            pipe.fileHandleForReading.readabilityHandler = nil
            let rest = pipe.fileHandleForReading.readDataToEndOfFile()
            buffer.text.withLock { $0 += String(decoding: rest, as: UTF8.self) }
        }
        return TrackerBinary.Result(status: process.terminationStatus, stdout: out.text.withLock { $0 }, stderr: stderr)
    }
}

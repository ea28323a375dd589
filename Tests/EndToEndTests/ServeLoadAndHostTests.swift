import Foundation
import Synchronization
import Testing
import TrackerTestSupport

/// The preview under concurrent load while edits rebuild it, and its `Host` rule. In the serialized
/// suite of `tracker serve` tests, so no other server competes for the two cores.
extension ServeEndToEndTestSuite {
    static let refusal = """
        Forbidden: this preview answers requests addressed to localhost, 127.0.0.1 or [::1], and the Host header named \
        something else (DNS rebinding protection). To allow a name, start tracker serve with --allowed-host NAME.

        """

    @Test func aRequestForAnotherHostNameIsRefused() throws {
        let site = try Self.fixture()
        let server = try ServeProcess(site: site.root)
        let http = RawHTTP(port: server.port)
        for host in ["evil.example", "evil.example:\(server.port)", "localhost.evil.example", "192.168.1.20:\(server.port)"] {
            for target in ["/", "/incidents/pk-x-2024/", "/__tracker/events", "/__tracker/live.js", "/no/such/page/"] {
                let response = try http.send("GET", target, host: host)
                #expect(response.status == 403, "\(host) \(target)")
                #expect(response.text == Self.refusal, "\(host) \(target)")
                #expect(response.headers["content-type"] == "text/plain; charset=utf-8")
            }
        }
        for host in ["localhost", "localhost:\(server.port)", "127.0.0.1:\(server.port)", "[::1]:\(server.port)", "tracker.localhost:\(server.port)"] {
            #expect(try http.send("GET", "/", host: host).status == 200, "\(host)")
        }
        #expect(!server.log.contains("warning:"), "a loopback preview warns of nothing: \(server.log)")
    }

    /// Found by hand: connections opened and left idle (19,990 of them, the descriptor limit 20,000) were held until
    /// their clients went, and the preview stopped accepting any. A connection that sends nothing (or a request it
    /// never finishes), or that waits after its answer, is now closed once idle for the idle timeout (60 s; half a
    /// second here); the live-reload stream, a response still being sent, stays open and brings the next reload.
    @Test func anIdleConnectionIsClosedAndTheLiveReloadStreamIsNot() throws {
        let site = try Self.fixture()
        let server = try ServeProcess(site: site.root, environment: ["TRACKER_VERIFY_INCREMENTAL": "1", "TRACKER_SERVE_IDLE_TIMEOUT": "0.5"])
        let events = try EventStream(port: server.port)
        _ = try #require(try events.next("hello"))
        let silent = try Socket(port: server.port, timeout: 0.1)
        let unfinished = try Socket(port: server.port, timeout: 0.1)
        try unfinished.write("GET / HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\n")
        let kept = try Socket(port: server.port, timeout: 0.1)
        try kept.write("GET /robots.txt HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\n\r\n")
        defer { for socket in [silent, unfinished, kept] { socket.close() } }
        // Each is closed by the server (the end of the stream), the kept one after its answer.
        var received: [Int32: Data] = [:]
        func closed(_ socket: Socket) -> Bool {
            do {
                guard let data = try socket.read() else { return true }
                received[socket.descriptor, default: Data()].append(data)
            } catch {}
            return false
        }
        let start = Date()
        for (name, socket) in [("silent", silent), ("unfinished", unfinished), ("kept", kept)] {
            #expect(server.waitUntil(timeout: 20) { closed(socket) }, "the \(name) connection is still open")
        }
        #expect(Date().timeIntervalSince(start) >= 0.4, "closed before the idle timeout")
        #expect(received[silent.descriptor] == nil && received[unfinished.descriptor] == nil)
        let answer = try RawHTTP.parse(received[kept.descriptor] ?? Data(), method: "GET")
        #expect(answer.status == 200 && answer.text.hasPrefix("User-agent: *"), "\(answer.text)")

        // The event stream, open longer than the timeout with nothing sent either way, still brings the reload.
        try site.write("content/incidents/pk-x-2024.md", try site.read("content/incidents/pk-x-2024.md")
            .replacingOccurrences(of: "title: X blocked in Pakistan", with: "title: X blocked across Pakistan"))
        let update = try #require(try events.next("update", timeout: 20), "no update after an edit:\n\(server.log)")
        #expect((update.json["changed"] as? [String] ?? []).contains("incidents/pk-x-2024/index.html"))
        #expect(try RawHTTP(port: server.port).get("/incidents/pk-x-2024/").text.contains("X blocked across Pakistan"))
        server.everyBuildMatchedAFullBuild(2)
    }

    @Test func exposedBeyondLoopbackItWarnsAndAnswersAddressesAndAllowedNames() throws {
        let site = try Self.fixture()
        let server = try ServeProcess(site: site.root, arguments: ["--port", "0", "--host", "0.0.0.0", "--allowed-host", "Preview.Test"])
        #expect(server.log.contains("""
            warning: serving on 0.0.0.0: reachable from other machines on your network, which can read every page of the preview; \
            it answers requests addressed to an IP address of this machine or localhost (add names with --allowed-host)

            """), "\(server.log)")
        let http = RawHTTP(port: server.port)
        for host in ["192.168.1.20:\(server.port)", "[fe80::1]:\(server.port)", "localhost:\(server.port)", "preview.test:\(server.port)"] {
            #expect(try http.send("GET", "/", host: host).status == 200, "\(host)")
        }
        let refused = try http.send("GET", "/", host: "evil.example:\(server.port)")
        #expect(refused.status == 403)
        #expect(refused.text.hasPrefix("Forbidden: this preview answers requests addressed to an IP address or localhost, "))
    }

    /// Clients fetch a mix of pages in a loop while edits rebuild the site: every response is a 200 with
    /// its whole body, every page is of one build (the version the edit wrote shows the same everywhere
    /// in it, and every response of one build generation shows the same version), the server's memory
    /// comes back near where it was, and live reload still arrives afterwards.
    @Test func underLoadEveryPageIsWholeAndOfOneBuildAndMemoryReturns() throws {
        let site = try Self.fixture()
        let incident = "content/incidents/pk-x-2024.md"
        func version(_ number: Int) -> String {
            TemporarySite.incident(title: "Load version \(number) of X blocked",
                                   body: "This is Load version \(number) of the text.")
        }
        try site.write(incident, version(0))
        // Not compared with a full build after each rebuild: the load test measures the preview as users run it.
        let server = try ServeProcess(site: site.root, environment: [:])
        let events = try EventStream(port: server.port)
        _ = try #require(try events.next("hello"))
        let check = LoadCheck(port: server.port)
        let targets = ["/", "/incidents/", "/incidents/pk-x-2024/", "/timeline/", "/feed.xml", "/data/incidents.json",
                       "/countries/pk/", "/assets/style.css", "/sources/dawn-2024/"]

        // Warm-up: the same load without edits, then the baseline.
        check.run(clients: 12, requestsEach: 40, targets: targets)
        #expect(check.failures.isEmpty, "\(check.failures.prefix(10))")
        let baseline = try #require(residentKiB(server.process.processIdentifier))

        let edits = 5
        let loaded = check.start(clients: 12, targets: targets)
        for number in 1...edits {
            try site.write(incident, version(number))
            var seen = false
            let deadline = Date().addingTimeInterval(20)
            while !seen, Date() < deadline, let update = try events.next("update", timeout: 20) {
                seen = (update.json["changed"] as? [String])?.contains("incidents/pk-x-2024/index.html") == true
            }
            #expect(seen, "edit \(number) reached no page under load:\n\(server.log)")
            // Let the clients see this version before the next edit.
            let after = check.count
            #expect(check.waitUntil(timeout: 10) { check.count >= after + 50 }, "the clients stalled after edit \(number)")
        }
        let peak = residentKiB(server.process.processIdentifier) ?? 0
        loaded.stop()
        #expect(check.failures.isEmpty, "\(check.failures.count) failures, first: \(check.failures.prefix(10))")
        #expect(check.count > 250, "only \(check.count) requests were made")
        #expect(check.versionsSeen == Set(0...edits), "the clients saw versions \(check.versionsSeen.sorted())")

        // Memory: the builds replaced by rebuilds are freed. Tolerance: 25% of the baseline plus 8 MiB (allocator slack).
        let limit = baseline + baseline / 4 + 8 * 1024
        let settled = check.waitUntil(timeout: 15) { (residentKiB(server.process.processIdentifier) ?? .max) <= limit }
        let after = residentKiB(server.process.processIdentifier) ?? 0
        print("Load test: \(check.count) requests, \(check.failures.count) failed or torn, versions \(check.versionsSeen.sorted()); "
              + "RSS baseline \(baseline) KiB, peak \(peak) KiB, after \(after) KiB (limit \(limit) KiB)")
        #expect(settled, "RSS after the load \(after) KiB > limit \(limit) KiB (baseline \(baseline) KiB, peak \(peak) KiB)")

        // Live reload still arrives, on the stream open all along and on a new one.
        let fresh = try EventStream(port: server.port)
        _ = try #require(try fresh.next("hello"))
        try site.write(incident, version(edits + 1))
        for stream in [events, fresh] {
            let update = try #require(try stream.next("update", timeout: 10), "no live reload after the load")
            #expect((update.json["changed"] as? [String])?.contains("incidents/pk-x-2024/index.html") == true, "\(update.data)")
        }
        #expect(try RawHTTP(port: server.port).get("/incidents/pk-x-2024/").text.contains("Load version \(edits + 1) of X blocked"))
    }
}

/// The resident set size of a process in KiB (Linux: `VmRSS` of /proc/PID/status).
func residentKiB(_ pid: Int32) -> Int? { processStatus(pid, "VmRSS:") }

/// The largest resident set size a process has had, in KiB (`VmHWM`).
func peakResidentKiB(_ pid: Int32) -> Int? { processStatus(pid, "VmHWM:") }

private func processStatus(_ pid: Int32, _ key: String) -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix(key) }) else { return nil }
    return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
}

/// Clients that fetch pages over loopback and check every response.
final class LoadCheck: Sendable {
    struct State {
        var count = 0
        var failures: [String] = []
        var versionsSeen: Set<Int> = []
        /// Build generation (from `Server-Timing`) → the version its pages show.
        var versionOfGeneration: [String: Int] = [:]
    }

    let port: Int
    private let state = Mutex(State())
    private let stopped = Mutex(false)

    init(port: Int) { self.port = port }

    var count: Int { state.withLock { $0.count } }
    var failures: [String] { state.withLock { $0.failures } }
    var versionsSeen: Set<Int> { state.withLock { $0.versionsSeen } }

    /// A run of clients that goes on until `stop()`.
    struct Running {
        let group: DispatchGroup
        let check: LoadCheck
        func stop() {
            check.stopped.withLock { $0 = true }
            if group.wait(timeout: .now() + 30) == .timedOut { check.fail("the clients did not stop in 30 s") }
        }
    }

    func start(clients: Int, targets: [String], requestsEach: Int? = nil) -> Running {
        stopped.withLock { $0 = false }
        let group = DispatchGroup()
        for client in 0..<clients {
            let thread = Thread { [self] in
                var made = 0
                while !stopped.withLock({ $0 }), made < (requestsEach ?? .max) {
                    fetch(targets[(client + made) % targets.count])
                    made += 1
                }
                group.leave()
            }
            group.enter()
            thread.start()
        }
        return Running(group: group, check: self)
    }

    /// Runs `requestsEach` requests per client and waits for them.
    func run(clients: Int, requestsEach: Int, targets: [String]) {
        start(clients: clients, targets: targets, requestsEach: requestsEach).stop()
    }

    func fail(_ message: String) { state.withLock { $0.failures.append(message) } }

    func fetch(_ target: String) {
        let response: RawHTTP.Response
        do {
            response = try RawHTTP(port: port).get(target)
        } catch {
            return fail("\(target): \(error)")
        }
        let versions = Set(Self.versions(in: response.text))
        let generation = response.headers["server-timing"] ?? ""
        state.withLock { state in
            state.count += 1
            var problems: [String] = []
            if response.status != 200 { problems.append("status \(response.status)") }
            if response.headers["content-length"] != String(response.body.count) {
                problems.append("\(response.body.count) bytes, Content-Length \(response.headers["content-length"] ?? "none")")
            }
            if response.headers["content-type"]?.hasPrefix("text/html") == true {
                if !response.text.hasSuffix("</html>\n") { problems.append("the page does not end with </html>") }
                if versions.isEmpty && target == "/incidents/pk-x-2024/" { problems.append("the page shows no version") }
            }
            if versions.count > 1 { problems.append("versions \(versions.sorted()) in one response") }
            if let version = versions.first {
                state.versionsSeen.insert(version)
                if let known = state.versionOfGeneration[generation], known != version {
                    problems.append("generation \(generation) showed version \(known) elsewhere and \(version) here")
                }
                state.versionOfGeneration[generation] = version
            }
            if !problems.isEmpty { state.failures.append("\(target): " + problems.joined(separator: "; ")) }
        }
    }

    /// The numbers N of every "Load version N" in a response.
    static func versions(in text: String) -> [Int] {
        text.components(separatedBy: "Load version ").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
    }

    /// Polls `condition` until it holds or the deadline passes.
    func waitUntil(timeout: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return condition()
    }
}

import Foundation
import Synchronization

/// How `tracker check --links` fetches.
public struct LinkCheckOptions: Sendable {
    /// Seconds to wait for an answer's headers.
    public var timeout: Double = 15
    /// Further attempts after a timeout, a reset connection, a 5xx or a 429 answer.
    public var retries = 2
    /// A result younger than this (seconds) is taken from the cache.
    public var maxAge: Double = 3 * 86_400
    /// Seconds between the starts of two requests to one host.
    public var hostDelay: Double = 1
    /// Requests to one host at once.
    public var perHost = 2
    /// Hosts checked at once.
    public var hosts = 8
    public var maxRedirects = 10
    /// The first retry waits this long (seconds), each next one twice as long.
    public var backoff: Double = 0.5
    /// The most a `Retry-After` header can make a retry wait (seconds).
    public var maxRetryAfter: Double = 30
    public var now = Date()

    public init() {}

    /// "7d", "12h", "30m", "45s" or a number of seconds; nil when it is none of those.
    public static func duration(_ text: String) -> Double? {
        let units: [Character: Double] = ["d": 86_400, "h": 3_600, "m": 60, "s": 1]
        if let last = text.last, let unit = units[last], let value = Double(text.dropLast()), value >= 0 { return value * unit }
        if let value = Double(text), value >= 0 { return value }
        return nil
    }
}

/// One line of the report: `path:line:col: error: message` or `… warning: …`.
public struct LinkFinding: Sendable, Comparable, CustomStringConvertible {
    public let path: String
    public let location: SourceLocation
    public let isError: Bool
    public let message: String

    public var description: String {
        "\(path):\(location.line):\(location.column): \(isError ? "error" : "warning"): \(message)"
    }

    public static func < (lhs: LinkFinding, rhs: LinkFinding) -> Bool {
        (lhs.path, lhs.location.line, lhs.location.column, lhs.message) < (rhs.path, rhs.location.line, rhs.location.column, rhs.message)
    }
}

public struct LinkCheckReport: Sendable {
    /// Sorted by file and position.
    public var findings: [LinkFinding] = []
    public var checked = 0, ok = 0, moved = 0, dead = 0, blocked = 0, fromCache = 0
    public var hasErrors: Bool { findings.contains(where: \.isError) }

    /// "12 links checked, 8 ok, 1 moved, 2 dead, 5 from cache" (and how many refused the check, when any did).
    public var summary: String {
        "\(checked) link\(checked == 1 ? "" : "s") checked, \(ok) ok, \(moved) moved, \(dead) dead, "
            + (blocked > 0 ? "\(blocked) blocked, " : "") + "\(fromCache) from cache"
    }
}

/// `tracker check --links`: fetches every source's `url` and `archive` (each address once, HEAD first,
/// GET when HEAD is refused), follows and counts redirects, retries what may be passing, and reports
/// what is dead or moved at the address's place in its source file. Results are kept in `LinkCache`.
public enum LinkChecker {
    /// Checks the site's links, writing the cache; blocks until done.
    public static func check(_ site: Site, siteDirectory: String, options: LinkCheckOptions) -> LinkCheckReport {
        let result = Shared<LinkCheckReport?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            let report = await checkAsync(site, siteDirectory: siteDirectory, options: options)
            result.value.withLock { $0 = report }
            done.signal()
        }
        done.wait()
        return result.value.withLock { $0! }
    }

    /// One address as a source file gives it.
    struct Occurrence {
        let path: String
        let key: String
        let address: String
        let location: SourceLocation
        /// For a `url`: the source's archived copy, if it has one.
        let archive: String?
    }

    static func checkAsync(_ site: Site, siteDirectory: String, options: LinkCheckOptions) async -> LinkCheckReport {
        let occurrences = site.sources.flatMap(occurrences(of:))
        let addresses = Set(occurrences.map(\.address)).sorted()
        var cache = LinkCache.load(siteDirectory: siteDirectory)
        var report = LinkCheckReport()
        var records: [String: LinkRecord] = [:]
        var toFetch: [String] = []
        for address in addresses {
            if let record = cache.records[address], options.now.timeIntervalSince(record.checked) < options.maxAge,
               record.checked <= options.now {
                records[address] = record
                report.fromCache += 1
            } else {
                toFetch.append(address)
            }
        }
        let fetched = await fetch(toFetch, options: options)
        records.merge(fetched) { _, new in new }
        // Only the addresses the site still cites are kept.
        cache.records = records
        try? cache.write(siteDirectory: siteDirectory)

        report.checked = addresses.count
        for address in addresses {
            switch records[address]?.status {
            case .ok?: report.ok += 1
            case .moved?: report.moved += 1
            case .dead?: report.dead += 1
            case .blocked?: report.blocked += 1
            case nil: break
            }
        }
        report.findings = occurrences.compactMap { occurrence in
            records[occurrence.address].flatMap { finding(occurrence, $0, archiveRecord: occurrence.archive.flatMap { records[$0] }) }
        }.sorted()
        return report
    }

    static func finding(_ occurrence: Occurrence, _ record: LinkRecord, archiveRecord: LinkRecord?) -> LinkFinding? {
        let key = occurrence.key, address = occurrence.address
        func make(_ isError: Bool, _ message: String) -> LinkFinding {
            LinkFinding(path: occurrence.path, location: occurrence.location, isError: isError, message: message)
        }
        switch record.status {
        case .ok:
            return nil
        case .moved:
            return make(false, "\(key) has moved: \(address) now redirects to \(record.final ?? "?")")
        case .blocked:
            return make(false, "\(key) could not be checked (\(record.reason)): the site refuses automated requests; open \(address) in a browser")
        case .dead:
            let dead = "\(key) is dead (\(record.reason)): \(address)"
            guard key == "url" else { return make(true, dead) }
            if let archive = occurrence.archive, let archiveRecord, archiveRecord.status != .dead {
                return make(false, "\(dead); its page links to the archived copy \(archive)")
            }
            if occurrence.archive != nil { return make(true, "\(dead); its archive is dead too") }
            return make(true, "\(dead); add an archive: link to a saved copy, e.g. one listed at https://web.archive.org/web/*/\(address)")
        }
    }

    static func occurrences(of source: Source) -> [Occurrence] {
        let locations = FrontMatterLocations.read(source.path)
        var result: [Occurrence] = []
        for (key, address) in [("url", source.url), ("archive", source.archive)] {
            guard let address else { continue }
            result.append(Occurrence(path: source.path, key: key, address: address,
                                     location: locations[key] ?? SourceLocation(line: 1, column: 1),
                                     archive: key == "url" ? source.archive : nil))
        }
        return result
    }

    // MARK: - Fetching

    /// Checks each address, hosts in parallel, each host's requests limited and spaced (`HostGate`).
    static func fetch(_ addresses: [String], options: LinkCheckOptions) async -> [String: LinkRecord] {
        guard !addresses.isEmpty else { return [:] }
        let byHost = Dictionary(grouping: addresses) { URL(string: $0)?.host?.lowercased() ?? "" }.sorted { $0.key < $1.key }
        let probe = HTTPProbe(timeout: options.timeout)
        defer { probe.invalidate() }
        var records: [String: LinkRecord] = [:]
        await withTaskGroup(of: [String: LinkRecord].self) { group in
            var next = 0
            func startHost() {
                guard next < byHost.count else { return }
                let addresses = byHost[next].value
                next += 1
                group.addTask { await checkHost(addresses, probe: probe, options: options) }
            }
            for _ in 0..<max(1, options.hosts) { startHost() }
            for await done in group {
                records.merge(done) { _, new in new }
                startHost()
            }
        }
        return records
    }

    static func checkHost(_ addresses: [String], probe: HTTPProbe, options: LinkCheckOptions) async -> [String: LinkRecord] {
        let gate = HostGate(delay: options.hostDelay)
        let queue = Shared(addresses[...])
        return await withTaskGroup(of: [String: LinkRecord].self) { group in
            for _ in 0..<max(1, min(options.perHost, addresses.count)) {
                group.addTask {
                    var records: [String: LinkRecord] = [:]
                    while let address = queue.value.withLock({ $0.popFirst() }) {
                        records[address] = await checkAddress(address, probe: probe, gate: gate, options: options)
                    }
                    return records
                }
            }
            var all: [String: LinkRecord] = [:]
            for await records in group { all.merge(records) { _, new in new } }
            return all
        }
    }

    /// Where one chain of requests ended.
    enum Outcome {
        case answered(status: Int, final: String, redirected: Bool, retryAfter: String?)
        case failed(HTTPProbe.Failure)
        case tooManyRedirects
        /// A redirect to an address that is not http or https (`ftp:`, `file:`), which is not followed.
        case redirectedOffTheWeb(String)
    }

    static func checkAddress(_ address: String, probe: HTTPProbe, gate: HostGate, options: LinkCheckOptions) async -> LinkRecord {
        let checked = Date(timeIntervalSince1970: options.now.timeIntervalSince1970.rounded(.down))
        var attempt = 0
        while true {
            var outcome = await follow(address, method: "HEAD", probe: probe, gate: gate, options: options)
            // Many servers refuse or mishandle HEAD; only a GET's answer is taken as final.
            if case .answered(let status, _, _, _) = outcome, status >= 400, status != 404, status != 410 {
                outcome = await follow(address, method: "GET", probe: probe, gate: gate, options: options)
            }
            if attempt < options.retries, let wait = retryWait(outcome, attempt: attempt, options: options) {
                attempt += 1
                try? await Task.sleep(for: .seconds(wait))
                continue
            }
            return record(outcome, checked: checked, options: options)
        }
    }

    /// How long to wait before trying again, or nil when trying again would not help.
    static func retryWait(_ outcome: Outcome, attempt: Int, options: LinkCheckOptions) -> Double? {
        let backoff = options.backoff * Double(1 << min(attempt, 16))
        switch outcome {
        case .failed(.timedOut), .failed(.reset):
            return backoff
        case .answered(let status, _, _, let retryAfter) where status >= 500 || status == 429:
            let asked = retryAfter.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) } ?? 0
            return min(max(backoff, asked), options.maxRetryAfter)
        default:
            return nil
        }
    }

    /// Requests the address, following up to `maxRedirects` redirects.
    static func follow(_ address: String, method: String, probe: HTTPProbe, gate: HostGate, options: LinkCheckOptions) async -> Outcome {
        guard var url = URL(string: address) else { return .failed(.other("not a valid address")) }
        var hops = 0
        while true {
            await gate.wait()
            let answer: HTTPProbe.Answer
            do {
                answer = try await probe.request(url, method: method)
            } catch {
                return .failed(error as? HTTPProbe.Failure ?? .other("\(error)"))
            }
            guard [301, 302, 303, 307, 308].contains(answer.status), let location = answer.location,
                  let next = URL(string: location, relativeTo: url)?.absoluteURL else {
                return .answered(status: answer.status, final: url.absoluteString, redirected: hops > 0, retryAfter: answer.retryAfter)
            }
            hops += 1
            if hops > options.maxRedirects { return .tooManyRedirects }
            // Followed, `ftp://10.0.0.1:25/` had the check connect wherever a page sent it, as no browser would.
            guard let scheme = next.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
                return .redirectedOffTheWeb(next.absoluteString)
            }
            url = next
        }
    }

    static func record(_ outcome: Outcome, checked: Date, options: LinkCheckOptions) -> LinkRecord {
        switch outcome {
        case .answered(let status, let final, let redirected, _):
            let reason = statusText(status)
            if (200..<300).contains(status) {
                return redirected ? LinkRecord(status: .moved, checked: checked, reason: reason, final: final)
                    : LinkRecord(status: .ok, checked: checked, reason: reason)
            }
            if [401, 403, 429].contains(status) { return LinkRecord(status: .blocked, checked: checked, reason: reason) }
            return LinkRecord(status: .dead, checked: checked, reason: reason)
        case .tooManyRedirects:
            return LinkRecord(status: .dead, checked: checked, reason: "more than \(options.maxRedirects) redirects")
        case .redirectedOffTheWeb(let address):
            return LinkRecord(status: .dead, checked: checked, reason: "redirects to \(address), which is not an http or https address")
        case .failed(let failure):
            let reason: String
            switch failure {
            case .timedOut: reason = "timed out after \(seconds(options.timeout))"
            case .reset: reason = "connection reset"
            case .refused: reason = "connection refused"
            case .hostNotFound: reason = "host not found"
            case .other(let message): reason = message
            }
            return LinkRecord(status: .dead, checked: checked, reason: reason)
        }
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }

    /// "404 Not Found": the status and its standard reason phrase.
    static func statusText(_ status: Int) -> String {
        let phrases = [200: "OK", 203: "Non-Authoritative Information", 204: "No Content", 206: "Partial Content",
                       300: "Multiple Choices", 304: "Not Modified",
                       400: "Bad Request", 401: "Unauthorized", 402: "Payment Required", 403: "Forbidden", 404: "Not Found",
                       405: "Method Not Allowed", 406: "Not Acceptable", 408: "Request Timeout", 410: "Gone",
                       429: "Too Many Requests", 451: "Unavailable For Legal Reasons",
                       500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable",
                       504: "Gateway Timeout"]
        return phrases[status].map { "\(status) \($0)" } ?? "HTTP \(status)"
    }
}

/// A value behind a lock that tasks can share.
final class Shared<Value: Sendable>: Sendable {
    let value: Mutex<Value>
    init(_ value: Value) { self.value = Mutex(value) }
}

/// Spaces the requests to one host: each starts at least `delay` after the one before.
actor HostGate {
    let delay: Duration
    var next = ContinuousClock.now

    init(delay: Double) { self.delay = .seconds(delay) }

    private func reserve() -> ContinuousClock.Instant {
        let start = max(next, .now)
        next = start + delay
        return start
    }

    func wait() async {
        let start = reserve()
        try? await Task.sleep(until: start, clock: .continuous)
    }
}

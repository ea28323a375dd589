import Foundation

/// What `tracker check --links` found at one address, as recorded in `SITE/.tracker-cache/links.json`.
public struct LinkRecord: Sendable, Equatable {
    public enum Status: String, Sendable {
        /// Answered 2xx at the address itself.
        case ok
        /// Answered 2xx after redirects, at `final`.
        case moved
        /// Gone: a 4xx or 5xx answer, or no answer at all, after every retry.
        case dead
        /// Answered 401, 403 or 429 to every request: the site refuses automated checks, which says nothing of the page.
        case blocked
    }

    public var status: Status
    /// When it was checked (UTC, to the second).
    public var checked: Date
    /// Why it is not ok, as reported: "404 Not Found", "timed out after 15 s"; the final status otherwise.
    public var reason: String
    /// Where the redirects ended, for `moved`.
    public var final: String?

    /// The day it was checked (UTC).
    public var checkedDay: PartialDate? { try? PartialDate.parse(String(checked.formatted(.iso8601).prefix(10))) }

    public init(status: Status, checked: Date, reason: String, final: String? = nil) {
        self.status = status
        self.checked = checked
        self.reason = reason
        self.final = final
    }
}

/// `SITE/.tracker-cache/links.json`: the last result for every address checked, so a later check within
/// `--links-max-age` does not fetch it again, and the build can show an archived copy in place of a
/// dead original. Written with sorted keys and dates to the second: the same results give the same bytes.
public struct LinkCache: Sendable, Equatable {
    public static let fileName = "links.json"
    public var records: [String: LinkRecord] = [:]

    public init(records: [String: LinkRecord] = [:]) { self.records = records }

    public static func path(siteDirectory: String) -> String {
        (siteDirectory as NSString).appendingPathComponent("\(BuildCache.folderName)/\(fileName)")
    }

    /// The cache of a site; empty when there is none or it cannot be read (everything is then checked again).
    public static func load(siteDirectory: String) -> LinkCache {
        FileManager.default.contents(atPath: path(siteDirectory: siteDirectory)).map(decode) ?? LinkCache()
    }

    static func decode(_ data: Data) -> LinkCache {
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let links = root["links"] as? [String: Any] else { return LinkCache() }
        var cache = LinkCache()
        for (url, value) in links {
            guard let entry = value as? [String: Any], let status = (entry["status"] as? String).flatMap(LinkRecord.Status.init),
                  let text = entry["checked"] as? String, let checked = try? Date(text, strategy: .iso8601) else { continue }
            cache.records[url] = LinkRecord(status: status, checked: checked, reason: entry["reason"] as? String ?? "",
                                            final: entry["final"] as? String)
        }
        return cache
    }

    func encoded() -> Data {
        var links: [String: Any] = [:]
        for (url, record) in records {
            var entry: [String: Any] = ["status": record.status.rawValue, "checked": record.checked.formatted(.iso8601),
                                        "reason": record.reason]
            if let final = record.final { entry["final"] = final }
            links[url] = entry
        }
        let data = try? JSONSerialization.data(withJSONObject: ["version": 1, "links": links],
                                               options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
        return (data ?? Data()) + Data("\n".utf8)
    }

    /// Writes the cache whole (through a temporary file, so a reader never sees half of it).
    public func write(siteDirectory: String) throws {
        let file = Self.path(siteDirectory: siteDirectory)
        try BuildCache.createFolder(of: file)
        let temporary = file + ".tmp-\(getpid())"
        try encoded().write(to: URL(fileURLWithPath: temporary))
        if rename(temporary, file) != 0 {
            try? FileManager.default.removeItem(atPath: temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file])
        }
    }

    /// The records a build shows: the dead addresses (a source page then points to its archived copy).
    public var dead: [String: LinkRecord] { records.filter { $0.value.status == .dead } }

    /// The dead records in one line each, sorted: what a build's output depends on.
    var deadKey: String {
        dead.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.checked.timeIntervalSince1970) \($0.value.reason)" }.joined(separator: "\n")
    }
}

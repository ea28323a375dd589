import Foundation
import Testing

/// A site in a fresh temporary folder, written from inline text, removed when the test ends.
/// Shared by the test targets.
public final class TemporarySite {
    public let root: String

    public init(files: [String: String] = TemporarySite.small) throws {
        root = NSTemporaryDirectory() + "tracker-test-" + UUID().uuidString
        for (path, text) in files { try write(path, text) }
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    public func path(_ relative: String) -> String { root + "/" + relative }

    public func write(_ relative: String, _ text: String) throws {
        try FileManager.default.createDirectory(atPath: (path(relative) as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path(relative)))
    }

    public func read(_ relative: String) throws -> String { try String(contentsOfFile: path(relative), encoding: .utf8) }

    public func remove(_ relative: String) throws { try FileManager.default.removeItem(atPath: path(relative)) }

    public func move(_ from: String, _ to: String) throws {
        try FileManager.default.createDirectory(atPath: (path(to) as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: path(from), toPath: path(to))
    }

    /// Replaces the first line starting with `key:` in a file.
    public func setField(_ relative: String, _ key: String, _ value: String) throws {
        let lines = try read(relative).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let index = try #require(lines.firstIndex { $0.hasPrefix(key + ":") })
        var changed = lines
        changed[index] = "\(key): \(value)"
        try write(relative, changed.joined(separator: "\n"))
    }

    public static func incident(title: String, country: String = "PK", platforms: String = "[X]", start: String = "2024-02-17",
                         sources: String = "[dawn-2024]", body: String = "What happened.") -> String {
        """
        ---
        title: \(title)
        country: \(country)
        platforms: \(platforms)
        type: service-block
        status: ongoing
        verification: confirmed
        start: \(start)
        timeline:
          - date: \(start)
            text: The block begins.
            sources: \(sources)
        ---
        \(body)

        """
    }

    public static func source(title: String, publisher: String = "Dawn") -> String {
        """
        ---
        title: \(title)
        publisher: \(publisher)
        url: https://example.org/\(title.count)
        published: 2024-02-18
        kind: news
        ---
        Notes.

        """
    }

    public static let small: [String: String] = [
        "content/site.yml": "title: Test Tracker\nbase_url: https://example.org/\n",
        "content/incidents/pk-x-2024.md": incident(title: "X blocked in Pakistan"),
        "content/incidents/pk-mobile-2024.md": incident(title: "Mobile data cut in Balochistan", platforms: "[Mobile data]", start: "2024-01-05",
                                                        sources: "[dawn-2024, netblocks-2024]"),
        "content/incidents/in-x-2023.md": incident(title: "X restricted in Manipur", country: "IN", start: "2023-06-01", sources: "[netblocks-2024]"),
        "content/sources/dawn-2024.md": source(title: "X remains blocked"),
        "content/sources/netblocks-2024.md": source(title: "Mobile internet disrupted", publisher: "NetBlocks"),
        "content/pages/about.md": "---\ntitle: About\nmenu_order: 1\n---\nAbout this tracker.\n",
        "content/pages/methods.md": "---\ntitle: Methods\n---\nHow we count.\n",
    ]
}

import Foundation
@testable import TrackerCore

/// A throwaway site folder built from inline files, for tests.
struct TestSite {
    let directory: String

    static let siteYAML = """
        title: Test Tracker
        base_url: https://example.org/
        """

    static let source = """
        ---
        title: A report
        publisher: Daily Times
        url: https://example.org/report
        published: 2024-02-10
        kind: news
        ---
        Notes.
        """

    static func incident(_ extra: String = "", body: String = "Blocked [@report].", replacing: [String: String] = [:]) -> String {
        var keys: [(String, String)] = [
            ("title", "X blocked"), ("country", "PK"), ("platforms", "[X]"), ("type", "service-block"),
            ("status", "ongoing"), ("verification", "confirmed"), ("start", "2024-02-17"),
        ]
        for (key, value) in replacing {
            if let index = keys.firstIndex(where: { $0.0 == key }) { keys[index].1 = value } else { keys.append((key, value)) }
        }
        let lines = keys.filter { !$0.1.isEmpty }.map { "\($0.0): \($0.1)" }.joined(separator: "\n")
        return "---\n\(lines)\n\(extra.isEmpty ? "" : extra + "\n")---\n\(body)\n"
    }

    init(files: [String: String], siteYAML: String = TestSite.siteYAML) throws {
        directory = NSTemporaryDirectory() + "tracker-test-" + UUID().uuidString
        var all = files
        if all["content/site.yml"] == nil { all["content/site.yml"] = siteYAML }
        for (path, text) in all {
            let url = URL(fileURLWithPath: directory + "/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    /// The diagnostics of loading and linking, as printed: paths relative to the site.
    func errors(includeDrafts: Bool = false) -> [String] {
        let content = withCurrentDirectory { ContentLoader(siteDirectory: ".").load() }
        return SiteLinker.link(content, includeDrafts: includeDrafts).diagnostics.map(\.description)
    }

    func site(includeDrafts: Bool = false) -> Site? {
        let content = withCurrentDirectory { ContentLoader(siteDirectory: ".").load() }
        return SiteLinker.link(content, includeDrafts: includeDrafts).site
    }

    func withCurrentDirectory<T>(_ body: () -> T) -> T {
        directoryLock.lock()
        defer { directoryLock.unlock() }
        let previous = FileManager.default.currentDirectoryPath
        _ = FileManager.default.changeCurrentDirectoryPath(directory)
        defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }
        return body()
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }
}

/// The working directory is per process; tests that change it take turns.
let directoryLock = NSLock()

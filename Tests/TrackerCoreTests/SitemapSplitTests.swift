import Foundation
import Testing
import TrackerTestSupport
@testable import TrackerCore

/// A sitemap over one file's limits (sitemaps.org: 50,000 addresses, 50 MB) is split into parts that
/// `sitemap.xml`, then a sitemap index, lists. Built here with small limits (`RenderOptions.sitemapLimits`).
@Suite struct SitemapSplitTestSuite {
    /// The site built with `limits`, its output's files by path.
    func built(_ site: TemporarySite, _ limits: SitemapLimits, folder: String = "out") throws -> [String: String] {
        var options = BuildOptions(siteDirectory: site.root, outputDirectory: site.path(folder))
        options.render.sitemapLimits = limits
        _ = try SiteBuilder.build(options)
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: site.path(folder)) where name.hasSuffix(".xml") || name.hasSuffix(".txt") {
            files[name] = try site.read(folder + "/" + name)
        }
        return files
    }

    /// The `<url>` lines of a sitemap, and what is around them.
    func urlLines(_ sitemap: String) -> (head: [Substring], urls: [Substring], tail: [Substring]) {
        let lines = sitemap.split(separator: "\n", omittingEmptySubsequences: false)
        let first = lines.firstIndex { $0.hasPrefix("  <url>") } ?? 2
        let end = lines.lastIndex { $0.hasPrefix("  <url>") }.map { $0 + 1 } ?? first
        return (lines[..<first].map { $0 }, lines[first ..< end].map { $0 }, lines[end...].map { $0 })
    }

    @Test func aSitemapOverTheLimitIsAnIndexOfItsParts() throws {
        let site = try TemporarySite()
        let whole = try built(site, .standard, folder: "whole")
        let split = try built(site, SitemapLimits(addresses: 4, bytes: 50_000_000))
        #expect(split["sitemap.xml"] == """
            <?xml version="1.0" encoding="utf-8"?>
            <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
              <sitemap><loc>https://example.org/sitemap-1.xml</loc></sitemap>
              <sitemap><loc>https://example.org/sitemap-2.xml</loc></sitemap>
              <sitemap><loc>https://example.org/sitemap-3.xml</loc><lastmod>2024-02-17</lastmod></sitemap>
              <sitemap><loc>https://example.org/sitemap-4.xml</loc></sitemap>
              <sitemap><loc>https://example.org/sitemap-5.xml</loc><lastmod>2024-02-18</lastmod></sitemap>
            </sitemapindex>

            """)
        #expect(split["sitemap-3.xml"] == """
            <?xml version="1.0" encoding="utf-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
              <url><loc>https://example.org/incidents/in-x-2023/</loc><lastmod>2023-06-01</lastmod></url>
              <url><loc>https://example.org/incidents/pk-mobile-2024/</loc><lastmod>2024-01-05</lastmod></url>
              <url><loc>https://example.org/incidents/pk-x-2024/</loc><lastmod>2024-02-17</lastmod></url>
              <url><loc>https://example.org/methods/</loc></url>
            </urlset>

            """)
        #expect(split["sitemap-6.xml"] == nil)
        // The parts, in order, hold the whole sitemap's addresses, each once, four to a part, with its head and tail.
        let (head, urls, tail) = urlLines(try #require(whole["sitemap.xml"]))
        #expect(urls.count == 19)
        var joined: [Substring] = []
        for number in 1 ... 5 {
            let part = urlLines(try #require(split["sitemap-\(number).xml"]))
            #expect(part.head == head && part.tail == tail)
            #expect(part.urls.count == (number < 5 ? 4 : 3))
            joined += part.urls
        }
        #expect(joined == urls)
        // robots.txt names the index, as it named the whole sitemap; every other file is the same.
        #expect(split["robots.txt"] == "User-agent: *\nAllow: /\n\nSitemap: https://example.org/sitemap.xml\n")
        for (name, text) in whole where name != "sitemap.xml" { #expect(split[name] == text, "\(name)") }
    }

    @Test func aSitemapAtTheLimitIsOneFile() throws {
        let site = try TemporarySite()
        let whole = try built(site, .standard, folder: "whole")
        let atLimit = try built(site, SitemapLimits(addresses: 19, bytes: 50_000_000))
        #expect(atLimit == whole)
        let over = try built(site, SitemapLimits(addresses: 18, bytes: 50_000_000), folder: "over")
        #expect(Set(over.keys).subtracting(whole.keys) == ["sitemap-1.xml", "sitemap-2.xml"])
        #expect(urlLines(try #require(over["sitemap-2.xml"])).urls == urlLines(try #require(whole["sitemap.xml"])).urls.suffix(1))
    }

    /// Parts are cut by bytes too: each is as full as it can be under the limit, and the size reckoned for
    /// an entry is what the built-in template writes for it, escaped (a base_url holding `&` and `'`), with
    /// its alternates in every language.
    @Test func partsAreCutByBytesAsTheTemplateWritesThem() throws {
        var files = TemporarySite.small
        files["content/site.yml"] = "title: Test Tracker\nbase_url: https://example.org/a&b'c/\nlanguages:\n  - code: en\n    name: English\n  - code: ur\n    name: اردو\n"
        // A page named in another script: its address is percent-encoded.
        files["content/pages/طریقہ.md"] = "---\ntitle: Method\n---\nHow we count.\n"
        let site = try TemporarySite(files: files)
        let whole = try built(site, .standard, folder: "whole")
        let (head, urls, tail) = urlLines(try #require(whole["sitemap.xml"]))
        #expect(urls.count == 40)
        #expect(urls.contains { $0.hasPrefix("  <url><loc>https://example.org/a&amp;b&#39;c/ur/%D8%B7%D8%B1%DB%8C%D9%82%DB%81/</loc>") })
        #expect(urls[0] == "  <url><loc>https://example.org/a&amp;b&#39;c/</loc><xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/a&amp;b&#39;c/\"/>"
                + "<xhtml:link rel=\"alternate\" hreflang=\"ur\" href=\"https://example.org/a&amp;b&#39;c/ur/\"/>"
                + "<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"https://example.org/a&amp;b&#39;c/\"/></url>")
        // What the renderer reckons for each entry is its line, and the line break after it.
        var options = BuildOptions(siteDirectory: site.root)
        options.render.sitemapLimits = .standard
        let renderer = try SiteBuilder.makeRenderer(options, loader: ContentLoader(siteDirectory: site.root))
        let entries = renderer.sitemapEntries()
        #expect(entries.count == urls.count)
        #expect(entries.contains { if case .translation = $0.job { true } else { false } })
        let sizing = SitemapSizing(renderer)
        for (entry, line) in zip(entries, urls) {
            #expect(sizing.size(location: entry.location, lastModified: entry.lastModified, job: entry.job) == line.utf8.count + 1, "\(line)")
        }
        // Limits of 1,500 bytes (256 kept for the head and tail): each part as many whole lines as fit, in order.
        let split = try built(site, SitemapLimits(addresses: 50_000, bytes: 1_500))
        var joined: [Substring] = []
        var number = 1
        while let text = split["sitemap-\(number).xml"] {
            let part = urlLines(text)
            #expect(part.head == head && part.tail == tail)
            let size = part.urls.reduce(0) { $0 + $1.utf8.count + 1 }
            #expect(size <= 1_500 - 256, "sitemap-\(number).xml")
            #expect(text.utf8.count <= 1_500)
            joined += part.urls
            if joined.count < urls.count { #expect(size + urls[joined.count].utf8.count + 1 > 1_500 - 256, "sitemap-\(number).xml could hold one more") }
            number += 1
        }
        #expect(number > 3)
        #expect(joined == urls)
        // Each part declares the namespace of its alternates.
        #expect(split["sitemap-1.xml"]?.contains("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">") == true)
        #expect(split["sitemap.xml"]?.contains("<loc>https://example.org/a&amp;b&#39;c/sitemap-1.xml</loc>") == true)
    }

    /// An entry longer than a part may hold alone is a part of its own, rather than no part at all.
    @Test func anEntryLargerThanThePartLimitIsAPartOfItsOwn() throws {
        let site = try TemporarySite()
        let split = try built(site, SitemapLimits(addresses: 50_000, bytes: 10))
        #expect(split["sitemap-19.xml"] != nil)
        #expect(split["sitemap-20.xml"] == nil)
        #expect(split["sitemap-1.xml"]?.contains("<url><loc>https://example.org/</loc></url>") == true)
    }

    /// `tracker publish`'s check of the output: the index's parts resolve, every part parses.
    @Test func theSplitOutputPassesThePublishCheck() throws {
        var files = TemporarySite.small
        // The sources' addresses (https://example.org/17) outside the site.
        files["content/site.yml"] = "title: Test Tracker\nbase_url: https://tracker.example/\n"
        let site = try TemporarySite(files: files)
        var options = BuildOptions(siteDirectory: site.root)
        options.render.sitemapLimits = SitemapLimits(addresses: 4, bytes: 50_000_000)
        let rendered = try SiteBuilder.render(options)
        #expect(rendered.files.map(\.path).filter { $0.hasPrefix("sitemap") }.sorted()
                == ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap-4.xml", "sitemap-5.xml", "sitemap.xml"])
        let checker = OutputChecker(baseURL: rendered.config.baseURL)
        #expect(checker.check(rendered.files).isEmpty)
        // Without its last part the index names a file the output lacks.
        #expect(checker.check(rendered.files.filter { $0.path != "sitemap-5.xml" }).map(\.description) == [
            "sitemap.xml:7:16: error: broken link 'https://tracker.example/sitemap-5.xml': there is no sitemap-5.xml in the output",
        ])
    }

    /// The names of the parts are kept free in every site, split or not: a page or a file of `static/`
    /// taking one is an error, so a site growing past the limits never finds one taken.
    @Test func aPageOrAStaticFileNamedLikeAPartIsAnError() throws {
        var files = TemporarySite.small
        files["content/pages/sitemap-1.xml.md"] = "---\ntitle: Map\n---\nText.\n"
        files["static/sitemap-12.xml"] = "<urlset/>"
        files["static/sitemap-3.xml/notes.txt"] = "notes"
        // Not a part's name: copied as they are.
        files["static/sitemap-.xml"] = "a"
        files["static/sitemap-2.xml.bak"] = "b"
        files["static/sitemap-x.xml"] = "c"
        files["static/more/sitemap-2.xml"] = "d"
        let site = try TemporarySite(files: files)
        guard case .failure(let list) = SiteBuilder.load(BuildOptions(siteDirectory: site.root)) else {
            Issue.record("the site loaded")
            return
        }
        #expect(list.diagnostics.map { $0.description.replacingOccurrences(of: site.root + "/", with: "") } == [
            "content/pages/sitemap-1.xml.md:1:1: error: page 'sitemap-1.xml' takes the name of a part of the sitemap, which a site too large for one sitemap file writes (sitemap-1.xml, sitemap-2.xml and so on); rename the file",
        ])
        try site.remove("content/pages/sitemap-1.xml.md")
        guard case .failure(let statics) = SiteBuilder.load(BuildOptions(siteDirectory: site.root)) else {
            Issue.record("the site loaded")
            return
        }
        #expect(statics.diagnostics.map { $0.description.replacingOccurrences(of: site.root + "/", with: "") } == [
            "static/sitemap-12.xml:1:1: error: takes the name sitemap-12.xml of a part of the sitemap, which a site too large for one sitemap file writes (sitemap-1.xml, sitemap-2.xml and so on); rename or remove this file",
            "static/sitemap-3.xml/notes.txt:1:1: error: takes the name sitemap-3.xml of a part of the sitemap, which a site too large for one sitemap file writes (sitemap-1.xml, sitemap-2.xml and so on); rename or remove this file",
        ])
        #expect(Route.isSitemapPartName("sitemap-0.xml") && Route.isSitemapPartName("sitemap-007.xml"))
        #expect(!Route.isSitemapPartName("sitemap-.xml") && !Route.isSitemapPartName("sitemap-1.xm") && !Route.isSitemapPartName("sitemap-1a.xml")
                && !Route.isSitemapPartName("sitemap.xml") && !Route.isSitemapPartName("Sitemap-1.xml") && !Route.isSitemapPartName("sitemap-١.xml"))
    }

    /// The preview: parts come and go as incidents do, and every rebuild equals a cold build.
    @Test func thePreviewAddsAndRemovesParts() throws {
        let site = try TemporarySite()
        var options = BuildOptions(siteDirectory: site.root)
        options.render.sitemapLimits = SitemapLimits(addresses: 20, bytes: 50_000_000)
        let engine = IncrementalBuild(options: options)
        guard case .built(let first) = engine.rebuild(changedPaths: nil) else { throw Failure("the first build failed") }
        #expect(first.files["sitemap-1.xml"] == nil)
        func rebuilt(_ paths: Set<String>) throws -> IncrementalBuild.Output {
            guard case .built(let output) = engine.rebuild(changedPaths: paths) else { throw Failure("no build") }
            #expect(engine.verify() == [], "the incremental build must equal a cold build")
            return output
        }
        // A new incident in a new country: three addresses more, 22 in all.
        try site.write("content/incidents/bd-x-2024.md", TemporarySite.incident(title: "X blocked in Bangladesh", country: "BD"))
        var output = try rebuilt(["content/incidents/bd-x-2024.md"])
        #expect(output.files["sitemap-2.xml"] != nil && output.files["sitemap-3.xml"] == nil)
        #expect(String(decoding: output.files["sitemap.xml"]!, as: UTF8.self).hasPrefix("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex"))
        // A date moved: the part holding the incident, and the index's lastmod.
        try site.setField("content/incidents/bd-x-2024.md", "start", "2024-03-01")
        try site.write("content/incidents/bd-x-2024.md", try site.read("content/incidents/bd-x-2024.md").replacingOccurrences(of: "- date: 2024-02-17", with: "- date: 2024-03-01"))
        output = try rebuilt(["content/incidents/bd-x-2024.md"])
        #expect(output.changed.contains("sitemap.xml") && output.changed.contains("sitemap-1.xml"))
        // Removed again: one file, the parts gone.
        try site.remove("content/incidents/bd-x-2024.md")
        output = try rebuilt(["content/incidents/bd-x-2024.md"])
        #expect(output.files["sitemap-1.xml"] == nil && output.files["sitemap-2.xml"] == nil)
        #expect(String(decoding: output.files["sitemap.xml"]!, as: UTF8.self).contains("<urlset"))
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

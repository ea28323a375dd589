import Foundation
import Testing
@testable import TrackerCore

/// The check judges each page's links as the page is scanned (`OutputChecker.Scanner`), keeping only the links to
/// another page's fragment until every page is: it must find what judging every link once the whole site is scanned
/// finds.
@Suite struct OutputCheckerScanTestSuite {
    /// The indices of the files whose bytes the check asked for again.
    final class Readings: @unchecked Sendable {
        private let lock = NSLock()
        private var indices: [Int] = []

        func record(_ index: Int) {
            lock.withLock { indices.append(index) }
        }

        var sorted: [Int] { lock.withLock { indices.sorted() } }
    }

    static let paths = ["index.html", "incidents/x/index.html", "feed.xml", "style.css", "a/b/c.htm"]

    @Test func aPageKeepsOnlyItsLinksToAnotherPagesFragmentAndJudgesTheRestAtOnce() {
        let scanner = OutputChecker(baseURL: "https://example.org/").scanner(paths: Self.paths, pathPrefix: "public/")
        let page = """
            <a href="/incidents/x/#ref-1">1</a><a href="/incidents/x/#TOP">top</a><a href="#main">main</a>
            <a href="/gone/">gone</a><a href="/feed.xml#x">feed</a><a href="https://other.example/#y">other</a>
            <div id="main"></div><a href="#nothing">nothing</a><img src="a/b/c.htm#z" alt=""><a href="/incidents/x/">x</a>
            """
        let scanned = scanner.scan(0, Data(page.utf8))
        #expect(scanned.waiting.map(\.value) == ["/incidents/x/#ref-1", "a/b/c.htm#z"])
        #expect(scanned.ids == ["main"])
        #expect(scanned.problems.map(\.description).sorted() == [
            "public/index.html:2:10: error: broken link '/gone/': there is no gone/index.html in the output",
            "public/index.html:3:31: error: broken link '#nothing': index.html has no element with id 'nothing'",
        ])
        #expect(scanner.scan(3, Data("body { color: red }".utf8)).ids == nil)
    }

    @Test func aPageIsReadAgainOnlyForABrokenLinkToAnotherPagesFragment() throws {
        let files = [
            "<a href=\"/gone/\">gone</a><a href=\"/incidents/x/#ref-1\">ref</a>",
            "<li id=\"ref-1\"></li><a href=\"/#nowhere\">home</a><a href=\"/a/b/c.htm#ok\">c</a>",
            "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><loc>https://example.org/</loc></url>\n"
                + "<url><loc>https://example.org/incidents/x/#ref-1</loc></url><url><loc>https://example.org/incidents/x/#ref-3</loc></url>\n"
                + "<url><loc>https://example.org/feed.xml#x</loc></url><url><loc>/incidents/x/</loc></url></urlset>",
            "",
            "<p id=\"ok\">c</p><a href=\"../../incidents/x/#ref-2\">x</a>",
        ]
        let scanner = OutputChecker(baseURL: "https://example.org/").scanner(paths: Self.paths, pathPrefix: "public/")
        let scanned = files.indices.map { scanner.scan($0, Data(files[$0].utf8)) }
        let readings = Readings()
        let problems = scanner.problems(of: scanned) { index in
            readings.record(index)
            return Data(files[index].utf8)
        }
        #expect(scanned[2].waitingURLs.map(\.url) == ["https://example.org/incidents/x/#ref-1", "https://example.org/incidents/x/#ref-3"])
        #expect(problems.map(\.description) == [
            "public/a/b/c.htm:1:26: error: broken link '../../incidents/x/#ref-2': incidents/x/index.html has no element with id 'ref-2'",
            // A feed's URL is placed at the end of the start tag its text follows.
            "public/feed.xml:2:70: error: broken link 'https://example.org/incidents/x/#ref-3': incidents/x/index.html has no element with id 'ref-3'",
            "public/feed.xml:3:62: error: URL '/incidents/x/' is not absolute; feeds and sitemaps need absolute URLs under base_url https://example.org/",
            "public/incidents/x/index.html:1:30: error: broken link '/#nowhere': index.html has no element with id 'nowhere'",
            "public/index.html:1:10: error: broken link '/gone/': there is no gone/index.html in the output",
        ])
        #expect(readings.sorted == [1, 4])
    }

    @Test func brokenLinksAreEachPlacedInAPageOfManyLines() {
        // The links of a tag are listed href, src, then a refresh's URL: not in the order of the page.
        let page = "<p>é\n<img src=\"/one\" href=\"/two\">\n\n  ü<meta content=\"0; url=/three\" http-equiv=\"refresh\" src=\"/four\">"
        let scanner = OutputChecker(baseURL: "https://example.org/").scanner(paths: ["index.html"])
        #expect(scanner.scan(0, Data(page.utf8)).problems.map(\.description) == [
            "index.html:2:11: error: broken link '/one': there is no one in the output",
            "index.html:2:23: error: broken link '/two': there is no two in the output",
            "index.html:4:19: error: broken link '/three': there is no three in the output",
            "index.html:4:60: error: broken link '/four': there is no four in the output",
        ])
    }

    /// Every link of every page judged once every page is scanned, as the check did before it judged links at once.
    static func judgedAtTheEnd(_ files: [(path: String, text: String)], baseURL: String) -> [String] {
        let pages = files.filter { OutputChecker.isPage($0.path) }.map { (path: $0.path, bytes: Array($0.text.utf8)) }
        let scanned = pages.map { ScannedPage(bytes: $0.bytes) }
        let site = CheckedSite(paths: Set(files.map(\.path)), ids: Dictionary(uniqueKeysWithValues: zip(pages.map(\.path), scanned.map(\.ids))),
                               resolver: LinkResolver(baseURL: baseURL), prefix: "public/")
        var problems: [Diagnostic] = []
        for (path, text) in files where path.hasSuffix(".xml") {
            switch XMLURLReader.urls(in: Data(text.utf8)) {
            case .failure(let error):
                problems.append(Diagnostic(path: "public/" + path, line: error.line, column: error.column, message: error.message))
            case .success(let urls):
                for url in urls {
                    guard let problem = site.urlProblem(url.url, in: path) else { continue }
                    problems.append(Diagnostic(path: "public/" + path, line: url.line, column: url.column, message: problem))
                }
            }
        }
        for (page, scannedPage) in zip(pages, scanned) {
            problems += DuplicateIDs.diagnostics(path: "public/" + page.path, bytes: page.bytes)
            for link in scannedPage.links {
                guard let problem = site.problem(with: link.value, on: page.path) else { continue }
                let (line, column) = TextPositions.lineAndColumn(of: link.offset, in: page.bytes)
                problems.append(Diagnostic(path: "public/" + page.path, line: line, column: column, message: problem))
            }
        }
        return problems.sorted().map(\.description)
    }

    @Test(arguments: [UInt64(1), 2, 3, 4])
    func judgingAtOnceFindsWhatJudgingAtTheEndFinds(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let paths = ["index.html", "incidents/x/index.html", "a/b/c.html", "tracker/index.html", "x.htm", "tracker/x/index.html",
                     "feed.xml", "style.css", "a/b/index.html"]
        let ids = ["main", "ref-1", "ref-2", "top", "é", "a b", "x"]
        let targets = ["", "/", "/incidents/x/", "/incidents/x", "/a/b/c.html", "../", "c.html", "/x.htm", "/tracker/", "/tracker/x/",
                       "/feed.xml", "/style.css", "/gone/", "https://example.org/tracker/x/", "/tracker/incidents/x/", "/a/b/", "./"]
        let links = OutputCheckerReadingTestSuite.commonLinks + OutputCheckerReadingTestSuite.randomLinks(count: 60, seed: seed)
            + targets.flatMap { target in ["", "#", "#top", "#Top", "#%C3%A9", "#a%20b"].map { target + $0 } + ids.map { target + "#" + $0 } }
        var found = 0
        for baseURL in ["https://example.org/", "https://example.org/tracker/", "http://localhost:8080/a/b/"] {
            let feedURLs = (0 ..< 60).map { _ in
                let link = links.randomElement(using: &generator)!
                let absolute = Bool.random(using: &generator) && !LinkResolver.hasScheme(Substring(link)) ? baseURL + link : link
                return "<url><loc>" + absolute.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;") + "</loc></url>\n"
            }
            let feed = "<?xml version=\"1.0\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n" + feedURLs.joined() + "</urlset>\n"
            let files = [(path: "sitemap.xml", text: feed)] + paths.map { path -> (path: String, text: String) in
                let tags = (0 ..< 40).map { _ -> String in
                    let link = links.randomElement(using: &generator)!.replacingOccurrences(of: "\"", with: "&quot;")
                    let id = ids.randomElement(using: &generator)!
                    return [
                        "<a href=\"\(link)\">a</a>", "<img src=\"\(link)\" alt=\"\">", "<p id=\"\(id)\">p</p>\n", "<a name=\"\(id)\"></a>",
                        "<meta http-equiv=\"refresh\" content=\"0; url=\(link)\">", "<base href=\"\(link)\">", "\n  é ",
                    ].randomElement(using: &generator)!
                }
                return (path, tags.joined())
            }
            let expected = Self.judgedAtTheEnd(files, baseURL: baseURL)
            let checked = OutputChecker(baseURL: baseURL).check(files.map { (path: $0.path, data: Data($0.text.utf8)) }, pathPrefix: "public/")
                .map(\.description)
            #expect(checked == expected, "under \(baseURL)")
            found += expected.count
        }
        // Enough links were broken, on enough pages, for the comparison to mean something.
        #expect(found > 200)
    }
}

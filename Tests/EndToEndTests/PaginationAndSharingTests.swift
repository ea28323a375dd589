import Foundation
import Testing
import TrackerCore

/// Long lists split into numbered pages (`page_size` in site.yml), the sharing tags and JSON-LD of
/// every page, the data page, and the Atom feeds of each country and platform, built by the real binary.
@Suite struct PaginationAndSharingTestSuite {
    /// Five incidents in Pakistan on X, newest first "Incident 5" … "Incident 1", two to a page.
    func site(pageSize: Int = 2, title: (Int) -> String = { "Incident \($0)" }) throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try folder.write("content/site.yml", "title: Paged\nbase_url: https://example.org/\noptions:\n  page_size: \(pageSize)\n")
        try folder.write("content/sources/s1.md", "---\ntitle: Report\npublisher: Dawn\nurl: https://news.example.com/r\npublished: 2024-02-18\nkind: news\n---\n")
        for number in 1...5 {
            try folder.write("content/incidents/i\(number).md", """
                ---
                title: \(title(number))
                country: PK
                platforms: [X]
                type: service-block
                status: ongoing
                verification: confirmed
                start: 2024-0\(number)-10
                timeline:
                  - date: 2024-0\(number)-10
                    text: The block begins.
                    sources: [s1]
                ---
                What happened in number \(number).

                """)
        }
        return folder
    }

    @Test func longListsHaveNumberedPagesLinkedBothWays() throws {
        let folder = try site()
        let result = try TrackerBinary.run(["build", "--output", folder.path + "/public"], in: folder.path)
        #expect(result.status == 0, "\(result.stderr)")
        let files = Set(snapshot(folder.path + "/public").keys)
        for path in ["incidents/page/2/index.html", "incidents/page/3/index.html", "timeline/page/3/index.html",
                     "countries/pk/page/3/index.html", "platforms/x/page/2/index.html"] {
            #expect(files.contains(path), "missing \(path)")
        }
        #expect(!files.contains("incidents/page/4/index.html") && !files.contains("incidents/page/1/index.html") && !files.contains("sources/page/2/index.html"))

        let second = try folder.read("public/incidents/page/2/index.html")
        #expect(second.contains("<title>Incidents, page 2 · Paged</title>"))
        #expect(second.contains("<link rel=\"canonical\" href=\"https://example.org/incidents/page/2/\">\n<link rel=\"prev\" href=\"/incidents/\">\n<link rel=\"next\" href=\"/incidents/page/3/\">\n"))
        #expect(second.contains("<table class=\"incidents\" id=\"incidents-table\" data-rows=\"/incidents/rows.json\">"))
        #expect(second.contains("<caption>All incidents, newest first (page 2 of 3)</caption>"))
        #expect(second.contains("""
              <nav class="pagination" aria-label="Pagination">
                <ul>
                  <li><a href="/incidents/" rel="prev">Previous<span class="visually-hidden"> page</span></a></li>
                  <li><a href="/incidents/"><span class="visually-hidden">Page </span>1</a></li><li><a href="/incidents/page/2/" aria-current="page"><span class="visually-hidden">Page </span>2</a></li><li><a href="/incidents/page/3/"><span class="visually-hidden">Page </span>3</a></li>
                  <li><a href="/incidents/page/3/" rel="next">Next<span class="visually-hidden"> page</span></a></li>
                </ul>
              </nav>
            """))
        // Newest first, two to a page: page 2 shows the third and fourth.
        #expect(second.contains(">Incident 3</a>") && second.contains(">Incident 2</a>"))
        #expect(!second.contains(">Incident 5</a></th>") && !second.contains(">Incident 1</a></th>"))
        let first = try folder.read("public/incidents/index.html")
        #expect(first.contains("<link rel=\"next\" href=\"/incidents/page/2/\">") && !first.contains("rel=\"prev\""))
        #expect(try folder.read("public/countries/pk/page/3/index.html").contains("data-scope=\"country:pk\""))
        // The timeline's year index points at the page where the year begins.
        #expect(try folder.read("public/timeline/page/2/index.html").contains("<li><a href=\"/timeline/#y-2024\">2024</a></li>"))
        // Numbered pages are reachable by links, not listed in the sitemap.
        #expect(!(try folder.read("public/sitemap.xml")).contains("/page/"))
        let problems = try OutputChecker(baseURL: "https://example.org/").check(directory: folder.path + "/public")
        #expect(problems.map(\.description) == [])

        let rows = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder.path + "/public/incidents/rows.json"))) as? [String: Any]
        let first5 = (rows?["rows"] as? [[Any]])?.first
        #expect(first5?.count == 7)
        #expect(first5?[0] as? String == "i5" && first5?[1] as? String == "Incident 5" && first5?[2] as? String == "2024-05-10")
        #expect((rows?["urls"] as? [String: String]) == ["country": "/countries/", "incident": "/incidents/", "platform": "/platforms/"])
    }

    @Test func aListNoLongerThanAPageIsOnePageWithoutPagination() throws {
        let folder = try site(pageSize: 5)
        #expect(try TrackerBinary.run(["build", "--output", folder.path + "/public"], in: folder.path).status == 0)
        #expect(!snapshot(folder.path + "/public").keys.contains { $0.contains("/page/") })
        let list = try folder.read("public/incidents/index.html")
        #expect(!list.contains("pagination") && !list.contains("rel=\"next\"") && !list.contains("data-rows"))
        #expect(list.contains("<table class=\"incidents\" id=\"incidents-table\">"))
    }

    @Test func everyPageHasSharingTagsAndIncidentsAnArticle() throws {
        let folder = try site(title: { $0 == 5 ? "Block </script><!-- & \"quotes\"" : "Incident \($0)" })
        #expect(try TrackerBinary.run(["build", "--output", folder.path + "/public"], in: folder.path).status == 0)
        let page = try folder.read("public/incidents/i5/index.html")
        #expect(page.contains("""
            <meta property="og:title" content="Block &lt;/script&gt;&lt;!-- &amp; &quot;quotes&quot;">
            <meta property="og:description" content="What happened in number 5.">
            <meta property="og:url" content="https://example.org/incidents/i5/">
            <meta property="og:type" content="article">
            <meta property="og:image" content="https://example.org/assets/og-image.png">
            <meta property="og:image:width" content="1200">
            <meta property="og:image:height" content="630">
            <meta property="og:site_name" content="Paged">
            <meta name="twitter:card" content="summary_large_image">
            """))
        let script = try #require(page.range(of: "<script type=\"application/ld+json\">").map { page[$0.upperBound...] })
        let json = String(script[..<script.range(of: "</script>")!.lowerBound])
        #expect(json == #"{"@context":"https://schema.org","@type":"Article","headline":"Block \u003c/script\u003e\u003c!-- \u0026 \"quotes\"","description":"What happened in number 5.","datePublished":"2024-05-10","dateModified":"2024-05-10","url":"https://example.org/incidents/i5/","mainEntityOfPage":"https://example.org/incidents/i5/","image":"https://example.org/assets/og-image.png","inLanguage":"en","about":"Pakistan","author":{"@type":"Organization","name":"Paged","url":"https://example.org/"},"publisher":{"@type":"Organization","name":"Paged","url":"https://example.org/"}}"#)
        let article = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect(article?["headline"] as? String == "Block </script><!-- & \"quotes\"")
        // Every HTML page has the tags; the image they name is in the output.
        for (path, data) in snapshot(folder.path + "/public") where path.hasSuffix(".html") {
            let html = String(decoding: data, as: UTF8.self)
            let isIncident = path.range(of: #"^incidents/i[0-9]/"#, options: .regularExpression) != nil
            #expect(html.contains("<meta property=\"og:type\" content=\"\(isIncident ? "article" : "website")\">"), "\(path)")
            #expect(html.contains("<meta property=\"og:site_name\" content=\"Paged\">"), "\(path)")
        }
        let image = try Data(contentsOf: URL(fileURLWithPath: folder.path + "/public/assets/og-image.png"))
        #expect(image.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    }

    @Test func theDataPageDescribesTheExportsAsADataset() throws {
        let folder = try site()
        #expect(try TrackerBinary.run(["build", "--output", folder.path + "/public"], in: folder.path).status == 0)
        let page = try folder.read("public/data/index.html")
        #expect(page.contains("<tr><th scope=\"row\"><a href=\"/data/incidents.csv\">incidents.csv</a></th><td><code>text/csv</code></td>"))
        let script = try #require(page.range(of: "<script type=\"application/ld+json\">").map { page[$0.upperBound...] })
        let json = String(script[..<script.range(of: "</script>")!.lowerBound])
        let dataset = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(dataset["@type"] as? String == "Dataset")
        #expect(dataset["url"] as? String == "https://example.org/data/")
        #expect(dataset["temporalCoverage"] as? String == "2024-01-10/2024-05-10")
        let distribution = try #require(dataset["distribution"] as? [[String: String]])
        #expect(distribution.map { [$0["contentUrl"]!, $0["encodingFormat"]!] } == [
            ["https://example.org/data/incidents.json", "application/json"],
            ["https://example.org/data/incidents.csv", "text/csv"],
            ["https://example.org/data/incidents.stop.csv", "text/csv"],
            ["https://example.org/data/sources.json", "application/json"],
        ])
    }

    @Test func eachCountryAndPlatformHasItsOwnFeedLinkedFromItsPage() throws {
        let folder = try site()
        #expect(try TrackerBinary.run(["build", "--output", folder.path + "/public"], in: folder.path).status == 0)
        let feed = try folder.read("public/countries/pk/feed.xml")
        #expect(feed.contains("<title>Paged: Pakistan</title>"))
        #expect(feed.contains("<link rel=\"self\" type=\"application/atom+xml\" href=\"https://example.org/countries/pk/feed.xml\"/>"))
        #expect(feed.contains("<link rel=\"alternate\" type=\"text/html\" href=\"https://example.org/countries/pk/\"/>"))
        #expect(feed.components(separatedBy: "<entry>").count == 6)
        #expect(try folder.read("public/platforms/x/feed.xml").contains("<title>Paged: X</title>"))
        let page = try folder.read("public/countries/pk/index.html")
        #expect(page.contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Paged: Pakistan\" href=\"/countries/pk/feed.xml\">"))
        #expect(page.contains("<a class=\"feed-link\" href=\"/countries/pk/feed.xml\">Atom feed of incidents in Pakistan</a>"))
        // Well-formed like the site's feed (the link checker parses every XML file).
        #expect(try OutputChecker(baseURL: "https://example.org/").check(directory: folder.path + "/public").map(\.description) == [])
    }
}

import Foundation
import Testing
import TrackerCore
import TrackerTestSupport

/// The example tracker in content/, built by the real binary.
@Suite(.serialized) struct ExampleSiteTestSuite {
    let root = TrackerBinary.packageRoot

    @Test func buildsEveryPageOfTheDesign() throws {
        let output = try TemporaryFolder()
        let result = try TrackerBinary.run(["build", "--output", output.path + "/public"], in: root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "")
        // English at the root, Urdu under ur/ (the theme's assets, robots.txt and the sitemap once).
        #expect(result.stdout.hasPrefix("Built 58 pages (103 files, "))
        let files = Set(snapshot(output.path + "/public").keys)
        let expected = [
            "index.html", "incidents/index.html", "incidents/pk-x-block-2024/index.html",
            "incidents/pk-election-mobile-shutdown-2024/index.html", "timeline/index.html", "sources/index.html",
            "sources/dailytimes-2024-02-10/index.html", "sources/aljazeera-2024-04-17/index.html",
            "countries/index.html", "countries/pk/index.html", "platforms/index.html", "platforms/x/index.html",
            "about/index.html", "methodology/index.html", "feed.xml", "data/incidents.json", "data/incidents.csv",
            "data/sources.json", "sitemap.xml", "robots.txt", "404.html", "assets/style.css",
            "search/index.html", "search/index.json", "assets/incidents.js", "assets/search.js", "assets/icon.svg",
            "data/index.html", "incidents/rows.json", "countries/pk/feed.xml", "platforms/x/feed.xml",
            "platforms/mobile-services/feed.xml", "assets/og-image.png", "incidents/pk-x-block-2024/cite.txt",
            "incidents/pk-x-block-2024/cite.bib", "incidents/pk-x-block-2024/cite.json",
            "changes/index.html", "changes.xml", "data/incidents.stop.csv",
            "cases/index.html", "cases/ihc-x-ban-challenge/index.html", "cases/shc-internet-access-orders/index.html",
            "data/cases.json", "data/cases.csv",
        ]
        for path in expected { #expect(files.contains(path), "missing \(path)") }
        for path in expected where !path.hasPrefix("assets/") && path != "robots.txt" && path != "sitemap.xml" {
            #expect(files.contains("ur/" + path), "missing ur/\(path)")
        }
    }

    /// Built from this repository, the example's records show this repository's own commits.
    @Test func theExamplesPagesShowTheRepositorysHistory() throws {
        let output = try TemporaryFolder()
        #expect(try TrackerBinary.run(["build", "--output", output.path + "/public"], in: root).status == 0)
        let page = try output.read("public/incidents/pk-x-block-2024/index.html")
        let repository = TestRepository(directory: root)
        guard FileManager.default.fileExists(atPath: root + "/.git") else {
            #expect(try output.read("public/changes/index.html").contains("The history of the records is not available"))
            return
        }
        if try repository.git(["rev-parse", "--is-shallow-repository"]) == "true" {
            // A shallow clone (CI's usual): never a wrong creation date.
            #expect(!page.contains("Created on"))
            #expect(try output.read("public/changes/index.html").contains("this copy of the repository is a shallow clone"))
            return
        }
        let last = try repository.git(["log", "-1", "--format=%H %s", "--", "content/incidents/pk-x-block-2024.md"])
        let (hash, subject) = (String(last.prefix(10)), String(last.dropFirst(41)))
        #expect(page.contains("<h2 id=\"history-heading\">History of this record</h2>"))
        #expect(page.contains("Created on <time datetime=\""))
        #expect(page.contains(" \(subject.replacingOccurrences(of: "&", with: "&amp;")) <code>\(hash)</code>"), "\(last)")
        #expect(try output.read("public/changes/index.html").contains("<li id=\"change-\(hash)\">"))
    }

    @Test func everyInternalLinkResolvesToAFileInTheOutput() throws {
        for baseURL in ["https://example.org/", "https://example.org/tracker/"] {
            let output = try TemporaryFolder()
            #expect(try TrackerBinary.run(["build", "--output", output.path + "/public", "--base-url", baseURL], in: root).status == 0)
            let problems = try OutputChecker(baseURL: baseURL).check(directory: output.path + "/public")
            #expect(problems.map(\.description) == [], "\(baseURL)")
        }
    }

    @Test func twoBuildsAreByteIdentical() throws {
        let output = try TemporaryFolder()
        #expect(try TrackerBinary.run(["build", "--output", output.path + "/first"], in: root).status == 0)
        #expect(try TrackerBinary.run(["build", "--output", output.path + "/second"], in: root).status == 0)
        let first = snapshot(output.path + "/first"), second = snapshot(output.path + "/second")
        #expect(first.count == 103)
        #expect(first == second)
    }

    @Test func checkReportsNoErrorsAndWritesNothing() throws {
        let site = try TemporaryFolder()
        try copyFolder(root + "/content", to: site.path + "/content")
        let result = try TrackerBinary.run(["check"], in: site.path)
        #expect(result.status == 0)
        #expect(result.stdout == "No errors: 2 incidents, 9 sources, 2 pages\n")
        #expect(!FileManager.default.fileExists(atPath: site.path + "/public"))
    }

    @Test func aSubPathBaseURLPrefixesEveryInternalLink() throws {
        let output = try TemporaryFolder()
        let result = try TrackerBinary.run(["build", "--output", output.path + "/public", "--base-url", "https://example.org/tracker/"], in: root)
        #expect(result.status == 0)
        let home = try output.read("public/index.html")
        #expect(home.contains("<link rel=\"stylesheet\" href=\"/tracker/assets/style.css\">"))
        #expect(home.contains("<a href=\"/tracker/incidents/pk-x-block-2024/\">"))
        #expect(!home.contains("href=\"/incidents/"))
        let feed = try output.read("public/feed.xml")
        #expect(feed.contains("<id>https://example.org/tracker/incidents/pk-x-block-2024/</id>"))
        let robots = try output.read("public/robots.txt")
        #expect(robots == "User-agent: *\nAllow: /\n\nSitemap: https://example.org/tracker/sitemap.xml\n")
    }

    @Test func exportsTheDatasetAsCSV() throws {
        let output = try TemporaryFolder()
        #expect(try TrackerBinary.run(["build", "--output", output.path + "/public"], in: root).status == 0)
        let lines = try output.read("public/data/incidents.csv").components(separatedBy: "\r\n")
        #expect(lines[0] == "id,title,country,country_name,regions,platforms,type,status,verification,start,end,ordered_by,justification,tags,updated,url,sources,origin_count,origins")
        #expect(lines[2] == "pk-election-mobile-shutdown-2024,Mobile services shut down on election day,PK,Pakistan,,Mobile services,mobile-shutdown,resolved,confirmed,2024-02-08,2024-02-08,,Security,elections,2024-04-17,https://example.org/incidents/pk-election-mobile-shutdown-2024/,aljazeera-2024-04-17; profit-2024-02-10; dailytimes-2024-02-10,2,Al Jazeera; NetBlocks")
        #expect(lines.count == 4)
    }
}

import Foundation
import Testing

/// Tests/Fixtures/cases-site has three court cases (every optional field, values needing escapes, a case
/// with no incident); the built binary gives each its page, lists them, links them with their incidents,
/// puts their proceedings on the timeline and writes them to the exports. (Its invalid twin, with every
/// kind of error, is Tests/Fixtures/invalid/cases.)
@Suite struct CaseEndToEndTestSuite {
    static let fixture = TrackerBinary.packageRoot + "/Tests/Fixtures/cases-site"

    func built() throws -> (TemporaryFolder, String) { try buildCopy(of: Self.fixture) }

    func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    @Test func theCasePageShowsItsFactsProceedingsSourcesAndIncidents() throws {
        let (folder, output) = try built()
        let page = try read(output + "/cases/shc-petition/index.html")
        #expect(page.contains("<h1>Petition against the &lt;X&gt; ban</h1>"))
        #expect(page.contains("""
                  <div><dt>Court</dt><dd>Sindh High Court</dd></div>
                  <div><dt>Jurisdiction</dt><dd>Pakistan · PK-SD</dd></div>
                  <div><dt>Case number</dt><dd>=C.P. D-1234/2024</dd></div>
                  <div><dt>Filed</dt><dd><time datetime="2024-02">February 2024</time></dd></div>
                  <div><dt>Status</dt><dd>Decided as of <time datetime="2024-04-17">17 April 2024</time></dd></div>
            """))
        #expect(page.contains(#"<dt>Petitioners</dt><dd><ul class="parties"><li>A &amp; B Lawyers</li><li>Jaaferi, M.</li></ul></dd>"#))
        #expect(page.contains(#"<dt>Respondents</dt><dd><ul class="parties"><li>Federation of Pakistan</li></ul></dd>"#))
        #expect(page.contains("<dt>Outcome</dt><dd>The court orders the ban withdrawn within a week.</dd>"))
        // Numbered as the reference list: the body's citation first, then the proceedings' sources.
        #expect(page.contains(##"<li class="legal-event"><time datetime="2024-02">February 2024</time> <strong class="legal-label">Filing</strong> <span class="event-text">The petition is filed.</span> <a class="cite" href="#ref-2" title="X blocked nationwide">[2]</a></li>"##))
        #expect(page.contains(##"<li class="legal-event"><time datetime="2024-04-17">17 April 2024</time> <strong class="legal-label">Order</strong> <span class="event-text">The court gives the government a week to withdraw the ban.</span> <a class="cite" href="#ref-1" title="Court orders the ban withdrawn">[1]</a><a class="cite" href="#ref-2" title="X blocked nationwide">[2]</a> <a class="external" href="https://example.org/orders/1.pdf?a=1&amp;b=2">Court document</a></li>"##))
        #expect(page.contains(#"<li id="ref-1"><cite><a href="/sources/order/">Court orders the ban withdrawn</a></cite>"#))
        #expect(page.contains(#"<li id="ref-2"><cite><a href="/sources/report/">X blocked nationwide</a></cite>"#))
        #expect(page.contains(#"<h3><a href="/incidents/pk-x/">X blocked</a></h3>"#))
        #expect(page.contains(#"<h3><a href="/incidents/pk-mobile/">Mobile data cut</a></h3>"#))
        // A document beside a case's index.md (a bundle) is copied and linked.
        let bundled = try read(output + "/cases/ihc-challenge/index.html")
        #expect(bundled.contains(#"<a class="external" href="/cases/ihc-challenge/submission.txt">Court document</a>"#))
        #expect(try read(output + "/cases/ihc-challenge/submission.txt") == "Written submission of the Ministry (test file).\n")
        // Optional fields left out are not shown; a case with no incident has no incident list.
        let other = try read(output + "/cases/in-case/index.html")
        #expect(!other.contains("<dt>Case number</dt>"))
        #expect(!other.contains("<dt>Petitioners</dt>"))
        #expect(!other.contains("Incidents in this case"))
        #expect(other.contains("<dt>Jurisdiction</dt><dd>India</dd>"))
        withExtendedLifetime(folder) {}
    }

    @Test func theCaseListGroupsByCountryThenStatus() throws {
        let (folder, output) = try built()
        let page = try read(output + "/cases/index.html")
        #expect(page.contains("3 court cases about the incidents, by country and status."))
        let headings = page.split(separator: "\n").filter { $0.contains("<h2 id=\"cases-") || $0.contains("<h3 id=\"cases-") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(headings == [
            #"<h2 id="cases-in">India</h2>"#, #"<h3 id="cases-in-unknown">Unknown</h3>"#,
            #"<h2 id="cases-pk">Pakistan</h2>"#, #"<h3 id="cases-pk-pending">Pending</h3>"#, #"<h3 id="cases-pk-decided">Decided</h3>"#,
        ])
        #expect(page.contains(#"<a href="/cases/shc-petition/">Petition against the &lt;X&gt; ban</a> <span class="meta">Sindh High Court · Pakistan · PK-SD · No. =C.P. D-1234/2024 · last recorded step <time datetime="2024-04-17">17 April 2024</time></span> <span class="status case-status-decided">Decided</span>"#))
        // The navigation links the list once there is a case.
        #expect(try read(output + "/index.html").contains(#"<a href="/cases/""#))
        withExtendedLifetime(folder) {}
    }

    @Test func incidentPagesListTheirCasesAndTheTimelineMarksProceedings() throws {
        let (folder, output) = try built()
        let incident = try read(output + "/incidents/pk-x/index.html")
        #expect(incident.contains(#"<h2 id="cases-heading">Court cases</h2>"#))
        #expect(incident.contains(#"<a href="/cases/ihc-challenge/">Challenge at the Islamabad High Court</a>"#))
        #expect(incident.contains(#"<a href="/cases/shc-petition/">Petition against the &lt;X&gt; ban</a>"#))
        #expect(!(try read(output + "/incidents/pk-mobile/index.html")).contains("ihc-challenge"))
        let timeline = try read(output + "/timeline/index.html")
        #expect(timeline.contains("4 dated events from every incident and court case (legal events are marked “Legal event”), newest first."))
        #expect(timeline.contains("""
                    <li class="legal-event">
                      <time datetime="2024-04-17">17 April 2024</time>
                      <strong class="legal-label">Legal event · Filing</strong> <a href="/cases/ihc-challenge/">Challenge at the Islamabad High Court</a>: The ministry files a written submission.
            """))
        #expect(timeline.contains("""
                    <li>
                      <time datetime="2024-02-17">17 February 2024</time>
                      <a href="/incidents/pk-x/">X blocked</a>: X stops working.
            """))
        withExtendedLifetime(folder) {}
    }

    @Test func theExportsHoldEveryCase() throws {
        let (folder, output) = try built()
        let csv = try read(output + "/data/cases.csv")
        #expect(csv == [
            "id,title,court,country,country_name,subdivision,case_number,petitioners,respondents,filed,status,outcome,incidents,url,sources,proceedings",
            "in-case,Case with no incident yet,Supreme Court of India,IN,India,,,,,,unknown,,,https://example.org/cases/in-case/,,",
            "ihc-challenge,Challenge at the Islamabad High Court,Islamabad High Court,PK,Pakistan,,,,,,pending,,pk-x,https://example.org/cases/ihc-challenge/,report,2024-04-17 filing: The ministry files a written submission.",
            #"shc-petition,Petition against the <X> ban,Sindh High Court,PK,Pakistan,PK-SD,'=C.P. D-1234/2024,"A & B Lawyers; Jaaferi, M.",Federation of Pakistan,2024-02,decided,The court orders the ban withdrawn within a week.,pk-x; pk-mobile,https://example.org/cases/shc-petition/,order; report,2024-02 filing: The petition is filed.; 2024-04-17 order: The court gives the government a week to withdraw the ban."#,
            "",
        ].joined(separator: "\r\n"))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output + "/data/cases.json"))) as? [[String: Any]]
        let cases = try #require(json)
        #expect(cases.map { $0["id"] as? String } == ["in-case", "ihc-challenge", "shc-petition"])
        let petition = cases[2]
        #expect(petition["incidents"] as? [String] == ["pk-x", "pk-mobile"])
        #expect(petition["subdivision"] as? String == "PK-SD")
        #expect(petition["summary"] as? String == "The petitioners challenge the ban.")
        let proceedings = try #require(petition["proceedings"] as? [[String: Any]])
        #expect(proceedings.count == 2)
        #expect(proceedings[1]["document"] as? String == "https://example.org/orders/1.pdf?a=1&b=2")
        #expect(proceedings[1]["sources"] as? [String] == ["order", "report"])
        #expect(proceedings[1]["type"] as? String == "order")
        #expect(cases[0]["case_number"] == nil)
        let submission = try #require(cases[1]["proceedings"] as? [[String: Any]])
        #expect(submission[0]["document"] as? String == "https://example.org/cases/ihc-challenge/submission.txt")
        let data = try read(output + "/data/index.html")
        #expect(data.contains(#"href="/data/cases.json""#) && data.contains(#"href="/data/cases.csv""#))
        let search = try read(output + "/search/index.json")
        #expect(search.contains(#"{"country":"Pakistan","kind":"case","meta":"Islamabad High Court · Pakistan · Pending","text":"","title":"Challenge at the Islamabad High Court","url":"/cases/ihc-challenge/"}"#))
        let sitemap = try read(output + "/sitemap.xml")
        #expect(sitemap.contains("<url><loc>https://example.org/cases/</loc></url>"))
        #expect(sitemap.contains("<url><loc>https://example.org/cases/shc-petition/</loc><lastmod>2024-04-17</lastmod></url>"))
        withExtendedLifetime(folder) {}
    }

    @Test func twoBuildsAreByteIdentical() throws {
        let (folder, output) = try built()
        let first = snapshot(output)
        let second = try TemporaryFolder()
        let result = try TrackerBinary.run(["build", "--no-cache", "--output", second.path + "/public"], in: folder.path + "/site")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(snapshot(second.path + "/public") == first)
    }

    @Test func aSiteWithoutCasesHasNoCasePages() throws {
        let folder = try TemporaryFolder()
        let site = folder.path + "/site"
        try copyFolder(Self.fixture, to: site)
        try FileManager.default.removeItem(atPath: site + "/content/cases")
        let result = try TrackerBinary.run(["build"], in: site)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: site + "/public/cases"))
        #expect(!FileManager.default.fileExists(atPath: site + "/public/data/cases.json"))
        #expect(!(try read(site + "/public/index.html")).contains("/cases/"))
        #expect(!(try read(site + "/public/timeline/index.html")).contains("Legal event"))
    }

    @Test func newCaseWritesEverySchemaKey() throws {
        let folder = try TemporaryFolder()
        let result = try TrackerBinary.run(["new", "case", "Petition against the X ban"], in: folder.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "Created ./content/cases/petition-against-the-x-ban.md\n")
        let text = try folder.read("content/cases/petition-against-the-x-ban.md")
        for key in ["title", "court", "country", "subdivision", "case_number", "petitioners", "respondents", "filed", "status",
                    "outcome", "incidents", "proceedings"] {
            #expect(text.contains("\n\(key):"), "missing \(key)")
        }
        #expect(text.hasPrefix("---\ntitle: \"Petition against the X ban\"\n"))
    }
}

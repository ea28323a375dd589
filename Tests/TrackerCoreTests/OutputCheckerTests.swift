import Foundation
import Testing
import TrackerCore

/// The problems the checker finds in an output given as path → text, as printed. The same output written into a
/// folder (as `tracker publish` checks it) must give the same problems.
private func problems(_ files: [String: String], baseURL: String = "https://example.org/") -> [String] {
    let output = files.sorted { $0.key < $1.key }.map { (path: $0.key, data: Data($0.value.utf8)) }
    let inMemory = OutputChecker(baseURL: baseURL).check(output, pathPrefix: "public/").map(\.description)
    let folder = NSTemporaryDirectory() + "checked-" + UUID().uuidString
    defer { try? FileManager.default.removeItem(atPath: folder) }
    do {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        try OutputWriter.write(output, under: folder)
        let written = SiteFiles(paths: output.map(\.path), in: folder, shownAs: "public")
        #expect(try OutputChecker(baseURL: baseURL).check(written, pathPrefix: "public/").map(\.description) == inMemory)
    } catch {
        Issue.record("checking the files written into \(folder): \(error)")
    }
    return inMemory
}

@Suite struct OutputCheckerTestSuite {
    @Test func aFolderLinkResolvesToItsIndexPage() {
        #expect(problems([
            "index.html": ##"<a href="/incidents/x/">x</a> <a href="/incidents/x">no slash</a> <a href="/">home</a>"##,
            "incidents/x/index.html": "<p>x</p>",
        ]) == [])
    }

    @Test func aBrokenLinkNamesThePageLineAndColumn() {
        #expect(problems([
            "index.html": "<p>\n  <a class=\"x\" href=\"/incidents/gone/\">gone</a>\n",
        ]) == ["public/index.html:2:22: error: broken link '/incidents/gone/': there is no incidents/gone/index.html in the output"])
    }

    @Test func aFragmentMustNameAnElementOnTheTargetPage() {
        #expect(problems([
            "index.html": ##"<a href="/incidents/x/#ref-1">ok</a><a href="/incidents/x/#ref-2">no</a><a href="#top">top</a>"##,
            "incidents/x/index.html": ##"<li id="ref-1">…</li><a href="#ref-1">1</a><a href="#main">skip</a>"##,
        ]) == [
            "public/incidents/x/index.html:1:53: error: broken link '#main': incidents/x/index.html has no element with id 'main'",
            "public/index.html:1:46: error: broken link '/incidents/x/#ref-2': incidents/x/index.html has no element with id 'ref-2'",
        ])
    }

    @Test func entitiesInAttributesAreDecodedBeforeResolving() {
        #expect(problems([
            "index.html": ##"<a href="/data/a&amp;b.csv?x=1&amp;y=2">csv</a><a href="&#x2F;about&#47;">about</a><a href="/caf%C3%A9/">café</a>"##,
            "data/a&b.csv": "",
            "about/index.html": "",
            "café/index.html": "",
        ]) == [])
    }

    @Test func singleQuotedBareAndUppercaseAttributesAreRead() {
        #expect(problems([
            "index.html": "<A HREF='/a/'>a</A><img src=/b.png alt=b><IMG\nSRC = \"/c.png\">",
        ]) == [
            "public/index.html:1:10: error: broken link '/a/': there is no a/index.html in the output",
            "public/index.html:1:29: error: broken link '/b.png': there is no b.png in the output",
            "public/index.html:2:8: error: broken link '/c.png': there is no c.png in the output",
        ])
    }

    @Test func aGreaterThanInAQuotedValueDoesNotEndTheTag() {
        #expect(problems([
            "index.html": ##"<a title="a > b" data-x='<a href="/no/">' href="/gone/" href="/ignored/">x</a>"##,
        ]) == ["public/index.html:1:49: error: broken link '/gone/': there is no gone/index.html in the output"])
    }

    @Test func markupInScriptsStylesAndCommentsIsNotALink() {
        #expect(problems([
            "index.html": """
                <!-- <a href="/old/">old</a> -->
                <script>document.write('<a href="/nope/">');</script>
                <style>a[href="/nope/"] { color: red }</style>
                <title><a href="/nope/"></title>
                <textarea><img src="/nope.png"></textarea>
                """,
        ]) == [])
    }

    @Test func linksToOtherSitesAreNotChecked() {
        #expect(problems([
            "index.html": """
                <a href="https://other.org/x/">a</a><a href="http://example.com/">b</a><a href="mailto:a@example.org">c</a>
                <a href="//cdn.example.net/x.js">d</a><a href="tel:+1">e</a><a href="https://example.org:8443/gone/">f</a>
                """,
        ]) == [])
    }

    @Test func absoluteLinksIntoTheSiteAreChecked() {
        #expect(problems([
            "index.html": ##"<link rel="canonical" href="https://EXAMPLE.org/tracker/gone/"><a href="https://example.org/tracker/">home</a>"##,
        ], baseURL: "https://example.org/tracker/") == [
            "public/index.html:1:29: error: broken link 'https://EXAMPLE.org/tracker/gone/': there is no gone/index.html in the output",
        ])
    }

    @Test func aRootRelativeLinkMustCarryTheBasePath() {
        #expect(problems([
            "index.html": ##"<a href="/tracker/about/">ok</a><a href="/about/">forgot the base path</a>"##,
            "about/index.html": "",
        ], baseURL: "https://example.org/tracker") == [
            "public/index.html:1:42: error: broken link '/about/': /about/ is outside the site's base path /tracker/ (base_url https://example.org/tracker/)",
        ])
    }

    @Test func relativeLinksResolveFromThePageFolder() {
        #expect(problems([
            "incidents/x/index.html": ##"<a href="../y/">y</a><a href="../../sources/">s</a><a href="z/">z</a><a href="../../../../about/">up</a>"##,
            "incidents/y/index.html": "",
            "sources/index.html": "",
            "about/index.html": "",
        ]) == ["public/incidents/x/index.html:1:61: error: broken link 'z/': there is no incidents/x/z/index.html in the output"])
    }

    @Test func aRedirectPageTargetIsChecked() {
        #expect(problems([
            "incidents/old/index.html": ##"<meta http-equiv="refresh" content="0; url=/incidents/new/">"##,
        ]) == [
            "public/incidents/old/index.html:1:37: error: broken link '/incidents/new/': there is no incidents/new/index.html in the output",
        ])
    }

    @Test func aFeedMustBeWellFormedXML() {
        #expect(problems([
            "feed.xml": "<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>X & Y</title>\n</feed>\n",
        ]) == ["public/feed.xml:3:11: error: not well-formed XML: an '&' that does not start an entity reference (write &amp;)"])
        #expect(problems(["feed.xml": "<feed>\n<entry>\n</feed>\n"])
            == ["public/feed.xml:3:8: error: not well-formed XML: an end tag that does not match the open element"])
        #expect(problems(["sitemap.xml": "<urlset>\n<url>"])
            == ["public/sitemap.xml:2:6: error: not well-formed XML: the document ends inside an element, or has content after its root element"])
        #expect(problems(["sitemap.xml": ""]) == ["public/sitemap.xml:1:1: error: not well-formed XML: the file has no root element"])
    }

    /// Foundation's XMLParser, which the checker used, could not set libxml2's `XML_PARSE_HUGE`, and failed every
    /// XML file over 10,000,000 bytes at its end: `sitemap.xml:60132:1: error: not well-formed XML: libxml2 error 1`
    /// for the 25 MB sitemap of a site of 10,000 incidents in two languages, which `tracker publish` then refused.
    @Test func anXMLFileOverTenMillionBytesIsRead() {
        var sitemap = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        let padding = String(repeating: "a-long-query-", count: 64)
        for number in 0 ..< 13_000 {
            sitemap += "  <url><loc>https://example.org/incidents/x/?page=\(number)&amp;q=\(padding)</loc><lastmod>2024-02-17</lastmod></url>\n"
        }
        #expect(sitemap.utf8.count > 12_000_000)
        var files = ["index.html": "", "incidents/x/index.html": "", "sitemap.xml": sitemap + "</urlset>\n"]
        #expect(problems(files) == [])
        // The last address is read and checked like the first.
        files["sitemap.xml"] = sitemap + "  <url><loc>https://example.org/incidents/gone/</loc></url>\n</urlset>\n"
        #expect(problems(files) == [
            "public/sitemap.xml:13003:12: error: broken link 'https://example.org/incidents/gone/': there is no incidents/gone/index.html in the output",
        ])
        // An error past the first ten million bytes is found where it is.
        files["sitemap.xml"] = sitemap + "<url></urlset>\n"
        #expect(problems(files) == ["public/sitemap.xml:13003:15: error: not well-formed XML: an end tag that does not match the open element"])
    }

    /// A sitemap's address may be written as CDATA: it is read (XMLParser dropped it, and checked an empty address).
    @Test func anAddressInCDATAIsRead() {
        #expect(problems([
            "index.html": "",
            "sitemap.xml": "<urlset><url><loc><![CDATA[https://example.org/gone/]]></loc></url><url><loc><![CDATA[https://example.org/]]></loc></url></urlset>",
        ]) == ["public/sitemap.xml:1:18: error: broken link 'https://example.org/gone/': there is no gone/index.html in the output"])
    }

    /// Found by the html-scanner fuzzer (Fuzz/Corpus/html-scanner/found-xml-element-name-not-utf8): Foundation's
    /// XMLParser crashed on an element name that is not UTF-8.
    @Test func aFeedThatIsNotUTF8IsReportedAtItsFirstBadByte() {
        let feed = Data("<feed>\n<bas".utf8) + Data([0xE5]) + Data(" href=\"/\"/></feed>\n".utf8)
        #expect(OutputChecker(baseURL: "https://example.org/").check([("feed.xml", feed)], pathPrefix: "public/").map(\.description)
            == ["public/feed.xml:2:5: error: not well-formed XML: bytes that are not UTF-8"])
        // Found by the html-scanner fuzzer: "<" and three NULs, which libxml2 read as UCS-4. XML allows no NUL.
        let ucs4 = Data("<".utf8) + Data(repeating: 0, count: 39) + Data("?xml version=\"1.0\"?><feed/>".utf8)
        #expect(OutputChecker(baseURL: "https://example.org/").check([("feed.xml", ucs4)], pathPrefix: "public/").map(\.description)
            == ["public/feed.xml:1:2: error: not well-formed XML: a NUL byte, which XML does not allow"])
    }

    /// Found by the html-scanner fuzzer (Fuzz/Corpus/html-scanner/found-processing-instruction-without-data):
    /// Foundation's XMLParser crashed on `<?name?>`, an instruction without data, anywhere libxml2 read one.
    @Test func anInstructionWithoutDataIsReadWithTheFilesColumns() {
        #expect(problems(["feed.xml": "<?xm?><feed xmg/tracker/a/\"/>8/fee2>"])
            == ["public/feed.xml:1:16: error: not well-formed XML: an attribute without a quoted value"])
        #expect(problems([
            "index.html": "",
            "feed.xml": "<?xml-stylesheet?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><?a?><link href=\"https://example.org/\"/></feed>",
        ]) == [])
        #expect(problems(["feed.xml": "<feed><a b=\"<?p?>\"/></feed>"])
            == ["public/feed.xml:1:13: error: not well-formed XML: a '<' inside an attribute value (write &lt;)"])
        // The column of what follows such an instruction on its line is the file's: five characters further
        // than with none, not six (XMLParser reads a space added before each `?>`).
        let link = "<link href=\"/x/\"/>"
        let without = problems(["feed.xml": "<feed>" + link + "</feed>"])
        let with = problems(["feed.xml": "<feed><?p?>" + link + "<?q?>" + "</feed>"])
        #expect(without == ["public/feed.xml:1:23: error: URL '/x/' is not absolute; feeds and sitemaps need absolute URLs under base_url https://example.org/"])
        #expect(with == ["public/feed.xml:1:28: error: URL '/x/' is not absolute; feeds and sitemaps need absolute URLs under base_url https://example.org/"])
        // Spaces added on other lines move nothing; on its line, each one before it counts.
        let lines = problems(["feed.xml": "<feed><?a?><?b?>\n<?c?><?é?>" + link + "<?d?>\n<?e?></feed>"])
        #expect(lines == ["public/feed.xml:2:27: error: URL '/x/' is not absolute; feeds and sitemaps need absolute URLs under base_url https://example.org/"])
    }

    /// Foundation's XMLParser also crashes on DTD declarations without a public id or default value, and
    /// substitutes entities, which could spell an instruction without data: only a plain DOCTYPE is read.
    @Test func aDoctypeWithAnInternalSubsetIsNotRead() {
        let refused = "a DOCTYPE the checker does not read: only <!DOCTYPE name> with a SYSTEM or PUBLIC id, "
            + "and no internal subset (feeds and sitemaps need no DTD)"
        for doctype in [
            "<!DOCTYPE feed [<!NOTATION n SYSTEM \"x\">]>",
            "<!DOCTYPE feed [<!ATTLIST feed b CDATA #REQUIRED>]>",
            "<!DOCTYPE feed [<!ENTITY e SYSTEM \"x\" NDATA n>]>",
            "<!DOCTYPE feed [<!ENTITY e \"&#60;?x?>\">]>",
            "<!DOCTYPE feed SYSTEM \"x>\" '[<!NOTATION n SYSTEM \"x\">]>",
            "<!DOCTYPE feed PUBLIC \"[<!NOTATION n SYSTEM 'x'>]>",
            "<!DOCTYPE feed x[<!NOTATION n SYSTEM \"x\">]>",
        ] {
            #expect(problems(["feed.xml": "<?xml version=\"1.0\"?>\n" + doctype + "\n<feed>&e;</feed>\n"])
                == ["public/feed.xml:2:1: error: \(refused)"], "\(doctype)")
        }
        #expect(problems([
            "feed.xml": "<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\"\n \"http://my.netscape.com/publish/formats/rss-0.91.dtd\">\n<rss/>",
            "sitemap.xml": "<!DOCTYPE urlset SYSTEM \"urlset.dtd\" ><urlset><![CDATA[<!DOCTYPE html>]]></urlset>",
        ]) == [])
    }

    /// An encoding in which bytes other than `<?` could spell an instruction is not read.
    @Test func anXMLDeclarationMayNameOnlyAnEncodingWhoseASCIIIsASCII() {
        #expect(problems(["feed.xml": "<?xml version=\"1.0\" encoding=\"IBM037\"?><feed/>"])
            == ["public/feed.xml:1:31: error: the XML declaration names the encoding 'IBM037', which the checker does not read (write UTF-8)"])
        #expect(problems(["feed.xml": "<?xml version=\"1.0\" foo=\"encoding='UTF-7'\"?><feed/>"])
            == ["public/feed.xml:1:36: error: the XML declaration names the encoding 'UTF-7', which the checker does not read (write UTF-8)"])
        #expect(problems([
            "feed.xml": "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><feed/>",
            "sitemap.xml": "\u{FEFF}<?xml version='1.0' encoding = 'UTF-8' ?><urlset/>",
        ]) == [])
    }

    @Test func feedAndSitemapURLsMustBeAbsoluteUnderBaseURLAndResolve() {
        #expect(problems([
            "index.html": "",
            "feed.xml": ##"<feed xmlns="http://www.w3.org/2005/Atom"><link href="https://example.org/"/><link href="/x/"/></feed>"##,
            "sitemap.xml": """
                <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
                <url><loc>https://example.org/</loc></url>
                <url><loc>https://example.com/</loc></url>
                <url><loc>https://example.org/gone/</loc></url>
                </urlset>
                """,
        ]) == [
            "public/feed.xml:1:94: error: URL '/x/' is not absolute; feeds and sitemaps need absolute URLs under base_url https://example.org/",
            "public/sitemap.xml:3:10: error: URL 'https://example.com/' is not under base_url https://example.org/",
            "public/sitemap.xml:4:10: error: broken link 'https://example.org/gone/': there is no gone/index.html in the output",
        ])
    }

    @Test func aFolderOnDiskIsCheckedWithItsPathInEachError() throws {
        let folder = NSTemporaryDirectory() + "checker-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/about", withIntermediateDirectories: true)
        try Data(##"<a href="/about/">a</a><a href="/gone/">g</a>"##.utf8).write(to: URL(fileURLWithPath: folder + "/index.html"))
        try Data().write(to: URL(fileURLWithPath: folder + "/about/index.html"))
        #expect(try OutputChecker(baseURL: "https://example.org/").check(directory: folder).map(\.description)
            == ["\(folder)/index.html:1:33: error: broken link '/gone/': there is no gone/index.html in the output"])
    }

    /// A file written into a folder is read when it is checked: one that is gone is an error naming it as the output
    /// does, with the system's reason.
    @Test func aFileThatCannotBeReadBackIsAnError() throws {
        let folder = NSTemporaryDirectory() + "checked-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        try OutputWriter.write([(path: "index.html", data: Data(##"<a href="/gone.html">g</a>"##.utf8))], under: folder)
        let files = SiteFiles(paths: ["index.html", "gone.html"], in: folder, shownAs: "www")
        #expect(throws: SiteFiles.ReadError(description: "cannot read www/gone.html: No such file or directory")) {
            try OutputChecker(baseURL: "https://example.org/").check(files)
        }
        #expect(try files.read(0) == Data(##"<a href="/gone.html">g</a>"##.utf8))
        #expect(files.location(of: 1) == folder + "/gone.html")
    }

    @Test func everyLinkOfTheExampleSiteResolves() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let site = try SiteBuilder.render(BuildOptions(siteDirectory: root))
        #expect(OutputChecker(baseURL: site.config.baseURL).check(site.files).map(\.description) == [])
    }

    /// Ids are read as the HTML tokenizer reads them: not in comments, scripts, styles or end tags; quoted, single-quoted,
    /// bare or upper-case; the first of two id attributes on one element; character references decoded.
    @Test func repeatedIDsAreFoundAsBrowsersReadThem() {
        let page = """
            <!DOCTYPE html><!-- <p id="a"> --><p id="a">1</p>
            <script>let s = '<p id="a">';</script><style>/* <b id=a> */</style></p id="a">
            <P ID='b' id="c">2</P><i id=b>3</i><em id="c">4</em>
            <span id="&#100;">5</span><span id="d">6</span><span id="a">7</span><span id="a">8</span>
            """
        #expect(problems(["index.html": page]) == [
            "public/index.html:3:29: error: duplicate id \"b\": an element before it on the page has the same id",
            "public/index.html:4:37: error: duplicate id \"d\": an element before it on the page has the same id",
            "public/index.html:4:58: error: duplicate id \"a\": an element before it on the page has the same id",
        ])
    }

    /// The text of every raw-text element, in any case, is never read as markup; other elements' content is.
    @Test func idsInsideEveryTextElementAreNotIDs() {
        for name in ["script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes", "SCRIPT", "TextArea", "NoFrames"] {
            #expect(problems(["index.html": "<\(name)><p id=\"x\"></\(name)><p id=\"x\">"]) == [], "\(name)")
        }
        for name in ["section", "span", "summary", "table", "nav", "input", "small"] {
            #expect(problems(["index.html": "<\(name)><p id=\"x\"></\(name)><p id=\"x\">"]).count == 1, "\(name)")
        }
    }
}

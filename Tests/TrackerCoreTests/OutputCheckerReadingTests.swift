import Foundation
import Testing
@testable import TrackerCore

/// The output checker's short cuts, each against the general way: `LinkResolver.resolve` reads the common links of a
/// built site from their bytes (`resolvedPlainly`) and any other link step by step (`resolvedBySteps`); the tag scanner
/// compares kept attribute names as bytes; an XML file's keywords are found with `memchr`.
@Suite struct OutputCheckerReadingTestSuite {
    static let baseURLs = ["https://example.org/", "https://example.org/tracker/", "https://example.org/caf%C3%A9/",
                           "http://example.org:8080/a/b", "https://example.org/a+b/", "https://Example.ORG/Tracker/", "ftp://example.org/"]
    static let pages = ["index.html", "incidents/x/index.html", "a/b/c.html", "tracker/index.html"]

    /// Links made of pieces that each touch a rule: segments, dots, query, fragment, percent signs, spaces,
    /// non-ASCII letters, schemes, the base path's own names.
    static func randomLinks(count: Int, seed: UInt64) -> [String] {
        let pieces = ["/", "/", "a", "b", ".", "..", "#", "?", "%", "%2F", "%zz", " ", "\t", "é", "tracker", "//", "x=1", "top",
                      ":", "https:", "incidents", "index.html", "a+b", "\u{301}", "caf%C3%A9", "8080", "example.org", "https://", "http://",
                      "https://example.org/", "https://example.org/tracker/", "other.example", "EXAMPLE.org", ":8080", "@", "~_"]
        var generator = SeededGenerator(seed: seed)
        return (0 ..< count).map { _ in
            (0 ..< Int.random(in: 0 ... 7, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
        }
    }

    static let commonLinks = ["", "#", "#ref-1", "#main", "/", "/incidents/x/", "/incidents/x/#ref-2", "/feed.xml", "/a?b#c", "/a?b",
                              "/tracker/", "/tracker", "/tracker/incidents/x/#cite-1-2", "/caf%C3%A9/", "/a+b/x/", "/a/b/c?x#y#z",
                              "/..a/b../.c/", "/x//y/", "/a/b/.", "/a/./b", "/a/../b", "//example.org/x", "https://example.org/x", " /x",
                              "/é/", "x/y", "../x", "./x", "?q", "/a#%41", "mailto:x@example.org", "https://other.example/x?y#z",
                              "https://EXAMPLE.org/tracker/x/", "https://example.org/tracker/incidents/x/", "https://example.org:443/tracker/",
                              "http://example.org/tracker/x", "https://user@other.example/", "https://other.example:99999/%zz",
                              "https://example.org/tracker/a/../b/", "https://example.org/tracker/a?b", "https://Example.ORG/Tracker/x/"]

    @Test(arguments: [UInt64(1), 2, 3, 4])
    func thePlainReadingAgreesWithTheSteps(seed: UInt64) {
        var answered = 0
        for baseURL in Self.baseURLs {
            let resolver = LinkResolver(baseURL: baseURL)
            for page in Self.pages {
                for link in Self.commonLinks + Self.randomLinks(count: 400, seed: seed) {
                    guard let plain = resolver.resolvedPlainly(link, onPage: page) else { continue }
                    answered += 1
                    #expect(plain == resolver.resolvedBySteps(link, onPage: page), "\(link) on \(page) under \(baseURL)")
                }
            }
        }
        // Enough of the links were read plainly for the comparison to mean something.
        #expect(answered > 1_000)
    }

    @Test func theCommonLinksAreReadPlainlyAndTheRestStepByStep() {
        let resolver = LinkResolver(baseURL: "https://example.org/tracker/")
        let plain = Self.commonLinks.filter { resolver.resolvedPlainly($0, onPage: "incidents/x/index.html") != nil }
        #expect(plain == ["", "#", "#ref-1", "#main", "/", "/incidents/x/", "/incidents/x/#ref-2", "/feed.xml", "/a?b#c", "/a?b",
                          "/tracker/", "/tracker", "/tracker/incidents/x/#cite-1-2", "/a+b/x/", "/a/b/c?x#y#z", "/..a/b../.c/", "/x//y/", "?q",
                          "https://other.example/x?y#z", "https://example.org/tracker/incidents/x/", "https://other.example:99999/%zz"])
        #expect(resolver.resolve("https://example.org/tracker/incidents/x/", onPage: "index.html") == .inSite(path: "incidents/x/", fragment: nil))
        #expect(resolver.resolve("/tracker/incidents/x/#cite-1-2", onPage: "index.html") == .inSite(path: "incidents/x/", fragment: "cite-1-2"))
        #expect(resolver.resolve("/tracker", onPage: "index.html") == .inSite(path: "", fragment: nil))
        #expect(resolver.resolve("/feed.xml", onPage: "index.html") == .outsideBasePath("/feed.xml"))
        #expect(resolver.resolve("#ref-1", onPage: "incidents/x/index.html") == .inSite(path: "incidents/x/index.html", fragment: "ref-1"))
    }

    @Test func topInAnyCaseIsEveryPagesTop() {
        #expect(["top", "TOP", "Top", "tOp"].allSatisfy(CheckedSite.isTop))
        #expect(!["", "to", "tops", "t op", "ｔｏｐ", "tóp", "top\u{301}"].contains(where: CheckedSite.isTop))
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func aNeedleIsFoundWhereASearchByteByByteFindsIt(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let alphabet = Array("ab<".utf8)
        for _ in 0 ..< 2_000 {
            let file = (0 ..< Int.random(in: 0 ... 30, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            let needle = (0 ..< Int.random(in: 1 ... 4, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            let start = Int.random(in: 0 ... file.count, using: &generator)
            let end = Int.random(in: start ... file.count, using: &generator)
            let expected = end - start < needle.count ? nil
                : (start ... end - needle.count).first { Array(file[$0 ..< $0 + needle.count]) == needle }
            #expect(XMLParserInput.firstOffset(of: needle, in: file, from: start, before: end) == expected, "\(file) \(needle) \(start) \(end)")
        }
    }

    /// Pieces of HTML that touch the scanner's rules: case, duplicates, non-ASCII names (the Kelvin sign lowercases to
    /// an ASCII "k"), text elements, comments, bare and quoted values, references.
    static let htmlPieces = ["<a", "<A", "<img", "<base", "<meta", "<KİD", "<p", "</a>", ">", ">", " ", "\n", "/", "=", " href=", " HREF=",
                             " hRef", " src=", " id=", " ID=", " name=", " \u{212A}ey=", " key=", " k\u{212A}ey=", " kkey=", " é=", " \u{00C9}D=", " content=",
                             " http-equiv=refresh", "'0;url=/x'", "\"/y#z\"", "'a>b'", "x&amp;y", "/bare", "<!--", "-->", "<script>",
                             "</script>", "<title>", "</TITLE >", "<SCRIPT>", "<Textarea>", "</textarea>", "<\u{017F}cript>", "<![CDATA[", "]]>", "<!doctype html>", "<?x?>", "&#x2F;", "\u{FFFD}"]

    @Test(arguments: [UInt64(1), 2, 3, 4, 5])
    func keptAttributesAreTheFirstOfEachNameAmongAll(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let keepings: [Set<String>] = [ScannedPage.attributes, ["id"], ["k", "key", "kkey", "href"], ["é", "id", "ÉD".lowercased()],
                                       Set((0 ..< 70).map { "n\($0)" } + ["href", "id"])]
        for _ in 0 ..< 300 {
            let html = (0 ..< Int.random(in: 1 ... 40, using: &generator)).map { _ in Self.htmlPieces.randomElement(using: &generator)! }.joined()
            let bytes = Array(html.utf8)
            let all = HTMLTagScanner.startTags(in: bytes)
            for keeping in keepings {
                let expected = all.map { HTMLStartTag(name: $0.name, attributes: $0.attributes.filter { keeping.contains($0.name) }) }
                #expect(HTMLTagScanner.startTags(in: bytes, keeping: keeping) == expected, "\(html) keeping \(keeping.sorted())")
                // Skipping the tags with none of them (as the output check does) leaves the others as they were.
                var handed: [HTMLStartTag] = []
                bytes.withUnsafeBufferPointer { bytes in
                    HTMLTagScanner.forEachStartTag(in: bytes, keeping: .init(keeping), skippingBare: true) { handed.append($0) }
                }
                #expect(handed == expected.filter { !$0.attributes.isEmpty }, "\(html) keeping \(keeping.sorted())")
            }
        }
    }

    /// A text element's content is no markup, its name in any case (ASCII letters only: `scrİpt`, lowercased `scri̇pt`
    /// with a dot above, is no `script`), whether or not its tag is handed over.
    @Test(arguments: [false, true])
    func textElementsAreSkippedInAnyCase(skippingBare: Bool) {
        let html = "<SCRIPT><a href=/x></script><a href=/y><TextArea><a id=q></TEXTAREA ><a id=r><scr\u{0130}pt><a href=/z><Xmp><a id=s></xmp>"
        var tags: [HTMLStartTag] = []
        Array(html.utf8).withUnsafeBufferPointer { bytes in
            HTMLTagScanner.forEachStartTag(in: bytes, keeping: .init(ScannedPage.attributes), skippingBare: skippingBare) { tags.append($0) }
        }
        let linked = [HTMLStartTag(name: "a", attributes: [HTMLAttribute(name: "href", value: "/y", offset: 36)]),
                      HTMLStartTag(name: "a", attributes: [HTMLAttribute(name: "id", value: "r", offset: 75)]),
                      HTMLStartTag(name: "a", attributes: [HTMLAttribute(name: "href", value: "/z", offset: 94)])]
        let bare = ["script", "textarea", "scri\u{0307}pt", "xmp"].map { HTMLStartTag(name: $0, attributes: []) }
        #expect(tags == (skippingBare ? linked : [bare[0], linked[0], bare[1], linked[1], bare[2], linked[2], bare[3]]))
    }

    /// An attribute's name is its first byte read alone, then the rest (so a first letter beyond ASCII is U+FFFD), lowercased
    /// as a string: `K\u{212A}EY` (a Kelvin sign second) is `kkey`.
    @Test func namesAreLowercasedAsStringsAreAndTheFirstOfTwoWins() {
        let tags = HTMLTagScanner.startTags(in: Array("<A HREF='/a' href='/b' K\u{212A}EY=1 kkey=2 \u{00C9}D=3><KİD id=x>".utf8),
                                            keeping: ["href", "kkey", "éd", "id"])
        #expect(tags == [
            HTMLStartTag(name: "a", attributes: [HTMLAttribute(name: "href", value: "/a", offset: 9),
                                                 HTMLAttribute(name: "kkey", value: "1", offset: 30)]),
            HTMLStartTag(name: "ki̇d", attributes: [HTMLAttribute(name: "id", value: "x", offset: 54)]),
        ])
    }
}

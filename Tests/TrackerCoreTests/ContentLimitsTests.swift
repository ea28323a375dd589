import Foundation
import Testing
@testable import TrackerCore

/// Hostile front matter is refused with a position, and characters that XML and HTML cannot carry never
/// reach the output: each case with the exact error it gives.
@Suite struct ContentLimitsTestSuite {
    func errors(incident: String) throws -> [String] {
        let site = try TestSite(files: ["content/sources/report.md": TestSite.source, "content/incidents/x-block.md": incident])
        defer { site.remove() }
        return site.errors()
    }

    @Test func anAliasBombIsRefusedBeforeItExpands() throws {
        // Ten levels of nine aliases each: 3.5 billion values from 600 bytes.
        var lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for level in 1..<10 {
            lines.append("a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]")
        }
        #expect(try errors(incident: TestSite.incident(lines.joined(separator: "\n"))) == [
            "content/incidents/x-block.md:9:10: error: aliases expand the front matter to more than 100000 values; write the values out instead of repeating anchors",
        ])
    }

    @Test func aFewAliasesAreStillRead() throws {
        let incident = TestSite.incident("tags: &tags [elections]\nregions: *tags")
        #expect(try errors(incident: incident) == [])
    }

    @Test func nestingDeeperThanTheLimitIsAnError() throws {
        let deep = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(try errors(incident: TestSite.incident("tags: " + deep)) == [
            "content/incidents/x-block.md:9:70: error: the front matter nests lists and mappings more than 64 levels deep",
        ])
        // Past libyaml's own limit (1,000 levels) its parser stops first, with the same error, where it stopped.
        let deeper = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
        let mappings = String(repeating: "{a: ", count: 2000) + "1" + String(repeating: "}", count: 2000)
        #expect(try errors(incident: TestSite.incident("tags: " + deeper)) == [
            "content/incidents/x-block.md:9:8: error: the front matter nests lists and mappings more than 64 levels deep",
        ])
        #expect(try errors(incident: TestSite.incident("regions: " + mappings)) == [
            "content/incidents/x-block.md:9:4002: error: the front matter nests lists and mappings more than 64 levels deep",
        ])
    }

    @Test func aFrontMatterOverAMegabyteIsAnError() throws {
        let long = "justification: " + String(repeating: "a", count: 1 << 20)
        #expect(try errors(incident: TestSite.incident(long)) == [
            "content/incidents/x-block.md:2:1: error: the front matter is 1048714 bytes, more than the 1048576 allowed; keep long text in the body",
        ])
    }

    @Test func anEscapedControlCharacterInAValueIsAnError() throws {
        #expect(try errors(incident: TestSite.incident(replacing: ["title": #""X\x0bblocked""#, "ordered_by": #""\e[31m""#])) == [
            "content/incidents/x-block.md:2:8: error: this value holds U+000B (vertical tab), which XML and HTML forbid; remove it",
            "content/incidents/x-block.md:9:13: error: this value holds U+001B (escape), which XML and HTML forbid; remove it",
        ])
    }

    @Test func escapedNoncharactersAndNullAreErrors() throws {
        #expect(try errors(incident: TestSite.incident(replacing: ["title": #""X\uFFFE""#, "justification": #""\0""#])) == [
            "content/incidents/x-block.md:2:8: error: this value holds U+FFFE (a noncharacter), which XML and HTML forbid; remove it",
            "content/incidents/x-block.md:9:16: error: this value holds U+0000 (null), which XML and HTML forbid; remove it",
        ])
    }

    @Test func aLiteralControlCharacterIsReportedWhereItIs() throws {
        let incident = TestSite.incident(body: "Blocked\u{7F} [@report].\nThen \u{85}.", replacing: ["title": "X\u{0B}blocked"])
        #expect(try errors(incident: incident) == [
            "content/incidents/x-block.md:2:9: error: forbidden character U+000B (vertical tab), which XML and HTML forbid; remove it",
            "content/incidents/x-block.md:10:8: error: forbidden character U+007F (delete), which XML and HTML forbid; remove it",
            "content/incidents/x-block.md:11:6: error: forbidden character U+0085 (a control character), which XML and HTML forbid; remove it",
        ])
    }

    @Test func aCharacterReferenceToAForbiddenCharacterIsAnError() throws {
        let incident = TestSite.incident(body: "Blocked [@report] &#x0B; &#27; &#65; &#0; &#xFDD0;")
        #expect(try errors(incident: incident) == [
            "content/incidents/x-block.md:10:19: error: the character reference &#x0B; stands for U+000B (vertical tab), which XML and HTML forbid; remove it",
            "content/incidents/x-block.md:10:26: error: the character reference &#27; stands for U+001B (escape), which XML and HTML forbid; remove it",
            "content/incidents/x-block.md:10:43: error: the character reference &#xFDD0; stands for U+FDD0 (a noncharacter), which XML and HTML forbid; remove it",
        ])
    }

    /// The scan for "&#" finds each "&" many bytes at a time: a reference is found wherever its "&" is, and a
    /// body ending in "&" or "&#" is read no further than its end. The body is read where it lies in its file's
    /// text, after the front matter.
    @Test func aReferenceIsFoundWhereverItsAmpersandIs() throws {
        func found(_ body: String) throws -> [String] {
            let collector = DiagnosticCollector(path: "body.md")
            let file = try FrontMatter.split("---\ntitle: &#11; a\n---\n" + body)
            ForbiddenCharacters.references(in: file.body, firstLine: file.bodyFirstLine, collector: collector)
            return collector.diagnostics.map { "\($0.line):\($0.column)" }
        }
        #expect(try found("&#11;") == ["4:1"])
        #expect(try found("&&#11;") == ["4:2"])
        #expect(try found("x &amp; y\n&#x0B;") == ["5:1"])
        #expect(try found(String(repeating: "&", count: 100) + "&#27;") == ["4:101"])
        #expect(try found(String(repeating: "a&b", count: 40) + "\n\n  &#x1b; &#65;") == ["6:3"])
        #expect(try found("ends with &") == [])
        #expect(try found("ends with &#") == [])
        #expect(try found("&") == [])
        #expect(try found("") == [])
        #expect(try found("#&") == [])
    }

    @Test func tabsLineBreaksAndOtherScriptsAreFine() throws {
        let incident = TestSite.incident(body: "Blocked\t[@report] 😀\r\nok", replacing: ["title": #""X\tblocked ایکس""#])
        #expect(try errors(incident: incident) == [])
    }

    /// Found by hand: a title of a no-break space or a zero-width space built, as an empty heading, an empty
    /// `<title>` and links with no text. A value with no visible character is empty, and says what it holds.
    @Test func aValueOfInvisibleCharactersIsEmpty() throws {
        let incident = TestSite.incident("regions: [Sindh, \"\\u00AD\"]",
                                         replacing: ["title": #""\u00A0\u3000 \u200B\u200B""#, "platforms": #"[X, "\u2060\uFEFF", " "]"#])
        let found = try errors(incident: incident)
        #expect(found == [
            "content/incidents/x-block.md:2:8: error: 'title' must not be empty: it holds only invisible characters (U+00A0, U+3000, U+200B)",
            "content/incidents/x-block.md:4:16: error: an item of 'platforms' is empty: it holds only invisible characters (U+2060, U+FEFF)",
            "content/incidents/x-block.md:4:32: error: an item of 'platforms' is empty",
            "content/incidents/x-block.md:9:18: error: an item of 'regions' is empty: it holds only invisible characters (U+00AD)",
        ], "\(found)")
        // Visible text beside invisible characters is kept as written.
        let kept = TestSite.incident(replacing: ["title": #""X blocked\u200B""#, "platforms": #"["\u00A0X"]"#])
        #expect(try errors(incident: kept) == [])
    }

    @Test func siteYAMLIsCheckedToo() throws {
        let site = try TestSite(files: ["content/sources/report.md": TestSite.source, "content/incidents/x-block.md": TestSite.incident()],
                                siteYAML: "title: \"Test\\x07\"\nbase_url: https://example.org/\n")
        defer { site.remove() }
        #expect(site.errors() == ["content/site.yml:1:8: error: this value holds U+0007 (bell), which XML and HTML forbid; remove it"])
    }
}

import Foundation
import Testing
@testable import TrackerCore

@Suite struct WhitespaceTrimTests {
    /// `trimmingWhitespaceAndNewlines` is Foundation's `trimmingCharacters(in: .whitespacesAndNewlines)`, which it
    /// skips only when the first and last bytes are ASCII and not white space: the same for strings whose ends are
    /// ASCII white space, a no-break or ideographic space, a line separator, NEL, letters beyond ASCII, or nothing.
    @Test(arguments: [UInt64(1), 2, 3])
    func trimsAsFoundationDoes(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let pieces = [" ", "\t", "\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}", "\u{2028}", "\u{3000}", "\u{200B}",
                      "a", "Z", "/", "é", "日", "https://x.example/a/", "%20", "#f", "\u{1F600}", "e\u{301}"]
        #expect("".trimmingWhitespaceAndNewlines == "")
        for _ in 0 ..< 2_000 {
            let text = (0 ..< Int.random(in: 1 ... 6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let expected = text.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(text.trimmingWhitespaceAndNewlines == expected, "\(Array(text.unicodeScalars))")
            #expect(Array(text.trimmingWhitespaceAndNewlines.utf8) == Array(expected.utf8), "\(Array(text.unicodeScalars))")
        }
    }
}

extension WhitespaceTrimTests {
    /// A sitemap's `<loc>` is read without the white space around its URL (a no-break space too), and a `<?name?>`
    /// anywhere is still read as an instruction with empty data (a space put before its `?>`), columns as in the file
    /// (a URL's is that of its `<loc>`'s `>`).
    @Test func aSitemapsURLsAreReadTrimmedAndInstructionsWithoutDataParse() throws {
        let sitemap = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><?a?>\n<urlset><url><loc>\n  https://x.example/a/ \t</loc></url>"
            + "<?bb?><url><loc>https://x.example/b/</loc></url><url><loc>\u{A0}https://x.example/c/\u{A0}</loc></url></urlset>\n"
        let urls = try XMLURLReader.urls(in: Data(sitemap.utf8)).get()
        #expect(urls == [XMLURL(url: "https://x.example/a/", line: 2, column: 18), XMLURL(url: "https://x.example/b/", line: 3, column: 52),
                         XMLURL(url: "https://x.example/c/", line: 3, column: 94)])
        #expect(XMLParserInput.instructionsWithoutData(in: Array(sitemap.utf8)) == [41, 103])
        #expect(XMLParserInput.instructionsWithoutData(in: Array("<?<?x?><?x ?><?<".utf8)) == [5])
    }
}

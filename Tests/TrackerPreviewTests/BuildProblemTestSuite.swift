import Foundation
import Testing
import TrackerCore
@testable import TrackerPreview

@Suite struct BuildProblemTestSuite {
    func file(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "tracker-problem-\(UUID().uuidString).md"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func theExcerptHasTwoLinesEitherSideOfTheError() throws {
        let path = try file("---\ntitle: A\ncountry: PK\nstatus: sorta\ntype: x\nstart: 2024\n---\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let problem = BuildProblem(Diagnostic(path: path, line: 4, column: 9, message: "'status' must be one of ongoing, resolved, unknown, not 'sorta'"))
        #expect(problem.excerpt.map(\.number) == [2, 3, 4, 5, 6])
        #expect(problem.excerpt.filter(\.isFocus).map(\.text) == ["status: sorta"])
        #expect(problem.terminalText == """
            \(path):4:9: error: 'status' must be one of ongoing, resolved, unknown, not 'sorta'
               2 | title: A
               3 | country: PK
             > 4 | status: sorta
                 |         ^
               5 | type: x
               6 | start: 2024
            """)
    }

    /// A page the preview built but never wrote (it repeats an id) shows its own lines, not those of an older `public/`.
    @Test func theExcerptOfABuiltPageComesFromItsBytes() throws {
        let stale = try file("old line 1\nold line 2\nold line 3\n")
        defer { try? FileManager.default.removeItem(atPath: stale) }
        let page = Data("<!DOCTYPE html>\n<p id=\"x\">a</p>\n<p id=\"x\">b</p>\n</html>\n".utf8)
        let problem = BuildProblem(Diagnostic(path: stale, line: 3, column: 7, message: "duplicate id \"x\": an element before it on the page has the same id"),
                                   contents: page)
        #expect(problem.excerpt.map(\.text) == ["<!DOCTYPE html>", "<p id=\"x\">a</p>", "<p id=\"x\">b</p>", "</html>", ""])
        #expect(problem.excerpt.filter(\.isFocus).map(\.number) == [3])
    }

    /// Found by hand: an error at column 901 of a one-line template printed the line cut at 300 characters and
    /// the caret under the 300th. Past the first 300 characters every line shows the stretch around the column.
    @Test func aLongLineShowsTheStretchAroundTheColumn() throws {
        let long = String(repeating: "a", count: 900) + "X" + String(repeating: "b", count: 1_099)
        let path = try file("short\n\(long)\n\(String(repeating: "c", count: 800))\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let problem = BuildProblem(Diagnostic(path: path, line: 2, column: 901, message: "here"))
        let shown = "…" + String(repeating: "a", count: 150) + "X" + String(repeating: "b", count: 149) + "…"
        #expect(problem.excerpt == [
            BuildProblem.Line(number: 1, text: "", isFocus: false),
            BuildProblem.Line(number: 2, text: shown, isFocus: true, caretIndent: String(repeating: " ", count: 151)),
            BuildProblem.Line(number: 3, text: "…" + String(repeating: "c", count: 50), isFocus: false),
            BuildProblem.Line(number: 4, text: "", isFocus: false),
        ])
        #expect(problem.terminalText == """
            \(path):2:901: error: here
               1 | \("")
             > 2 | \(shown)
                 | \(String(repeating: " ", count: 151))^
               3 | …\(String(repeating: "c", count: 50))
               4 | \("")
            """)
        // Within the first 300 characters a long line is cut at its end; a tab before the column stays a tab.
        let tabbed = try file("\tkey:\t" + String(repeating: "é", count: 400) + "\n")
        defer { try? FileManager.default.removeItem(atPath: tabbed) }
        let near = BuildProblem(Diagnostic(path: tabbed, line: 1, column: 8, message: "here"))
        #expect(near.excerpt == [BuildProblem.Line(number: 1, text: "\tkey:\t" + String(repeating: "é", count: 294) + "…", isFocus: true, caretIndent: "\t    \t "),
                                BuildProblem.Line(number: 2, text: "", isFocus: false)])
    }

    @Test func aFileThatCannotBeReadHasNoExcerpt() {
        let problem = BuildProblem(Diagnostic(path: "--base-url", line: 1, column: 1, message: "must be an http:// or https:// address"))
        #expect(problem.excerpt.isEmpty)
        #expect(problem.terminalText == "--base-url:1:1: error: must be an http:// or https:// address")
    }

    @Test func markupInAnErrorTravelsAsJSONText() throws {
        let path = try file("title: <script>alert(1)</script>\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let problem = BuildProblem(Diagnostic(path: path, line: 1, column: 8, message: "bad '</script><b>'"))
        let message = LiveReloadEvent.update(generation: 3, changed: [], problems: [problem])
        #expect(message.hasPrefix("event: update\ndata: {"))
        #expect(message.hasSuffix("}\n\n"))
        #expect(message.components(separatedBy: "\n").count == 4, "one data line, whatever the text holds")
        #expect(message.contains(#""text":"title: <script>alert(1)<\/script>""#) || message.contains(#""text":"title: <script>alert(1)</script>""#))
    }
}

@Suite struct ServedSiteTestSuite {
    @Test func aListenerHearsHelloThenEveryChange() async {
        let site = ServedSite(serverID: "s1")
        let stream = site.listen()
        site.publish(files: ["index.html": Data("a".utf8)], changed: nil)
        site.publish(problems: [BuildProblem(Diagnostic(path: "x.md", line: 1, column: 1, message: "broken"))])
        site.close()
        var messages: [String] = []
        for await message in stream { messages.append(message) }
        #expect(messages.count == 3)
        #expect(messages[0] == "event: hello\ndata: {\"generation\":0,\"problems\":[],\"server\":\"s1\"}\n\n")
        #expect(messages[1] == "event: update\ndata: {\"changed\":null,\"generation\":1,\"problems\":[]}\n\n")
        #expect(messages[2].contains("\"message\":\"broken\""))
        #expect(site.snapshot.files?["index.html"] == Data("a".utf8), "errors keep the last good build")
    }

    @Test func closingEndsEveryStreamAndRefusesNewOnes() async {
        let site = ServedSite()
        let first = site.listen()
        site.close()
        var count = 0
        for await _ in first { count += 1 }
        #expect(count == 1)
        var late = 0
        for await _ in site.listen() { late += 1 }
        #expect(late == 0)
        #expect(site.listenerCount == 0)
    }
}

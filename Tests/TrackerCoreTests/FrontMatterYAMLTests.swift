import Foundation
import Testing
@testable import TrackerCore

/// The fast front-matter parser against Yams: wherever the fast parser accepts a text, its tree must be exactly
/// the one Yams gives (every value byte for byte, every style, every mark); wherever it is unsure it must give up.
@Suite struct FrontMatterYAMLTestSuite {
    // MARK: - Helpers

    /// A byte-exact rendering of a tree: scalars as escaped UTF-8, styles, marks, nesting.
    static func render(_ node: FrontMatterNode) -> String {
        func mark(_ mark: FrontMatterMark?) -> String { mark.map { "\($0.line):\($0.column)" } ?? "-" }
        switch node {
        case let .scalar(string, plain, at):
            var text = ""
            for byte in string.utf8 {
                if byte >= 0x20 && byte < 0x7F && byte != UInt8(ascii: "\\") && byte != UInt8(ascii: "\"") {
                    text.append(Character(Unicode.Scalar(byte)))
                } else {
                    text += "\\x" + String(byte, radix: 16)
                }
            }
            return "\(plain ? "plain" : "quoted")@\(mark(at))\"\(text)\""
        case let .sequence(items, at):
            return "[@\(mark(at)) " + items.map(render).joined(separator: ", ") + "]"
        case let .mapping(pairs, at):
            return "{@\(mark(at)) " + pairs.map { render($0.key) + ": " + render($0.value) }.joined(separator: ", ") + "}"
        case let .alias(at):
            return "*@\(mark(at))"
        }
    }

    enum Outcome: Equatable {
        case fellBack
        case agreed
        case disagreed(fast: String, yams: String)
    }

    /// What the fast parser made of `yaml`, checked against Yams.
    static func compare(_ yaml: String) -> Outcome {
        guard let fast = FrontMatterYAML.parseFast(yaml) else { return .fellBack }
        let yams: String
        do {
            yams = try FrontMatterYAML.parseWithYams(yaml).map(render) ?? "(empty document)"
        } catch {
            yams = "error: \(error)"
        }
        let fastText = render(fast)
        return fastText == yams ? .agreed : .disagreed(fast: fastText, yams: yams)
    }

    /// Checks every text, returns how many the fast parser accepted.
    @discardableResult
    static func expectAgreement(_ texts: [(name: String, yaml: String)], sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Int {
        var accepted = 0
        for (name, yaml) in texts {
            switch compare(yaml) {
            case .fellBack: break
            case .agreed: accepted += 1
            case let .disagreed(fast, yams):
                Issue.record("\(name): the fast parser disagrees with Yams on \(String(reflecting: yaml))\n fast: \(fast)\n yams: \(yams)",
                             sourceLocation: sourceLocation)
            }
        }
        return accepted
    }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// The YAML of every `.md` (its front matter) and `site.yml` under `directory`, as the loader would parse it.
    static func yamlTexts(under directory: String) -> [(name: String, yaml: String)] {
        var texts: [(name: String, yaml: String)] = []
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        while let relative = enumerator.nextObject() as? String {
            let path = directory + "/" + relative
            guard relative.hasSuffix(".md") || relative.hasSuffix("site.yml"),
                  let data = FileManager.default.contents(atPath: path),
                  let text = String(validating: data, as: UTF8.self) else { continue }
            if relative.hasSuffix(".md") {
                guard let split = try? FrontMatter.split(text) else { continue }
                texts.append((path, split.yaml))
            } else {
                texts.append((path, FrontMatter.normalizedLineEnds(text)))
            }
        }
        return texts.sorted { $0.name < $1.name }
    }

    // MARK: - Real files

    @Test func agreesWithYamsOnTheExampleSiteAndTestFixtures() {
        let content = Self.yamlTexts(under: Self.packageRoot + "/content")
        let fixtures = Self.yamlTexts(under: Self.packageRoot + "/Tests")
        #expect(content.count >= 10)
        #expect(fixtures.count >= 5)
        let acceptedContent = Self.expectAgreement(content)
        Self.expectAgreement(fixtures)
        // Every Markdown file of the example site is in the subset (site.yml, with its nested options, is not).
        #expect(acceptedContent == content.filter { $0.name.hasSuffix(".md") }.count)
    }

    static let python: String? = ["/usr/bin/python3", "/usr/local/bin/python3", "/bin/python3"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: python != nil, "needs python3 for scripts/gen-corpus.py"))
    func agreesWithYamsOnAGeneratedCorpus() throws {
        let directory = NSTemporaryDirectory() + "tracker-yaml-corpus-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python!)
        // Other tests change the process's working directory for a moment (and then delete it): the child must not inherit it.
        process.currentDirectoryURL = URL(fileURLWithPath: Self.packageRoot)
        process.arguments = [Self.packageRoot + "/scripts/gen-corpus.py", "--incidents", "300", "--seed", "1", "--out", directory]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let texts = Self.yamlTexts(under: directory + "/content")
        #expect(texts.count > 400)
        let accepted = Self.expectAgreement(texts)
        // All but site.yml are in the subset.
        #expect(accepted == texts.count - 1)
    }

    // MARK: - Crafted texts the fast parser reads

    static let accepted: [String] = [
        "title: A\n",
        "title: A",
        "title: A   \n",
        "title:    spaced out value  \n",
        "a: 1\nb: 2\nc: three words here\n",
        "key-with-dash: x\n_under: y\nK9: z\na_b-c: w\n",
        "url: https://example.org/a?b=c#frag\n",
        "text: a:b c:d\n",
        "text: a#b\n",
        "text: a, b [c] {d} e\n",
        "text: it's \"quoted\" inside\n",
        "text: ends with a dash -\n",
        "text: x - y\n",
        "text: 50% done\n",
        "text: a!b&c*d|e>f@g`h\n",
        "text: ~x\n",
        "a: ~\nb: null\nc: Null\nd: NULL\ne: nULL\n",
        "a: 'yes'\nb: \"no\"\nc: yes\nd: 'null'\ne: \"~\"\nf: ''\ng: \"\"\n",
        "title: \"Quoted: with colon # and hash\"\n",
        "title: \"Escapes \\\" \\\\ \\/ \\n \\t \\r \\0 \\a \\b \\e \\f \\v \\  \\N \\_ \\L \\P\"\n",
        "title: \"Hex \\x41 \\x7f \\xe9 \\u00e9 \\u20AC \\U0001F600 \\u0000\"\n",
        "title: \"  padded  \"\n",
        "title: 'It''s single '' quoted'\n",
        "title: 'a\\b \"c\" # d: e'\n",
        "title: '  '\n",
        "title: Côte d'Ivoire — ünïcödé 😀 text\n",
        "title: \u{00A0}starts with a no-break space\n",
        "title: ends with a no-break space\u{00A0}\n",
        "title: 中文标题\n",
        "regions: []\n",
        "regions: [ ]\n",
        "regions: [a]\n",
        "regions: [a, b, c]\n",
        "regions: [a,b,c]\n",
        "regions: [ a , b ]\n",
        "regions: [two words, three more words]\n",
        "regions: [Istanbul, \"Diyarbakır\"]\n",
        "regions: [\"N'Djamena\"]\n",
        "regions: [N'Djamena, it\"s]\n",
        "regions: ['single', 'it''s']\n",
        "regions: [ü, ñ, 😀, Côte d'Ivoire, x]\n",
        "title: ünïcödé\nregions: [é, \"ü\", 'ñ', 😀x]\n",
        "regions: [a-b, a_b, a.b, a/b, a~b, a!b, a?b, a*b]\n",
        "regions: [\"a, b\", \"[c]\", 'd: e']\n",
        "regions: [a]   \n",
        "regions: []\ntags: []\naliases: []\n",
        "timeline:\n  - date: 2024-02-08\n    text: Something happened.\n    sources: [a, b]\n",
        "timeline:\n  - date: 2024-02-08\n    text: One\n    sources: [a]\n  - date: 2024-02-09\n    text: Two\n    sources: [b, c]\ntitle: After\n",
        "timeline:\n - date: x\n   text: y\n",
        "timeline:\n    - date: x\n      text: y\n    - date: z\n",
        "timeline:\n  -   date: x\n      text: y\n",
        "timeline:   \n  - date: x\n",
        "timeline:\n  - date: \"quoted\"\n    text: 'single'\n    sources: [\"q\", 'r', s]\n",
        "timeline:\n  - date: ünï\n    text: é [x]\n    sources: [ü, ñ]\n",
        "timeline:\n  - date: ~\n    text: null\n    sources: []\n",
        "tags:\n  - a\n  - b c\n  - \"d\"\n  - 'e'\n  - ~\n",
        "tags:\n  - a\n  - key: value\n  - b\n",
        "tags:\n  - a:b\n  - http://x.example/\n",
        "\n\ntitle: After blank lines\n",
        "# a comment\ntitle: After a comment\n",
        "title: A\n\n\nb: B\n",
        "title: A\n# comment\n  # indented comment\nb: B\n",
        "title: A\n   \nb: B\n",
        "#\ntitle: A\n#\n",
        "timeline:\n# comment before the items\n  - date: x\n\n    text: y\n# comment between\n  - date: z\n    # indented comment\n    text: w\n",
        "timeline:\n\n  - date: x\n\n\n  - date: y\n\ntitle: t\n",
        "title: A\ntimeline:\n  - date: x\n",
        "a: 1\ntimeline:\n  - date: x\n    text: y\nb: 2\nlist:\n  - one\n  - two\nc: 3\n",
        "title: x --- y\nother: x ... y\n",
    ]

    @Test(arguments: accepted)
    func readsTheSubsetExactlyAsYamsDoes(_ yaml: String) {
        let outcome = Self.compare(yaml)
        #expect(outcome == .agreed, "\(String(reflecting: yaml))")
    }

    // MARK: - Crafted texts it must leave to Yams

    static let fallBack: [String] = [
        // Documents: empty, markers, directives, a BOM, not a mapping.
        "",
        "\n\n",
        "# only a comment\n",
        "---\ntitle: A\n",
        "title: A\n---\n",
        "title: A\n...\n",
        "%YAML 1.1\n---\ntitle: A\n",
        "\u{FEFF}title: A\n",
        "just a scalar\n",
        "- a\n- b\n",
        // Characters: tabs, CR, controls, NEL, LS, PS, BOM, U+FFFE.
        "title: a\tb\n",
        "title:\tA\n",
        "title: A\r\n",
        "title: a\u{0007}b\n",
        "title: a\u{007F}b\n",
        "title: a\u{0085}b\n",
        "title: a\u{0090}b\n",
        "title: a\u{2028}b\n",
        "title: a\u{2029}b\n",
        "title: a\u{FEFF}b\n",
        "title: a\u{FFFE}b\n",
        "title: a\u{0000}b\n",
        // Keys: quoted, indented, odd names, no space after the colon, duplicates, nulls.
        "\"title\": A\n",
        "'title': A\n",
        " title: A\n",
        "9lives: A\n",
        "-key: A\n",
        "ti tle: A\n",
        "a.b: A\n",
        "title:A\n",
        "title: A\ntitle: B\n",
        "timeline:\n  - date: x\n    date: y\n",
        "title:\n",
        "title:\nother: x\n",
        "title:   \n",
        "title: A\nempty:\n",
        "? title\n: A\n",
        "<<: A\n",
        "\(String(repeating: "k", count: 300)): A\n",
        // Plain values: indicators first, mapping values inside, comments, continuations.
        "title: -A\n",
        "title: ---x\n",
        "title: - A\n",
        "title: ?A\n",
        "title: :A\n",
        "title: ,A\n",
        "title: #A\n",
        "title: &anchor A\n",
        "title: *alias\n",
        "title: !tag A\n",
        "title: !!str A\n",
        "title: |\n  block\n",
        "title: >\n  folded\n",
        "title: %A\n",
        "title: @A\n",
        "title: `A\n",
        "title: {a: b}\n",
        "title: a: b\n",
        "title: a:\n",
        "title: a #comment\n",
        "title: A\n  continued\n",
        "title: A\n continued\n",
        "title: A\n\n  continued after a blank line\n",
        "title: A\n  - not a list\n",
        "title: A\n  key: value\n",
        // Quoted values: unclosed, multi-line, trailing text, unknown or invalid escapes, an escaped line break.
        "title: \"open\n",
        "title: \"two\n  lines\"\n",
        "title: 'two\n  lines'\n",
        "title: \"a\" b\n",
        "title: \"a\" # comment\n",
        "title: 'a'b\n",
        "title: \"a\":\n",
        "title: \"\\q\"\n",
        "title: \"\\uD800\"\n",
        "title: \"\\U00110000\"\n",
        "title: \"\\x4\"\n",
        "title: \"\\u12G4\"\n",
        "title: \"end\\\n  next\"\n",
        "title: \"a\\\"\n",
        // Flow sequences: nesting, mappings, empty items, trailing commas, multi-line, odd items, trailing text.
        "regions: [a, [b]]\n",
        "regions: [[]]\n",
        "regions: [{a: b}]\n",
        "regions: [a: b]\n",
        "regions: [a:b]\n",
        "regions: [http://x.example]\n",
        "regions: [a, , b]\n",
        "regions: [, a]\n",
        "regions: [a,]\n",
        "regions: [a, ]\n",
        "regions: [a\n",
        "regions: [a,\n  b]\n",
        "regions: [a] b\n",
        "regions: [a] # comment\n",
        "regions: [a]:\n",
        "regions: [-a]\n",
        "regions: [a #b]\n",
        "regions: [a#b]\n",
        "regions: [&x a]\n",
        "regions: [*x]\n",
        "regions: [!t a]\n",
        "regions: [?a]\n",
        "regions: [\"a\" b]\n",
        "regions: ['a', 'b' c]\n",
        "regions: [a}\n",
        "regions: [a{b]\n",
        // Block sequences: unindented, uneven, nested, empty items, misaligned keys, flow items, deeper values.
        "timeline:\n- date: x\n",
        "timeline:\n  - date: x\n   - date: y\n",
        "timeline:\n  - date: x\n - date: y\n",
        "timeline:\n  -\n",
        "timeline:\n  - \n",
        "timeline:\n  -date: x\n",
        "timeline:\n  - - a\n",
        "timeline:\n  - [a]\n",
        "timeline:\n  - date:\n",
        "timeline:\n  - date: x\n    text:\n",
        "timeline:\n  - date: x\n     text: y\n",
        "timeline:\n  - date: x\n   text: y\n",
        "timeline:\n  - date: x\n    text: y\n      more: z\n",
        "timeline:\n  - date: x\n    text: y\n    - z\n",
        "timeline:\n  - date: x\n    sources:\n      - a\n",
        "timeline:\n  - date: x\n    note: a: b\n",
        "timeline:\n  - a\n    b\n",
        "timeline:\n  - a #c\n",
        "timeline:\n  - &a x\n  - *a\n",
        "timeline:\n\n",
        "timeline:\n# only a comment\n",
        "timeline:\n  key: value\n",
        "options:\n  raw_html: false\n",
    ]

    @Test(arguments: fallBack)
    func leavesEverythingElseToYams(_ yaml: String) {
        #expect(FrontMatterYAML.parseFast(yaml) == nil, "\(String(reflecting: yaml))")
    }

    /// Escapes the fast parser reads must not produce a character Yams would treat differently (a BOM, say).
    @Test func agreesOnEveryEscapedCharacterClass() {
        let values: [UInt32] = [0, 1, 0x1F, 0x20, 0x7E, 0x7F, 0x80, 0x85, 0x9F, 0xA0, 0xFF, 0x100, 0x7FF, 0x800, 0x2028, 0x2029,
                                0xD7FF, 0xE000, 0xFEFF, 0xFFFD, 0xFFFE, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF]
        var texts: [(name: String, yaml: String)] = []
        for value in values {
            let hex = String(value, radix: 16)
            let u4 = String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            let u8 = String(repeating: "0", count: max(0, 8 - hex.count)) + hex
            if value <= 0xFF {
                let x2 = String(repeating: "0", count: max(0, 2 - hex.count)) + hex
                texts.append(("\\x\(x2)", "title: \"\\x\(x2)\"\n"))
                texts.append(("\\x\(x2) inside", "title: \"a\\x\(x2)b\"\n"))
            }
            if value <= 0xFFFF { texts.append(("\\u\(u4)", "title: \"\\u\(u4)\"\nother: \"x\\u\(u4)\"\n")) }
            texts.append(("\\U\(u8)", "title: \"\\U\(u8)\"\nregions: [\"\\U\(u8)\", b]\n"))
        }
        let accepted = Self.expectAgreement(texts)
        // All but the byte-order mark, which Foundation drops from the start of the string Yams makes.
        #expect(accepted == texts.count - 2)
        #expect(FrontMatterYAML.parseFast("title: \"\\uFEFF\"\n") == nil)
    }

    // MARK: - Generated texts

    /// The suite's deterministic generator (`SeededGenerator`, SplitMix64) with helpers, so failures reproduce.
    struct Generator {
        var source: SeededGenerator
        init(state: UInt64) { source = SeededGenerator(seed: state) }
        mutating func next() -> UInt64 { source.next() }
        mutating func int(_ range: Range<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
        mutating func chance(_ percent: Int) -> Bool { int(0..<100) < percent }
        mutating func pick<T>(_ items: [T]) -> T { items[int(0..<items.count)] }
    }

    /// Pieces that sit near the subset's edges: indicators, quotes, escapes, spaces, non-ASCII, line breaks.
    static let pieces = [
        "a", "b", "Z", "0", "9", " ", "  ", "-", ":", ": ", "#", " #", "'", "''", "\"", ",", ", ", "[", "]", "{", "}",
        "~", "!", "&", "*", "?", "|", ">", "%", "@", "`", "/", "\\", "\\n", "\\\"", "\\x41", "\\u00e9", "\\q", ".",
        "é", "ı", "€", "😀", "\u{A0}", "中", "null", "yes", "\t", "\n", "\n  ", "---", "...", "- ", "\n  - ", "\r",
        "\u{85}", "\u{2028}", "\u{FEFF}", "\u{7F}", "\u{0}",
    ]

    static func word(_ generator: inout Generator, length: Int) -> String {
        (0..<length).map { _ in generator.pick(pieces) }.joined()
    }

    static func value(_ generator: inout Generator, inFlow: Bool = false) -> String {
        switch generator.int(0..<10) {
        case 0: return generator.pick(["~", "null", "''", "\"\"", "'yes'", "NULL", "x"])
        case 1, 2: return "\"" + word(&generator, length: generator.int(0..<6)) + "\""
        case 3: return "'" + word(&generator, length: generator.int(0..<6)) + "'"
        case 4 where !inFlow:
            let separators = [", ", ",", " , ", ",  "]
            let items = (0..<generator.int(0..<4)).map { _ in value(&generator, inFlow: true) }
            return "[" + (generator.chance(20) ? " " : "") + items.joined(separator: generator.pick(separators)) + "]"
        case 5, 6: return generator.pick(["Plain text", "2024-02-08", "https://x.example/a", "Côte d'Ivoire", "a b  c"])
        default: return word(&generator, length: generator.int(1..<6))
        }
    }

    static func frontMatter(_ generator: inout Generator) -> String {
        var lines: [String] = []
        let keys = ["title", "a-b", "_x", "K9", "regions", "tags", "text", "date", "sources", "x"]
        for _ in 0..<generator.int(1..<6) {
            if generator.chance(10) { lines.append(generator.pick(["", "  ", "# c", "   # c", "#"])) }
            let key = generator.pick(keys)
            if generator.chance(25) {
                lines.append(key + ":" + (generator.chance(10) ? "  " : ""))
                let indent = String(repeating: " ", count: generator.int(1..<5))
                for _ in 0..<generator.int(1..<4) {
                    if generator.chance(40) {
                        lines.append(indent + "- " + value(&generator))
                    } else {
                        let gap = String(repeating: " ", count: generator.int(1..<3))
                        let keyIndent = indent + String(repeating: " ", count: 1 + gap.count)
                        var first = true
                        for _ in 0..<generator.int(1..<4) {
                            let line = generator.pick(keys) + ": " + value(&generator)
                            if first {
                                lines.append(indent + "-" + gap + line)
                                first = false
                            } else {
                                let shift = generator.chance(8) ? generator.pick([" ", ""]) : ""
                                lines.append((generator.chance(8) ? indent + shift : keyIndent) + line)
                            }
                            if generator.chance(8) { lines.append(generator.pick(["", keyIndent + "# c", "# c"])) }
                        }
                    }
                }
            } else {
                lines.append(key + ":" + generator.pick([" ", " ", " ", "  "]) + value(&generator) + (generator.chance(10) ? " " : ""))
            }
        }
        let text = lines.joined(separator: "\n") + (generator.chance(90) ? "\n" : "")
        // Sometimes a random edit, to probe the boundaries.
        return generator.chance(40) ? mutate(text, &generator) : text
    }

    @Test func agreesWithYamsOnGeneratedEdgeCases() {
        var generator = Generator(state: 0x5EED)
        let texts = (0..<20000).map { index in ("generated #\(index)", Self.frontMatter(&generator)) }
        let accepted = Self.expectAgreement(texts)
        // Enough of them land inside the subset for the comparison to mean something, and enough outside.
        #expect(accepted > 2000)
        #expect(accepted < 18000)
    }

    /// One to three random edits to a text, each deleting, inserting or replacing at a random place.
    static func mutate(_ text: String, _ generator: inout Generator) -> String {
        var scalars = Array(text.unicodeScalars)
        for _ in 0..<generator.int(1..<4) where !scalars.isEmpty {
            let position = generator.int(0..<scalars.count)
            switch generator.int(0..<3) {
            case 0: scalars.remove(at: position)
            case 1: scalars.insert(contentsOf: generator.pick(pieces).unicodeScalars, at: position)
            default: scalars[position] = generator.pick(pieces).unicodeScalars.first!
            }
        }
        return String(String.UnicodeScalarView(scalars))
    }

    @Test func agreesWithYamsOnEditedRealFrontMatter() {
        let originals = Self.yamlTexts(under: Self.packageRoot + "/content").map(\.yaml)
        var generator = Generator(state: 0xF00D)
        let texts = (0..<20000).map { index in ("edit #\(index)", Self.mutate(generator.pick(originals), &generator)) }
        let accepted = Self.expectAgreement(texts)
        #expect(accepted > 2000)
        #expect(accepted < 18000)
    }

    // MARK: - The loading path

    /// Incidents whose front matter falls back still give exactly the diagnostics they gave before the fast parser
    /// existed (recorded with the previous build's `tracker check`), through the public loading path. (A tab a
    /// message quotes is written `\t` since errors are kept to one line of printable characters.)
    @Test func fallbackFilesKeepTheirDiagnostics() throws {
        let cases: [(name: String, incident: String, errors: [String])] = [
            ("dup-timeline", "---\ntitle: X blocked\ncountry: PK\nplatforms: [X]\ntype: service-block\nstatus: ongoing\nverification: confirmed\nstart: 2024-02-17\ntimeline:\n  - date: 2024-02-17\n    date: 2024-02-18\n    text: T\n    sources: [report]\n---\nBlocked [@report].\n",
             ["content/incidents/x-block.md:10:5: error: duplicate key 'date' in front matter"]),
            ("unclosed-quote", "---\ntitle: X blocked\ncountry: PK\nplatforms: [X]\ntype: service-block\nstatus: ongoing\nverification: confirmed\nstart: 2024-02-17\njustification: \"open\n---\nBlocked [@report].\n",
             ["content/incidents/x-block.md:10:1: error: invalid YAML: found unexpected end of stream (while scanning a quoted scalar)"]),
            ("mapping-in-value", "---\ntitle: X blocked\ncountry: PK\nplatforms: [X]\ntype: service-block\nstatus: ongoing\nverification: confirmed\nstart: 2024-02-17\njustification: a: b\n---\nBlocked [@report].\n",
             ["content/incidents/x-block.md:9:17: error: invalid YAML: mapping values are not allowed in this context"]),
            ("empty-flow-item", "---\ntitle: X blocked\ncountry: PK\nplatforms: [X]\ntype: service-block\nstatus: ongoing\nverification: confirmed\nstart: 2024-02-17\ntags: [a, , b]\n---\nBlocked [@report].\n",
             ["content/incidents/x-block.md:9:11: error: invalid YAML: did not find expected node content (while parsing a flow node)"]),
            ("at-sign", "---\ntitle: X blocked\ncountry: PK\nplatforms: [X]\ntype: service-block\nstatus: ongoing\nverification: confirmed\nstart: 2024-02-17\njustification: @A\n---\nBlocked [@report].\n",
             ["content/incidents/x-block.md:9:16: error: invalid YAML: found character that cannot start any token (while scanning for the next token)"]),
            ("undefined-alias", "---\ntitle: X blocked\ncountry: PK\nplatforms: [X]\ntype: service-block\nstatus: ongoing\nverification: confirmed\nstart: 2024-02-17\njustification: *nothing\n---\nBlocked [@report].\n",
             ["content/incidents/x-block.md:9:16: error: invalid YAML: found undefined alias"]),
            ("tab-in-value", "---\ntitle: X blocked\ncountry: PK\nplatforms: [X]\ntype: service-block\nstatus: \"on\tgoing\"\nverification: confirmed\nstart: 2024-02-17\n---\nBlocked [@report].\n",
             ["content/incidents/x-block.md:6:9: error: 'status' must be one of ongoing, resolved, unknown, not 'on\\tgoing'; did you mean 'ongoing'?"]),
            ("tab-in-plain", "---\ntitle: X blocked\ncountry: PK\nplatforms: [X]\ntype: service-block\nstatus: on\tgoing\nverification: confirmed\nstart: 2024-02-17\n---\nBlocked [@report].\n",
             ["content/incidents/x-block.md:6:9: error: 'status' must be one of ongoing, resolved, unknown, not 'on\\tgoing'; did you mean 'ongoing'?"]),
            ("tab-after-colon", "---\ntitle: X blocked\ncountry: PK\nplatforms: [X]\ntype: service-block\nstatus: \tongoing\nverification: confirmed\nstart: 2024-02-17\n---\nBlocked [@report].\n",
             []),
            ("root-sequence", "---\n- a\n- b\n---\nBody\n",
             ["content/incidents/x-block.md:2:1: error: the front matter must be a mapping of keys to values"]),
            ("root-scalar", "---\njust text\n---\nBody\n",
             ["content/incidents/x-block.md:2:1: error: the front matter must be a mapping of keys to values"]),
            ("empty", "---\n---\nBody\n",
             ["content/incidents/x-block.md:1:1: error: missing required key 'country' in incident", "content/incidents/x-block.md:1:1: error: missing required key 'platforms' in incident", "content/incidents/x-block.md:1:1: error: missing required key 'start' in incident", "content/incidents/x-block.md:1:1: error: missing required key 'status' in incident", "content/incidents/x-block.md:1:1: error: missing required key 'title' in incident", "content/incidents/x-block.md:1:1: error: missing required key 'type' in incident", "content/incidents/x-block.md:1:1: error: missing required key 'verification' in incident"]),
            ("comment-only", "---\n# nothing\n---\nBody\n",
             ["content/incidents/x-block.md:1:1: error: missing required key 'country' in incident", "content/incidents/x-block.md:1:1: error: missing required key 'platforms' in incident", "content/incidents/x-block.md:1:1: error: missing required key 'start' in incident", "content/incidents/x-block.md:1:1: error: missing required key 'status' in incident", "content/incidents/x-block.md:1:1: error: missing required key 'title' in incident", "content/incidents/x-block.md:1:1: error: missing required key 'type' in incident", "content/incidents/x-block.md:1:1: error: missing required key 'verification' in incident"]),
            ("misaligned-key", "---\ntitle: X blocked\ncountry: PK\nplatforms: [X]\ntype: service-block\nstatus: ongoing\nverification: confirmed\nstart: 2024-02-17\ntimeline:\n  - date: 2024-02-17\n     text: T\n    sources: [report]\n---\nBlocked [@report].\n",
             ["content/incidents/x-block.md:11:10: error: invalid YAML: mapping values are not allowed in this context"]),
            ("unknown-escape", "---\ntitle: X blocked\ncountry: PK\nplatforms: [X]\ntype: service-block\nstatus: ongoing\nverification: confirmed\nstart: 2024-02-17\njustification: \"\\q\"\n---\nBlocked [@report].\n",
             ["content/incidents/x-block.md:9:17: error: invalid YAML: found unknown escape character (while parsing a quoted scalar)"]),
            ("block-literal", "---\ntitle: X blocked\ncountry: PK\nplatforms: [X]\ntype: service-block\nstatus: |\n  on going\nverification: confirmed\nstart: 2024-02-17\n---\nBlocked [@report].\n",
             ["content/incidents/x-block.md:6:9: error: 'status' must be one of ongoing, resolved, unknown, not 'on going'; did you mean 'ongoing'?"]),
            ("block-folded", "---\ntitle: X blocked\ncountry: PK\nplatforms: [X]\ntype: service-block\nstatus: >\n  on\n  going\nverification: confirmed\nstart: 2024-02-17\n---\nBlocked [@report].\n",
             ["content/incidents/x-block.md:6:9: error: 'status' must be one of ongoing, resolved, unknown, not 'on going'; did you mean 'ongoing'?"]),
            ("bom-line2", "---\n\u{FEFF}title: X\n---\nBody\n",
             ["content/incidents/x-block.md:1:1: error: missing required key 'country' in incident", "content/incidents/x-block.md:1:1: error: missing required key 'platforms' in incident", "content/incidents/x-block.md:1:1: error: missing required key 'start' in incident", "content/incidents/x-block.md:1:1: error: missing required key 'status' in incident", "content/incidents/x-block.md:1:1: error: missing required key 'type' in incident", "content/incidents/x-block.md:1:1: error: missing required key 'verification' in incident"]),
            ("anchor-alias", "---\ntitle: X blocked\ncountry: PK\nplatforms: [X]\ntype: service-block\nstatus: ongoing\nverification: confirmed\nstart: 2024-02-17\ntags: &t [a]\naliases: *t\n---\nBlocked [@report].\n",
             []),
            ("trailing-comment", "---\ntitle: X blocked\ncountry: PK\nplatforms: [X]\ntype: service-block\nstatus: ongoing # comment\nverification: confirmed\nstart: 2024-02-17\n---\nBlocked [@report].\n",
             []),
            ("continuation", "---\ntitle: X blocked\ncountry: PK\nplatforms: [X]\ntype: service-block\nstatus: on\n  going\nverification: confirmed\nstart: 2024-02-17\n---\nBlocked [@report].\n",
             ["content/incidents/x-block.md:6:9: error: 'status' must be one of ongoing, resolved, unknown, not 'on going'; did you mean 'ongoing'?"]),
            ("flow-mapping", "---\ntitle: X blocked\ncountry: PK\nplatforms: [X]\ntype: service-block\nstatus: ongoing\nverification: confirmed\nstart: 2024-02-17\ntags: {a: b}\n---\nBlocked [@report].\n",
             ["content/incidents/x-block.md:9:7: error: 'tags' must be a list, like [a, b]"]),
            ("nested-seq", "---\ntitle: X blocked\ncountry: PK\nplatforms: [X]\ntype: service-block\nstatus: ongoing\nverification: confirmed\nstart: 2024-02-17\ntags: [a, [b]]\n---\nBlocked [@report].\n",
             ["content/incidents/x-block.md:9:11: error: each item of 'tags' must be a single value"]),
            ("doc-end", "---\ntitle: X blocked\ncountry: PK\nplatforms: [X]\ntype: service-block\nstatus: ongoing\nverification: confirmed\nstart: 2024-02-17\n...\n---\nBlocked [@report].\n",
             []),
            ("null-value", "---\ntitle: X blocked\ncountry: PK\nplatforms: [X]\ntype: service-block\nstatus: ongoing\nverification: confirmed\nstart: 2024-02-17\ntags:\n---\nBlocked [@report].\n",
             []),
            ("indentless", "---\ntitle: X blocked\ncountry: PK\nplatforms: [X]\ntype: service-block\nstatus: ongoing\nverification: confirmed\nstart: 2024-02-17\ntags:\n- a\n- b\n---\nBlocked [@report].\n",
             []),
            ("nel", "---\ntitle: X blocked\ncountry: PK\nplatforms: [X]\ntype: service-block\nstatus: on\u{85}going\nverification: confirmed\nstart: 2024-02-17\n---\nBlocked [@report].\n",
             ["content/incidents/x-block.md:6:11: error: forbidden character U+0085 (a control character), which XML and HTML forbid; remove it",
              "content/incidents/x-block.md:8:1: error: invalid YAML: could not find expected ':' (while scanning a simple key)"]),
            ("ls", "---\ntitle: X blocked\ncountry: PK\nplatforms: [X]\ntype: service-block\nstatus: on\u{2028}going\nverification: confirmed\nstart: 2024-02-17\n---\nBlocked [@report].\n",
             ["content/incidents/x-block.md:8:1: error: invalid YAML: could not find expected ':' (while scanning a simple key)"]),
            ("c1-control", "---\ntitle: X blocked\ncountry: PK\nplatforms: [X]\ntype: service-block\nstatus: on\u{90}going\nverification: confirmed\nstart: 2024-02-17\n---\nBlocked [@report].\n",
             ["content/incidents/x-block.md:6:11: error: forbidden character U+0090 (a control character), which XML and HTML forbid; remove it"]),
            ("quoted-key", "---\ntitle: X blocked\ncountry: PK\nplatforms: [X]\ntype: service-block\nstatus: ongoing\nverification: confirmed\nstart: 2024-02-17\n\"title\": Y\n---\nBlocked [@report].\n",
             ["content/incidents/x-block.md:2:1: error: duplicate key 'title' in front matter"]),
            ("trailing-comma", "---\ntitle: X blocked\ncountry: PK\nplatforms: [X]\ntype: service-block\nstatus: ongoing\nverification: confirmed\nstart: 2024-02-17\ntags: [a, b,]\n---\nBlocked [@report].\n",
             []),
            ("multiline-quoted", "---\ntitle: X blocked\ncountry: PK\nplatforms: [X]\ntype: service-block\nstatus: \"on\n  going\"\nverification: confirmed\nstart: 2024-02-17\n---\nBlocked [@report].\n",
             ["content/incidents/x-block.md:6:9: error: 'status' must be one of ongoing, resolved, unknown, not 'on going'; did you mean 'ongoing'?"]),
            ("date-in-seq-scalar", "---\ntitle: X blocked\ncountry: PK\nplatforms: [X]\ntype: service-block\nstatus: ongoing\nverification: confirmed\nstart: 2024-02-17\ntimeline:\n  - 2024-02-17\n---\nBlocked [@report].\n",
             ["content/incidents/x-block.md:10:5: error: each timeline event must be a mapping with date, text and sources"]),
            ("key-no-space", "---\ntitle: X blocked\ncountry: PK\nplatforms: [X]\ntype: service-block\nstatus: ongoing\nverification: confirmed\nstart: 2024-02-17\ntags:[a]\n---\nBlocked [@report].\n",
             ["content/incidents/x-block.md:10:1: error: invalid YAML: could not find expected ':' (while scanning a simple key)"]),
        ]
        for (name, incident, expected) in cases {
            let yaml = try FrontMatter.split(incident).yaml
            // One of them is in the subset, to check an error the fast path leads to as well.
            #expect((FrontMatterYAML.parseFast(yaml) == nil) == (name != "date-in-seq-scalar"), "\(name)")
            let site = try TestSite(files: ["content/sources/report.md": TestSite.source, "content/incidents/x-block.md": incident])
            defer { site.remove() }
            #expect(site.errors() == expected, "\(name)")
        }
    }
}

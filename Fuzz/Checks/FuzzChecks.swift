import Foundation
@testable import TrackerCore

/// The properties the fuzz targets check (`Fuzz/`, `make fuzz`), one function per target. Each takes the raw
/// input bytes and returns nil when the property holds, or what went wrong. The same functions replay the
/// committed corpus in the normal test suite (`FuzzCorpusTests`), so every input the fuzzer ever found stays a test.
public enum FuzzCheck {
    public static let targets: [(name: String, check: @Sendable ([UInt8]) -> String?)] = [
        ("front-matter", frontMatter),
        ("markdown", markdown),
        ("template", template),
        ("html-scanner", htmlScanner),
    ]

    // MARK: - Front matter: the fast parser against Yams

    /// Where the fast parser reads a front matter it must give exactly Yams' tree (values, styles, marks);
    /// where it gives up, Yams decides, which is agreement by construction. The full path (limits,
    /// forbidden characters, diagnostics) must not crash either way.
    public static func frontMatter(_ bytes: [UInt8]) -> String? {
        let yaml = String(decoding: bytes, as: UTF8.self)
        let collector = DiagnosticCollector(path: "fuzz.md")
        _ = parseYAML(yaml, collector: collector, lineOffset: 1)
        guard yaml.utf8.count <= FrontMatterNode.Limits.maxBytes, let fast = FrontMatterYAML.parseFast(yaml) else { return nil }
        let yams: FrontMatterNode?
        do {
            yams = try FrontMatterYAML.parseWithYams(yaml)
        } catch {
            return "the fast parser reads \(fast) but Yams rejects the text: \(error)"
        }
        guard let yams else { return "the fast parser reads \(fast) but Yams finds an empty document" }
        return fast == yams ? nil : "the fast parser reads\n\(fast)\nbut Yams reads\n\(yams)"
    }

    // MARK: - Markdown with citations

    /// Rendered in safe mode and with raw HTML allowed: text without forbidden characters gives HTML without
    /// them (and without U+FFFD, so nothing was lost in decoding); every citation is both in the HTML (one
    /// marker each, numbered by first appearance) and reported, at the "[" that opens it; safe mode lets
    /// no tag through that the text did not hold as a citation marker. Every node of cmark's tree of the text
    /// renders to the same HTML with tracker's renderer as with libcmark's (`MarkdownRenderer.htmlMismatch`).
    public static func markdown(_ bytes: [UInt8]) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        if let mismatch = MarkdownRenderer.htmlMismatch(in: text) { return mismatch }
        let clean = !text.unicodeScalars.contains { ForbiddenCharacters.isForbidden($0) || $0 == "\u{FFFD}" }
        // cmark reads a NUL as U+FFFD (three bytes), so its columns after one are not the file's; a NUL is an error of
        // its own in a build (ForbiddenCharacters), so citation positions are checked only in text without one.
        // Bytes, not Foundation's `contains`: that compares composed character sequences and does not find the NUL
        // in a NUL followed by a combining mark (Fuzz/Corpus/markdown/found-nul-before-combining-mark-and-citation).
        let lines = text.utf8.contains(UInt8(ascii: "\r")) || text.utf8.contains(0) ? nil : text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        for rawHTML in [false, true] {
            let rendered = MarkdownRenderer.render(text, options: MarkdownOptions(allowRawHTML: rawHTML))
            let mode = rawHTML ? "with raw HTML" : "in safe mode"
            if clean {
                for (name, output) in [("HTML", rendered.html), ("summary", rendered.summaryHTML), ("summary text", rendered.summaryText)] {
                    if let bad = output.unicodeScalars.first(where: { ForbiddenCharacters.isForbidden($0) || $0 == "\u{FFFD}" }) {
                        return "\(mode), the \(name) holds U+\(String(bad.value, radix: 16, uppercase: true)), which the Markdown does not"
                    }
                }
            }
            var occurrences: [String: Int] = [:]
            for citation in rendered.citations {
                guard let number = rendered.citedSourceIDs.firstIndex(of: citation.sourceID).map({ $0 + 1 }) else {
                    return "\(mode), citation of '\(citation.sourceID)' has no reference number"
                }
                occurrences[citation.sourceID, default: 0] += 1
                let marker = "<sup class=\"cite\"><a href=\"#ref-\(number)\" id=\"cite-\(number)-\(occurrences[citation.sourceID]!)\">[\(number)]</a></sup>"
                // Compared as bytes: a combining mark after the marker makes its last ">" part of the next Character.
                if rendered.html.utf8.firstRange(of: marker.utf8) == nil { return "\(mode), citation \(citation) is reported but \(marker) is not in the HTML" }
                if let lines {
                    guard citation.line >= 1, citation.line <= lines.count, citation.column >= 1,
                          citation.column <= lines[citation.line - 1].count, lines[citation.line - 1][citation.column - 1] == "[" else {
                        return "\(mode), citation \(citation) is not at a '[' of the Markdown"
                    }
                }
            }
            if !rawHTML {
                let markers = rendered.html.components(separatedBy: "<sup class=\"cite\">").count - 1
                if markers != rendered.citations.count {
                    return "safe mode: \(markers) citation markers in the HTML, \(rendered.citations.count) citations reported"
                }
                let withoutMarkers = rendered.html.replacingOccurrences(of: "<sup class=\"cite\"><a href=\"#ref-", with: "")
                for tag in ["<script", "<iframe", "<style", "<sup", "<object"] where withoutMarkers.lowercased().contains(tag) {
                    return "safe mode lets \(tag) through"
                }
            }
        }
        return nil
    }

    // MARK: - Templates

    /// The input is up to three templates, "page", "item" and "layout", separated by NUL bytes, rendered as
    /// "page" with a context of every kind of value. Parsing either succeeds or gives an error inside the
    /// text; rendering ends (within `limits`), and a value written with `{{name}}` under the HTML content type never brings a
    /// tag of its own: the context's markup `<x` appears only when the template asks for it unescaped.
    public static func template(_ bytes: [UInt8]) -> String? {
        let names = ["page", "item", "layout"]
        let parts = bytes.split(separator: 0, maxSplits: names.count - 1, omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        var compiled: [String: CompiledTemplate] = [:]
        for (name, text) in zip(names, parts) {
            do {
                compiled[name] = try TemplateParser.compile(text)
            } catch {
                // Lines end at LF, as the parser counts them ("\r\n" is one Character: split the bytes).
                let lineCount = text.utf8.split(separator: 10, omittingEmptySubsequences: false).count
                if error.message.isEmpty || error.line < 1 || error.line > lineCount || error.column < 1 {
                    return "template '\(name)': syntax error out of place or without a message: \(error)"
                }
                return nil
            }
        }
        // Limits ten thousand times lower than a build's, so that a render that would never end stops in well
        // under a second here too (the target runs under AddressSanitizer): the same checks, at a smaller scale.
        let library = TemplateLibrary(templates: compiled, limits: limits)
        guard let output = library.render("page", context) else { return "template 'page' was compiled but does not render" }
        // Bytes, as above: Foundation's `contains` misses "<x" when a combining mark follows it.
        func holds(_ text: String, _ part: String) -> Bool { text.utf8.firstRange(of: part.utf8) != nil }
        let unescaping = parts.contains { part in ["{{{", "&", "=", "%", "<x"].contains { holds(part, $0) } }
        if !unescaping && holds(output, "<x") { return "a context value's markup came through unescaped: \(output.prefix(400))" }
        return nil
    }

    static let limits = TemplateLimits(nodeVisits: TemplateLimits.standard.nodeVisits / 10_000, outputBytes: TemplateLimits.standard.outputBytes / 10_000)

    static let markup = "<x onload=\"a\" title='b'>&amp; é 🚫</x>"
    static let context: TemplateValue = {
        let item: TemplateObject = ["title": .string(markup), "n": .int(3), "flag": .bool(true), "empty": .list([])]
        return .object([
            "title": .string(markup), "name": .string("item"), "count": .int(42), "yes": .bool(true), "no": .bool(false),
            "items": .list([.object(item), .object(["title": .string("second"), "flag": .bool(false)]), .string(markup)]),
            "empty": .list([]), "object": .object(item),
            "layered": .object(["top": .string(markup)], over: item),
        ])
    }()

    // MARK: - The output checker's HTML scanner

    /// Any bytes as an HTML page (and as a feed) of a site: the scanner and the checker end without a crash,
    /// every attribute they report lies inside the page, and every diagnostic has a position in it; the
    /// repeated-id check's first pass passes no page with a repeated id.
    public static func htmlScanner(_ bytes: [UInt8]) -> String? {
        // The repeated-id check's first pass lets a page through only when reading every tag finds no repeated id.
        let everyTag = bytes.withUnsafeBufferPointer { DuplicateIDs.readingEveryTag(path: "p.html", bytes: $0) }
        if let missed = everyTag.first, !bytes.withUnsafeBufferPointer(DuplicateIDs.mayRepeat) {
            return "the first pass of the repeated-id check let through a page with \(missed)"
        }
        for tag in HTMLTagScanner.startTags(in: bytes) {
            if tag.name.isEmpty { return "a start tag without a name" }
            for attribute in tag.attributes where attribute.offset < 0 || attribute.offset > bytes.count {
                return "attribute \(attribute.name) of <\(tag.name)> at offset \(attribute.offset), outside the \(bytes.count) bytes"
            }
        }
        let data = Data(bytes)
        let checker = OutputChecker(baseURL: "https://example.org/tracker/")
        let diagnostics = checker.check([("index.html", data), ("a/index.html", data), ("feed.xml", data), ("style.css", Data())])
        let lineCount = bytes.split(separator: 10, omittingEmptySubsequences: false).count
        for diagnostic in diagnostics where diagnostic.line < 1 || diagnostic.line > lineCount || diagnostic.column < 1 {
            return "diagnostic out of the file: \(diagnostic)"
        }
        return nil
    }
}

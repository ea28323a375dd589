import Foundation

extension Site {
    /// The date an incident's record was last updated: the day of the last commit that changed its file(s)
    /// when the site is in git, else its `updated` field, else its last known date. The one place a
    /// citation (and anything else showing the record's age) reads it from.
    public func recordUpdated(_ incident: Int) -> PartialDate {
        if let changed = history?.record(at: incidents[incident].path)?.lastChanged { return changed.day.date }
        return incidents[incident].updated ?? incidents[incident].lastKnownDate
    }
}

/// How to cite an incident's record ("Cite this"): in plain text, BibTeX and CSL-JSON, with the site as
/// its publisher, the page's permanent (absolute) address and the record's last-updated date. No accessed
/// date: it would differ between two builds of the same content; the reader adds it where a style asks.
struct IncidentCitation {
    let id: String
    let title: String
    let publisher: Publisher
    let url: String
    let updated: PartialDate

    /// The last-updated date as the citation writes it (`PartialDate.display`, in English whatever the page's
    /// language), written once per date: each incident's citation writes it four times.
    var updatedText: String { Self.displays.display(updated) { $0.display } }
    private static let displays = DateTexts()

    var author: String { publisher.author }
    var siteTitle: String { publisher.siteTitle }

    /// Who publishes every citation of a site (in one of its languages): its author and title, and both
    /// escaped for BibTeX. Made once by each renderer: escaping them for each incident's entry, on its page
    /// and in its file, took two of the three escapes of every entry.
    struct Publisher: Sendable {
        let author: String
        let siteTitle: String
        let bibtexAuthor: String
        let bibtexSiteTitle: String

        init(author: String, siteTitle: String) {
            self.author = author
            self.siteTitle = siteTitle
            bibtexAuthor = IncidentCitation.bibtexEscaped(author)
            bibtexSiteTitle = IncidentCitation.bibtexEscaped(siteTitle)
        }
    }

    /// Incident `index` of `site`, cited; `url` is its page's absolute address.
    static func of(_ site: Site, _ index: Int, url: String, publisher: Publisher) -> IncidentCitation {
        let incident = site.incidents[index]
        return IncidentCitation(id: incident.id, title: incident.title, publisher: publisher, url: url, updated: site.recordUpdated(index))
    }

    func render(_ file: CitationFile) -> String {
        Self.written { render(file, into: $0) }
    }

    /// The file's bytes, written where the page goes: not made as a string first.
    func render(_ file: CitationFile, into output: ByteBuffer) {
        switch file {
        case .text:
            writeText(into: output)
            output.append(UInt8(ascii: "\n"))
        case .bibtex: writeBibTeX(into: output)
        case .cslJSON: writeCSLJSON(into: output)
        }
    }

    /// `Author. "Title." Site, last updated 17 April 2024. https://…` (the site named once when it is the author).
    var text: String { Self.written(writeText) }

    /// A `@misc` entry, which every BibTeX style knows; `date` and `url` are read by biblatex.
    var bibtex: String { Self.written(writeBibTeX) }

    /// One CSL-JSON item (in an array, as reference managers import it), keys sorted.
    var cslJSON: String { Self.written(writeCSLJSON) }

    /// What `write` puts in a buffer, as a string. The three forms are built as bytes: appending to a
    /// String, or a string's `utf8` to an array, costs hundreds of instructions a piece.
    private static func written(_ write: (ByteBuffer) -> Void) -> String {
        let buffer = ByteBuffer(capacity: 1024)
        write(buffer)
        return buffer.string
    }

    private func writeText(into output: ByteBuffer) {
        let ends = title.utf8.last.map { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "!") } ?? false
        output.append(author)
        output.append(". \u{201C}")
        output.append(title)
        output.append(ends ? "\u{201D} " : ".\u{201D} ")
        if author == siteTitle {
            output.append("Last updated ")
        } else {
            output.append(siteTitle)
            output.append(", last updated ")
        }
        output.append(updatedText)
        output.append(". ")
        output.append(url)
    }

    private func writeBibTeX(into entry: ByteBuffer) {
        // Each value with its name and delimiters before it and its delimiters after it, written as they are
        // in the source: the month is BibTeX's own macro (`apr`), which styles print in their language.
        func field(_ head: StaticString, _ value: String, _ tail: StaticString) {
            entry.append(head)
            entry.append(value)
            entry.append(tail)
        }
        entry.append("@misc{" as StaticString)
        entry.append(id)
        field(",\n  author = {{", publisher.bibtexAuthor, "}},")
        field("\n  title = {{", Self.bibtexEscaped(title), "}},")
        field("\n  howpublished = {", publisher.bibtexSiteTitle, "},")
        field("\n  publisher = {", publisher.bibtexSiteTitle, "},")
        field("\n  year = {", String(updated.year), "},")
        if let month = updated.month { field("\n  month = ", Self.bibtexMonths[month - 1], ",") }
        field("\n  date = {", updated.iso, "},")
        field("\n  url = {", Self.bibtexURL(url), "},")
        field("\n  note = {Last updated ", updatedText, "},")
        entry.append("\n}\n" as StaticString)
    }

    private func writeCSLJSON(into output: ByteBuffer) {
        var json = JSONWriter(pretty: true, output: output)
        json.openArray()
        json.openObject()
        json.field("URL", url)
        json.key("author")
        json.openArray()
        json.openObject()
        json.field("literal", author)
        json.closeObject()
        json.closeArray()
        json.field("container-title", siteTitle)
        json.field("id", id)
        json.key("issued")
        json.openObject()
        json.key("date-parts")
        json.openArray()
        json.openArray()
        json.int(updated.year)
        if let month = updated.month { json.int(month) }
        if let day = updated.day { json.int(day) }
        json.closeArray()
        json.closeArray()
        json.closeObject()
        json.field("publisher", siteTitle)
        json.field("title", title)
        json.field("type", "webpage")
        json.closeObject()
        json.closeArray()
        output.append(UInt8(ascii: "\n"))
    }

    // MARK: - BibTeX

    /// Text for a BibTeX field: LaTeX's special characters escaped, so braces always balance; accented
    /// Latin letters, typographic quotes and dashes as LaTeX commands; any other character kept as
    /// UTF-8, which biber and today's LaTeX read.
    static func bibtexEscaped(_ text: String) -> String {
        // Most titles and names are plain ASCII with nothing to escape: returned as they are.
        let (below64, from64) = (escapedBelow64, escapedFrom64)
        func isPlain(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
            for byte in utf8 where byte >= 0x80 || ((byte < 64 ? below64 >> byte : from64 >> (byte - 64)) & 1) != 0 { return false }
            return true
        }
        if readingUTF8(of: text, isPlain) { return text }
        var result = ""
        for character in text {
            if let ascii = character.asciiValue {
                result += asciiEscapes[ascii] ?? String(character)
            } else if let special = specialLetters[character] {
                result += special
            } else if let accented = accented(character) {
                result += accented
            } else {
                result += String(character)
            }
        }
        return result
    }

    /// `body` of `text`'s UTF-8, read in place where the string is stored contiguously (a native one always is).
    private static func readingUTF8<Result>(of text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = text
        return copy.withUTF8(body)
    }

    static let bibtexMonths = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    static let asciiEscapes: [UInt8: String] = [
        UInt8(ascii: "\\"): "\\textbackslash{}", UInt8(ascii: "{"): "\\{", UInt8(ascii: "}"): "\\}",
        UInt8(ascii: "&"): "\\&", UInt8(ascii: "%"): "\\%", UInt8(ascii: "$"): "\\$", UInt8(ascii: "#"): "\\#",
        UInt8(ascii: "_"): "\\_", UInt8(ascii: "~"): "\\textasciitilde{}", UInt8(ascii: "^"): "\\textasciicircum{}",
        UInt8(ascii: "<"): "\\textless{}", UInt8(ascii: ">"): "\\textgreater{}", UInt8(ascii: "|"): "\\textbar{}",
        UInt8(ascii: "\""): "{\"}", 9: " ", 10: " ", 13: " ",
    ]

    /// The ASCII bytes `asciiEscapes` has an entry for, as bits: bytes 0–63, then 64–127 (a test checks them).
    static let escapedBelow64: UInt64 = 0x5000_007C_0000_2600
    static let escapedFrom64: UInt64 = 0x7800_0000_D000_0000

    static let specialLetters: [Character: String] = [
        "ß": "{\\ss}", "æ": "{\\ae}", "Æ": "{\\AE}", "ø": "{\\o}", "Ø": "{\\O}", "œ": "{\\oe}", "Œ": "{\\OE}",
        "ł": "{\\l}", "Ł": "{\\L}", "ı": "{\\i}",
        "\u{201C}": "``", "\u{201D}": "''", "\u{2018}": "`", "\u{2019}": "'", "\u{2013}": "--", "\u{2014}": "---",
        "\u{2026}": "\\ldots{}", "\u{00A0}": "~",
    ]

    /// LaTeX's accent commands by combining mark; the letter-named ones need a space before their letter.
    static let accents: [Unicode.Scalar: String] = [
        "\u{0300}": "\\`", "\u{0301}": "\\'", "\u{0302}": "\\^", "\u{0303}": "\\~", "\u{0308}": "\\\"",
        "\u{0304}": "\\=", "\u{0307}": "\\.", "\u{030A}": "\\r ", "\u{030B}": "\\H ", "\u{030C}": "\\v ",
        "\u{0306}": "\\u ", "\u{0327}": "\\c ", "\u{0328}": "\\k ", "\u{0323}": "\\d ",
    ]

    /// `é` → `{\'e}`; an accented `i` takes the dotless `\i`. Nil for anything but one ASCII letter and one known mark.
    static func accented(_ character: Character) -> String? {
        let scalars = Array(String(character).decomposedStringWithCanonicalMapping.unicodeScalars)
        guard scalars.count == 2, scalars[0].isASCII, scalars[0].properties.isAlphabetic,
              let command = accents[scalars[1]] else { return nil }
        let letter = scalars[0] == "i" ? "\\i" : String(scalars[0])
        return "{\(command)\(letter)}"
    }

    /// An address for BibTeX's `url` field, which is read verbatim: only what would unbalance the braces
    /// or end the field is percent-encoded.
    static func bibtexURL(_ url: String) -> String {
        // All four are ASCII: replaced byte by byte, and most addresses have none.
        func needsEncoding(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
            for byte in utf8 where byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: " ") {
                return true
            }
            return false
        }
        guard readingUTF8(of: url, needsEncoding) else { return url }
        var result: [UInt8] = []
        result.reserveCapacity(url.utf8.count + 8)
        for byte in url.utf8 {
            switch byte {
            case UInt8(ascii: "{"): result += Array("%7B".utf8)
            case UInt8(ascii: "}"): result += Array("%7D".utf8)
            case UInt8(ascii: "\\"): result += Array("%5C".utf8)
            case UInt8(ascii: " "): result += Array("%20".utf8)
            default: result.append(byte)
            }
        }
        return String(decoding: result, as: UTF8.self)
    }
}

extension IncidentCitation {
    /// With a publisher made for this citation alone (the memberwise initializer, kept by declaring this here).
    init(id: String, title: String, author: String, siteTitle: String, url: String, updated: PartialDate) {
        self.init(id: id, title: title, publisher: Publisher(author: author, siteTitle: siteTitle), url: url, updated: updated)
    }
}

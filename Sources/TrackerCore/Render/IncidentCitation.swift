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
    let author: String
    let siteTitle: String
    let url: String
    let updated: PartialDate

    /// Incident `index` of `site`, cited.
    static func of(_ site: Site, _ index: Int, urls: SiteURLs) -> IncidentCitation {
        let incident = site.incidents[index]
        return IncidentCitation(id: incident.id, title: incident.title, author: site.config.author, siteTitle: site.config.title,
                                url: urls.absoluteURL(for: .incident(incident.id)), updated: site.recordUpdated(index))
    }

    func render(_ file: CitationFile) -> String {
        switch file {
        case .text: return text + "\n"
        case .bibtex: return bibtex
        case .cslJSON: return cslJSON
        }
    }

    /// `Author. "Title." Site, last updated 17 April 2024. https://…` (the site named once when it is the author).
    var text: String {
        let ends = title.last.map { ".?!".contains($0) } ?? false
        let quoted = "\u{201C}\(title)\(ends ? "" : ".")\u{201D}"
        let site = author == siteTitle ? "Last updated" : "\(siteTitle), last updated"
        return "\(author). \(quoted) \(site) \(updated.display). \(url)"
    }

    /// A `@misc` entry, which every BibTeX style knows; `date` and `url` are read by biblatex.
    var bibtex: String {
        // Each value with its delimiters: the month is BibTeX's own macro (`apr`), which styles print in their language.
        // Built as bytes: appending to a String costs hundreds of instructions a piece.
        var entry: [UInt8] = []
        entry.reserveCapacity(512)
        func field(_ name: StaticString, _ value: String...) {
            entry += "\n  ".utf8
            entry += UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
            entry += " = ".utf8
            for part in value { entry += part.utf8 }
            entry.append(UInt8(ascii: ","))
        }
        entry += "@misc{".utf8
        entry += id.utf8
        entry.append(UInt8(ascii: ","))
        field("author", "{{", Self.bibtexEscaped(author), "}}")
        field("title", "{{", Self.bibtexEscaped(title), "}}")
        let site = Self.bibtexEscaped(siteTitle)
        field("howpublished", "{", site, "}")
        field("publisher", "{", site, "}")
        field("year", "{", String(updated.year), "}")
        if let month = updated.month { field("month", Self.bibtexMonths[month - 1]) }
        field("date", "{", updated.iso, "}")
        field("url", "{", Self.bibtexURL(url), "}")
        field("note", "{Last updated ", updated.display, "}")
        entry += "\n}\n".utf8
        return String(decoding: entry, as: UTF8.self)
    }

    /// One CSL-JSON item (in an array, as reference managers import it), keys sorted.
    var cslJSON: String {
        var json = JSONWriter(pretty: true)
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
        for part in [updated.year, updated.month, updated.day].compactMap({ $0 }) { json.int(part) }
        json.closeArray()
        json.closeArray()
        json.closeObject()
        json.field("publisher", siteTitle)
        json.field("title", title)
        json.field("type", "webpage")
        json.closeObject()
        json.closeArray()
        return json.text + "\n"
    }

    // MARK: - BibTeX

    /// Text for a BibTeX field: LaTeX's special characters escaped, so braces always balance; accented
    /// Latin letters, typographic quotes and dashes as LaTeX commands; any other character kept as
    /// UTF-8, which biber and today's LaTeX read.
    static func bibtexEscaped(_ text: String) -> String {
        // Most titles and names are plain ASCII with nothing to escape: returned as they are.
        if !text.utf8.contains(where: { $0 >= 0x80 || (($0 < 64 ? escapedBelow64 >> $0 : escapedFrom64 >> ($0 - 64)) & 1) != 0 }) { return text }
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
        guard url.utf8.contains(where: { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "}") || $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: " ") })
        else { return url }
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

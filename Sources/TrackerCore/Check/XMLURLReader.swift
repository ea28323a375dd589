import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A URL found in an XML file: an Atom `<link href>` or a sitemap `<loc>`, with where it is.
struct XMLURL: Sendable, Hashable {
    let url: String
    let line: Int
    let column: Int
}

/// Parses an XML file with Foundation's XMLParser (libxml2), given the bytes `XMLParserInput` makes safe
/// for it, and returns its URLs, or the first well-formedness error. XMLParser on Linux reports some
/// errors only to its delegate and none for a truncated document, so the delegate also tracks that every
/// element was closed.
enum XMLURLReader {
    /// Why the file yields no URLs: the whole message, at a line and column of the file.
    typealias Problem = XMLParserInput.Refusal

    static func urls(in data: Data) -> Result<[XMLURL], Problem> {
        let bytes = [UInt8](data)
        // Foundation's XMLParser crashes on an element name that is not UTF-8 (found by the html-scanner fuzzer).
        if String(validating: bytes, as: UTF8.self) == nil {
            let position = TextPositions.lineAndColumn(of: firstInvalidUTF8Offset(bytes), in: bytes)
            return .failure(notWellFormed("bytes that are not UTF-8", line: position.line, column: position.column))
        }
        let input: XMLParserInput
        switch XMLParserInput.prepare(bytes) {
        case .success(let prepared): input = prepared
        case .failure(let refusal): return .failure(refusal)
        }
        let parser = XMLParser(data: Data(input.bytes))
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        let collector = Collector(input: input)
        parser.delegate = collector
        let succeeded = parser.parse()
        if let error = collector.error { return .failure(error) }
        if !succeeded || parser.parserError != nil {
            let code = (parser.parserError as NSError?)?.code ?? 0
            // An encoding libxml2 cannot convert fails before the first line (0:0): report the start of the file.
            let line = max(parser.lineNumber, 1)
            return .failure(notWellFormed(message(forLibXML2Code: code), line: line,
                                          column: max(input.originalColumn(line: line, column: parser.columnNumber), 1)))
        }
        if let open = collector.openElements.last {
            return .failure(notWellFormed("the file ends before <\(open.name)> is closed", line: open.line, column: open.column))
        }
        if !collector.sawRoot { return .failure(notWellFormed("the file has no root element", line: 1, column: 1)) }
        return .success(collector.urls)
    }

    static func notWellFormed(_ message: String, line: Int, column: Int) -> Problem {
        Problem(message: "not well-formed XML: " + message, line: line, column: column)
    }

    /// Offset of the first byte that does not belong to a valid UTF-8 sequence (the end when there is none).
    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while case .valid(let encoded) = parser.parseScalar(from: &iterator) { offset += encoded.count }
        return offset
    }

    /// libxml2's `xmlParserErrors` codes for the mistakes a template is likely to make.
    static func message(forLibXML2Code code: Int) -> String {
        switch code {
        case 4: return "the document is empty"
        case 5: return "the document ends inside an element, or has content after its root element"
        case 86: return "extra content after the root element"
        case 9: return "a character that XML does not allow"
        case 23, 68: return "an '&' that does not start an entity reference (write &amp;)"
        case 26: return "an undefined entity (XML knows only &amp; &lt; &gt; &quot; &apos;)"
        case 38: return "a '<' inside an attribute value (write &lt;)"
        case 39, 41: return "an attribute without a quoted value"
        case 42: return "an attribute given twice"
        case 73: return "a tag not closed with '>'"
        case 76: return "an end tag that does not match the open element"
        case 77: return "an element that is never closed"
        case 6003: return "text that is not in the encoding libxml2 detected (write UTF-8, without NUL bytes)"
        default: return "libxml2 error \(code)"
        }
    }

    private final class Collector: NSObject, XMLParserDelegate {
        let input: XMLParserInput
        var urls: [XMLURL] = []
        var error: Problem?
        var openElements: [(name: String, line: Int, column: Int)] = []
        var sawRoot = false
        private var locText: String?

        init(input: XMLParserInput) {
            self.input = input
        }

        /// Where the parser is, in the file's lines and columns.
        func position(_ parser: XMLParser) -> (line: Int, column: Int) {
            (parser.lineNumber, input.originalColumn(line: parser.lineNumber, column: parser.columnNumber))
        }

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String] = [:]) {
            sawRoot = true
            let (line, column) = position(parser)
            openElements.append((elementName, line, column))
            if elementName == "link", let href = attributes["href"] {
                urls.append(XMLURL(url: href, line: line, column: column))
            }
            if elementName == "loc" { locText = "" }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            locText? += string
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            if elementName == "loc", let text = locText {
                let start = openElements.last.map { ($0.line, $0.column) } ?? position(parser)
                urls.append(XMLURL(url: text.trimmingCharacters(in: .whitespacesAndNewlines), line: start.0, column: start.1))
                locText = nil
            }
            if !openElements.isEmpty { openElements.removeLast() }
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
            guard error == nil else { return }
            let (line, column) = position(parser)
            error = XMLURLReader.notWellFormed(XMLURLReader.message(forLibXML2Code: (parseError as NSError).code),
                                               line: max(line, 1), column: max(column, 1))
        }
    }
}

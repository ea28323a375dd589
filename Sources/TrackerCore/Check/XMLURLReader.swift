import Clibxml2
import Foundation

/// A URL found in an XML file: an Atom `<link href>` or a sitemap `<loc>`, with where it is.
struct XMLURL: Sendable, Hashable {
    let url: String
    let line: Int
    let column: Int
}

/// Parses an XML file with libxml2's SAX2 push parser, given the bytes `XMLParserInput` makes safe for it, and
/// returns its URLs, or the first well-formedness error. libxml2 is called as Foundation's XMLParser called it
/// (recovery mode, entities substituted, the first four bytes then the rest pushed as the last chunk; the
/// collector also tracks that every element was closed), with one difference: XMLParser cannot set
/// `XML_PARSE_HUGE`, without which libxml2 stops a file over 10,000,000 bytes with error 1 ("Huge input
/// lookup"), and a large site's sitemap is larger. Network access is off.
enum XMLURLReader {
    /// Why the file yields no URLs: the whole message, at a line and column of the file.
    typealias Problem = XMLParserInput.Refusal

    static func urls(in data: Data) -> Result<[XMLURL], Problem> {
        let bytes = [UInt8](data)
        // Foundation's XMLParser crashed on an element name that is not UTF-8 (found by the html-scanner fuzzer);
        // such a file is not XML the checker reads.
        if String(validating: bytes, as: UTF8.self) == nil {
            let position = TextPositions.lineAndColumn(of: firstInvalidUTF8Offset(bytes), in: bytes)
            return .failure(notWellFormed("bytes that are not UTF-8", line: position.line, column: position.column))
        }
        let input: XMLParserInput
        switch XMLParserInput.prepare(bytes) {
        case .success(let prepared): input = prepared
        case .failure(let refusal): return .failure(refusal)
        }
        let collector = Collector(input: input)
        let (code, line, column) = collector.parse()
        if let error = collector.error { return .failure(error) }
        if code != 0 {
            // An encoding libxml2 cannot convert fails before the first line (0:0): report the start of the file.
            let line = max(line, 1)
            return .failure(notWellFormed(message(forLibXML2Code: Int(code)), line: line,
                                          column: max(input.originalColumn(line: line, column: column), 1)))
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

    /// The parse's state, handed to libxml2's callbacks as their user data.
    private final class Collector {
        let input: XMLParserInput
        var urls: [XMLURL] = []
        var error: Problem?
        var openElements: [(name: String, line: Int, column: Int)] = []
        var sawRoot = false
        private var locText: [UInt8]?
        private var context: xmlParserCtxtPtr?

        init(input: XMLParserInput) {
            self.input = input
        }

        /// Parses `input`; returns libxml2's last result, and where it stopped.
        func parse() -> (code: Int32, line: Int, column: Int) {
            var handler = xmlSAXHandler()
            handler.initialized = XML_SAX2_MAGIC
            handler.startElementNs = { user, name, _, _, _, _, attributeCount, _, attributes in
                Collector.of(user).started(name, attributes: attributes, count: Int(attributeCount))
            }
            handler.endElementNs = { user, name, _, _ in Collector.of(user).ended(name) }
            // Text is wanted only inside <loc>: `started` and `ended` set these handlers there (`setTextHandlers`).
            handler.serror = { user, error in
                guard let user, let error else { return }
                Collector.of(user).failed(Int(error.pointee.code))
            }
            let bytes = input.bytes
            let user = Unmanaged.passUnretained(self).toOpaque()
            return withExtendedLifetime(self) {
                bytes.withUnsafeBufferPointer { buffer -> (Int32, Int, Int) in
                    // Fewer than four bytes were never parsed: no root element.
                    guard buffer.count >= 4, let start = buffer.baseAddress.map({ UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }) else {
                        return (0, 0, 0)
                    }
                    // Created with the first four bytes, from which libxml2 tells the encoding; then the rest, the last chunk.
                    guard let context = xmlCreatePushParserCtxt(&handler, user, start, 4, nil) else { return (2, 0, 0) }
                    self.context = context
                    defer {
                        self.context = nil
                        xmlFreeParserCtxt(context)
                    }
                    _ = xmlCtxtUseOptions(context, Int32(XML_PARSE_RECOVER.rawValue | XML_PARSE_NOENT.rawValue | XML_PARSE_NONET.rawValue
                                                         | XML_PARSE_HUGE.rawValue))
                    // In one chunk, as XMLParser pushed it, unless longer than a chunk's count can say.
                    var offset = 4
                    var result: Int32 = 0
                    repeat {
                        let count = min(buffer.count - offset, 1 << 30)
                        let last = offset + count == buffer.count
                        result = xmlParseChunk(context, start + offset, Int32(count), last ? 1 : 0)
                        offset += count
                    } while offset < buffer.count && result == 0
                    return (result, Int(xmlSAX2GetLineNumber(context)), Int(xmlSAX2GetColumnNumber(context)))
                }
            }
        }

        static func of(_ user: UnsafeMutableRawPointer?) -> Collector {
            Unmanaged<Collector>.fromOpaque(user!).takeUnretainedValue()
        }

        /// Where the parser is, in the file's lines and columns.
        func position() -> (line: Int, column: Int) {
            guard let context else { return (0, 0) }
            let line = Int(xmlSAX2GetLineNumber(context))
            return (line, input.originalColumn(line: line, column: Int(xmlSAX2GetColumnNumber(context))))
        }

        /// `attributes`: five pointers for each (local name, prefix, namespace, start and end of the value).
        func started(_ name: UnsafePointer<xmlChar>?, attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, count: Int) {
            sawRoot = true
            let name = Self.text(name)
            let (line, column) = position()
            openElements.append((name, line, column))
            if name == "link", let attributes {
                for index in 0 ..< count where Self.text(attributes[5 * index]) == "href" {
                    guard let value = attributes[5 * index + 3], let end = attributes[5 * index + 4] else { continue }
                    let href = String(decoding: UnsafeBufferPointer(start: value, count: end - value), as: UTF8.self)
                    urls.append(XMLURL(url: href, line: line, column: column))
                    break
                }
            }
            if name == "loc" {
                locText = []
                setTextHandlers(on: true)
            }
        }

        /// libxml2's handlers for text and CDATA, given to it only inside `<loc>`: everywhere else a call for every run
        /// of text (a feed's escaped HTML bodies) did nothing.
        func setTextHandlers(on: Bool) {
            guard let sax = context?.pointee.sax else { return }
            sax.pointee.characters = on ? { user, text, length in Collector.of(user).found(text, Int(length)) } : nil
            sax.pointee.cdataBlock = on ? { user, text, length in Collector.of(user).found(text, Int(length)) } : nil
        }

        func found(_ text: UnsafePointer<xmlChar>?, _ length: Int) {
            guard locText != nil, let text, length > 0 else { return }
            locText! += UnsafeBufferPointer(start: text, count: length)
        }

        func ended(_ name: UnsafePointer<xmlChar>?) {
            if Self.text(name) == "loc", let text = locText {
                let start = openElements.last.map { ($0.line, $0.column) } ?? position()
                let url = String(decoding: text, as: UTF8.self).trimmingWhitespaceAndNewlines
                urls.append(XMLURL(url: url, line: start.0, column: start.1))
                locText = nil
                setTextHandlers(on: false)
            }
            if !openElements.isEmpty { openElements.removeLast() }
        }

        /// The first error or warning libxml2 reports, where the parser is (as XMLParser reported them).
        func failed(_ code: Int) {
            guard error == nil else { return }
            let (line, column) = position()
            error = XMLURLReader.notWellFormed(XMLURLReader.message(forLibXML2Code: code), line: max(line, 1), column: max(column, 1))
        }

        private static func text(_ pointer: UnsafePointer<xmlChar>?) -> String {
            guard let pointer else { return "" }
            return String(cString: pointer)
        }
    }
}

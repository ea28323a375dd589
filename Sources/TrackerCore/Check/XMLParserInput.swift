/// The bytes of an XML file made safe to give Foundation's XMLParser, or why the checker will not parse it.
///
/// On Linux XMLParser hands libxml2's callbacks to Swift code that calls `strlen` on pointers libxml2 may
/// leave null, and crashes: a processing instruction without data (`<?name?>`, found by the html-scanner
/// fuzzer), and in a DTD a notation or unparsed entity without a public id, or an attribute declared
/// without a default value. It also parses in recovery mode, reading on past errors, and substitutes
/// entities. So:
/// - every `<?name?>` in the bytes, wherever it is (recovery mode reaches one even inside an attribute
///   value), gets a space before its `?>`: libxml2 then reports empty data, not none. `originalColumn`
///   maps a column XMLParser reports back to the file's.
/// - a DOCTYPE with an internal subset is refused: only there are declarations, and entities whose text
///   could spell such an instruction. So is any DOCTYPE but a plain one, from whose header libxml2 could
///   still go on to read a subset. Feeds and sitemaps need no DTD.
/// - so is a NUL byte (XML allows none, and libxml2 would read `<` and NULs as UTF-16 or UCS-4), and an XML
///   declaration naming an encoding other than UTF-8, ASCII, ISO-8859 or windows-125x, in which bytes
///   other than `<?` could spell an instruction.
struct XMLParserInput {
    /// A reason not to parse, at a line and column of the file.
    struct Refusal: Error, Sendable, Hashable {
        let message: String
        let line: Int
        let column: Int
    }

    let bytes: [UInt8]
    /// Each added space: its line, and its column in `bytes` (in characters, as libxml2 counts them).
    private let spaces: [(line: Int, column: Int)]

    /// `file` must be valid UTF-8.
    static func prepare(_ file: [UInt8]) -> Result<XMLParserInput, Refusal> {
        if let nul = file.withUnsafeBufferPointer({ $0.offset(of: 0, from: 0) }) {
            return .failure(refusal("not well-formed XML: a NUL byte, which XML does not allow", at: nul, in: file))
        }
        if let (name, offset) = unreadEncoding(in: file) {
            return .failure(refusal("the XML declaration names the encoding '\(name)', which the checker does not read (write UTF-8)",
                                    at: offset, in: file))
        }
        if let doctype = unreadDoctype(in: file) {
            return .failure(refusal("a DOCTYPE the checker does not read: only <!DOCTYPE name> with a SYSTEM or PUBLIC id, "
                                        + "and no internal subset (feeds and sitemaps need no DTD)", at: doctype, in: file))
        }
        let ends = instructionsWithoutData(in: file)
        guard !ends.isEmpty else { return .success(XMLParserInput(bytes: file, spaces: [])) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(file.count + ends.count)
        var spaces: [(line: Int, column: Int)] = []
        // Positions in `bytes`, counted as it grows (one pass, however many spaces are added).
        var position = (line: 1, column: 1)
        var start = 0
        for end in ends {
            TextPositions.advance(&position, over: file[start..<end])
            bytes += file[start..<end]
            spaces.append(position)
            bytes.append(UInt8(ascii: " "))
            position.column += 1
            start = end
        }
        bytes += file[start...]
        return .success(XMLParserInput(bytes: bytes, spaces: spaces))
    }

    /// The file's column for a column on `line` of `bytes`.
    func originalColumn(line: Int, column: Int) -> Int {
        guard !spaces.isEmpty else { return column }
        // `spaces` is in order of line and column: count those on the line before the column.
        let firstOnLine = firstIndex { $0.line >= line }
        let firstAtColumn = firstIndex { $0.line > line || ($0.line == line && $0.column >= column) }
        return column - (firstAtColumn - firstOnLine)
    }

    /// The first index of `spaces` from which `isAfter` holds (it holds for every index after one where it does).
    private func firstIndex(where isAfter: ((line: Int, column: Int)) -> Bool) -> Int {
        var low = 0
        var high = spaces.count
        while low < high {
            let middle = (low + high) / 2
            if isAfter(spaces[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }

    private static func refusal(_ message: String, at offset: Int, in file: [UInt8]) -> Refusal {
        let (line, column) = TextPositions.lineAndColumn(of: offset, in: file)
        return Refusal(message: message, line: line, column: column)
    }

    /// Encodings in which every byte below 0x80 is its ASCII character and no other byte spells one.
    static let readEncodings: Set<String> = {
        var names: Set<String> = ["UTF-8", "UTF8", "US-ASCII", "ASCII", "LATIN1", "ISO-LATIN-1"]
        for part in 1...16 { names.insert("ISO-8859-\(part)") }
        for page in 1250...1258 { names.insert("WINDOWS-\(page)") }
        return names
    }()

    /// An encoding named in the XML declaration that is not one the checker reads, with the offset of its name.
    /// Every `encoding=` in the declaration counts, wherever libxml2 would look for one.
    static func unreadEncoding(in file: [UInt8]) -> (name: String, offset: Int)? {
        let start = file.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        guard file[start...].starts(with: Array("<?xml".utf8)) else { return nil }
        let end = file[start...].firstIndex(of: UInt8(ascii: ">")) ?? file.count
        let keyword = Array("encoding".utf8)
        var index = start
        while let found = firstOffset(of: keyword, in: file, from: index, before: end) {
            index = found + keyword.count
            var cursor = skipBlanks(file, from: index, before: end)
            guard cursor < end, file[cursor] == UInt8(ascii: "=") else { continue }
            cursor = skipBlanks(file, from: cursor + 1, before: end)
            guard cursor < end, file[cursor] == UInt8(ascii: "\"") || file[cursor] == UInt8(ascii: "'") else { continue }
            let quote = file[cursor]
            let valueStart = cursor + 1
            let valueEnd = file[valueStart..<end].firstIndex(of: quote) ?? end
            let name = String(decoding: file[valueStart..<valueEnd], as: UTF8.self)
            if !readEncodings.contains(name.uppercased()) { return (name, valueStart) }
        }
        return nil
    }

    /// The offset of the first `<!DOCTYPE` that is not `<!DOCTYPE name>`, with a SYSTEM or PUBLIC id or
    /// none. libxml2 in recovery mode reads an internal subset from a `[` wherever its reading of a
    /// header it cannot parse ends, so any other DOCTYPE is refused.
    static func unreadDoctype(in file: [UInt8]) -> Int? {
        let keyword = Array("<!DOCTYPE".utf8)
        var index = 0
        while let doctype = firstOffset(of: keyword, in: file, from: index, before: file.count) {
            index = doctype + keyword.count
            guard let end = plainDoctypeEnd(file, from: index) else { return doctype }
            index = end
        }
        return nil
    }

    /// Where `needle` first starts in `file[start..<end]` (`UnsafeBufferPointer.offset(of:from:before:)`): the
    /// `firstRange(of:)` a byte array has from Foundation's `DataProtocol` compared element by element through
    /// generic calls, seconds for the sitemap of a site of 30,000 pages.
    static func firstOffset(of needle: [UInt8], in file: [UInt8], from start: Int, before end: Int) -> Int? {
        file.withUnsafeBufferPointer { bytes in needle.withUnsafeBufferPointer { bytes.offset(of: $0, from: start, before: end) } }
    }

    /// The offset after the `>` of a plain DOCTYPE header whose name starts after a blank at `start`.
    private static func plainDoctypeEnd(_ file: [UInt8], from start: Int) -> Int? {
        var cursor = skipBlanks(file, from: start, before: file.count)
        guard cursor > start else { return nil }
        let nameStart = cursor
        while cursor < file.count, !isBlank(file[cursor]), !"[>\"'".utf8.contains(file[cursor]) { cursor += 1 }
        guard cursor > nameStart else { return nil }
        let afterName = cursor
        cursor = skipBlanks(file, from: cursor, before: file.count)
        if cursor > afterName {
            if file[cursor...].starts(with: "SYSTEM".utf8) {
                guard let end = literalEnd(file, from: cursor + 6, publicID: false) else { return nil }
                cursor = skipBlanks(file, from: end, before: file.count)
            } else if file[cursor...].starts(with: "PUBLIC".utf8) {
                guard let publicEnd = literalEnd(file, from: cursor + 6, publicID: true),
                      let end = literalEnd(file, from: publicEnd, publicID: false) else { return nil }
                cursor = skipBlanks(file, from: end, before: file.count)
            }
        }
        guard cursor < file.count, file[cursor] == UInt8(ascii: ">") else { return nil }
        return cursor + 1
    }

    /// The offset after a quoted literal that follows blanks at `start`; a public id holds only the characters XML allows in one.
    private static func literalEnd(_ file: [UInt8], from start: Int, publicID: Bool) -> Int? {
        let open = skipBlanks(file, from: start, before: file.count)
        guard open > start, open < file.count, file[open] == UInt8(ascii: "\"") || file[open] == UInt8(ascii: "'") else { return nil }
        guard let close = file[(open + 1)...].firstIndex(of: file[open]) else { return nil }
        if publicID, !file[(open + 1)..<close].allSatisfy(isPublicIDCharacter) { return nil }
        return close + 1
    }

    private static func isPublicIDCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        default: " \r\n-'()+,./:=?;!*#@$_%".utf8.contains(byte)
        }
    }

    /// The offset of the `?` of each `?>` that ends `<?` and a name with nothing after it.
    ///
    /// Each `<?` is found with `memchr` and `memcmp`: a generic search for every `<` was 1.8% of the instructions of a
    /// publish of the wide corpus (`scripts/gen-corpus.py --shape wide`).
    static func instructionsWithoutData(in file: [UInt8]) -> [Int] {
        var ends: [Int] = []
        var index = 0
        let opening: StaticString = "<?"
        while let open = file.withUnsafeBufferPointer({ bytes in opening.withUTF8Buffer { bytes.offset(of: $0, from: index) } }) {
            index = open + 1
            var cursor = index + 1
            while cursor < file.count, !endsName(file[cursor]) { cursor += 1 }
            if cursor > index + 1, cursor + 1 < file.count, file[cursor] == UInt8(ascii: "?"), file[cursor + 1] == UInt8(ascii: ">") {
                ends.append(cursor)
            }
        }
        return ends
    }

    /// Bytes no name character is made of: every character of an XML name lies between them.
    private static func endsName(_ byte: UInt8) -> Bool {
        isBlank(byte) || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }

    private static func skipBlanks(_ file: [UInt8], from index: Int, before end: Int) -> Int {
        var cursor = index
        while cursor < end, isBlank(file[cursor]) { cursor += 1 }
        return cursor
    }
}

import ByteScan
import Foundation
import PropertyBased
import Testing
@testable import TrackerCore

/// Properties of the values every page is made of, over generated inputs (x-sheep/swift-property-based):
/// partial dates, slugs, and the CSV and JSON writers read back by real parsers.
@Suite struct PropertyTestSuite {
    /// Characters that have broken writers and parsers before: quotes, separators, line ends, formula
    /// starters, markup, non-ASCII letters, combining marks, right-to-left text, line separators, emoji.
    static let palette: [Character] = [
        "a", "Z", "0", "9", " ", "\t", "\n", "\r", "\r\n", ",", ";", "\"", "'", "\\", "/", "=", "+", "-", "@", "#", "&", "<", ">",
        "é", "ß", "Ł", "日", "本", "ی", "پ", "\u{301}", "\u{2028}", "\u{7F}", "\u{1B}", "🚫", "👩🏽‍💻", "\u{FEFF}",
    ]
    static let text = Gen<Character?>.element(of: palette).map { $0! }.string(of: 0...12)

    /// Pieces of HTML that make ids, repeated or not, and hide them (comments, scripts, quotes, end tags).
    static let htmlPiece = Gen<String?>.element(of: [
        "<p id=\"a\">", "<p ID='a'>", "<b id=a>", "<i id = \"b\" id=\"c\">", "<em class=\"x\"id=\"b\">", "<q lang='x'id='a'>", "<br/id=c>", "<p id>",
        "<p data-id=\"a\">", "<span id=\"&#97;\">", "<span id=\"&amp;\">", "</p id=\"a\">", "<!-- <p id=\"a\"> -->",
        "<script>x = '<p id=\"a\">'</script>", "<style>a{}</style>", "<p title=\"x id=a\">", "<p title='", "\"", "'",
        " id ", " id=", "a", "\n", "<", ">", "=", "/", "<a href=\"/\">", "<p\tid\n=\rb>", "<textarea>", "</textarea>",
    ]).map { $0! }.array(of: 0...14).map { $0.joined() }

    /// The repeated-id check's first pass lets a page through only when reading every tag finds no repeated id,
    /// so the check finds exactly what reading every tag finds.
    @Test func theFirstPassOfTheRepeatedIDCheckMissesNothing() async {
        var passed = 0
        await propertyCheck(count: 2000, input: Self.htmlPiece) { piece in
            // Also after text of a few lengths, so that each id falls at other places of the pass's 16-byte steps
            // and of its last bytes, read one at a time.
            for padding in [0, 1, 2, 15, 29, 61 + piece.utf8.count % 32] {
                let page = String(repeating: "x", count: padding) + piece
                let bytes = Array(page.utf8)
                let everyTag = bytes.withUnsafeBufferPointer { DuplicateIDs.readingEveryTag(path: "p.html", bytes: $0) }
                let checked = DuplicateIDs.diagnostics(path: "p.html", bytes: bytes)
                #expect(checked == everyTag, "\(page.debugDescription)")
                if padding == 0, !bytes.withUnsafeBufferPointer(DuplicateIDs.mayRepeat) { passed += 1 }
            }
        }
        // The pass does let pages through: else it would only cost time.
        #expect(passed > 100)
    }


    /// Ids of a few lengths (empty, under a word, words and a tail) made of few bytes, so that many are equal.
    static let idBytes = Gen<UInt8?>.element(of: [0x61, 0x62, 0x2D, 0x30]).map { $0! }.array(of: 0...19)

    /// The first pass's table of ids seen answers as a `Set` of their bytes does, past its first 32 ids (where it
    /// grows) and for ids that are slices of one page as for decoded copies elsewhere.
    @Test func theTableOfIDsSeenAgreesWithASet() async {
        await propertyCheck(count: 300, input: Self.idBytes.array(of: 0...300)) { ids in
            let page: [UInt8] = ids.flatMap { $0 } + [0]  // never empty, so it has an address
            withUnsafeTemporaryAllocation(of: DuplicateIDs.SeenIDs.Slot.self, capacity: DuplicateIDs.SeenIDs.firstCapacity) { room in
                var table = DuplicateIDs.SeenIDs(room: room)
                defer { table.release() }
                var set: Set<[UInt8]> = []
                var copies: [UnsafeMutableBufferPointer<UInt8>] = []
                defer { for copy in copies { copy.deallocate() } }
                page.withUnsafeBufferPointer { pageBytes in
                    var offset = 0
                    for (position, id) in ids.enumerated() {
                        // Every third id from its own buffer, as a decoded id is.
                        var start: UnsafePointer<UInt8> = pageBytes.baseAddress! + offset
                        if position % 3 == 2 {
                            let own = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, id.count))
                            _ = own.initialize(from: id)
                            copies.append(own)
                            start = UnsafePointer(own.baseAddress!)
                        }
                        #expect(table.insert(DuplicateIDs.Key(start: start, count: id.count)) == set.insert(id).inserted, "\(ids)")
                        offset += id.count
                    }
                }
            }
        }
        // A page of 500 different ids repeats none; the same page with the first again at the end repeats it.
        let ids = (0..<500).map { "<p id=\"incident-\($0)\">" }.joined()
        #expect(Array(ids.utf8).withUnsafeBufferPointer(DuplicateIDs.mayRepeat) == false)
        #expect(Array((ids + "<p id=\"incident-0\">").utf8).withUnsafeBufferPointer(DuplicateIDs.mayRepeat) == true)
        #expect(Array((ids + "<p id=\"incident-499\">").utf8).withUnsafeBufferPointer(DuplicateIDs.mayRepeat) == true)
    }

    /// Pieces of keys: ASCII, a letter precomposed and decomposed (one key to `String`), the Kelvin sign (the
    /// same key as "K"), a Greek question mark (the same as ";"), and a long piece, so keys pass 15 bytes.
    static let keyPieces = Gen<String?>.element(of: ["a", "b", "-", "K", ";", "\u{E9}", "e\u{301}", "\u{212A}", "\u{37E}", "source-of-record-"])
        .map { $0! }.array(of: 0...6).map { $0.joined() }

    /// A `StringTable` made from pairs answers as a `Dictionary` filled with the same pairs (the first of equal
    /// keys kept) does, for every key put in and for keys never put in, past its first growth.
    @Test func aStringTableAnswersAsADictionary() async {
        await propertyCheck(count: 300, input: Self.keyPieces.array(of: 0...80)) { keys in
            var dictionary: [String: Int] = [:]
            for (position, key) in keys.enumerated() where dictionary[key] == nil { dictionary[key] = position }
            let table = StringTable(keys.enumerated().map { ($1, $0) })
            #expect(table.count == dictionary.count, "\(keys)")
            for key in keys + ["K", "\u{212A}", "\u{E9}", "e\u{301}", "missing", ""] {
                #expect(table[key] == dictionary[key], "\(key.unicodeScalars.map(\.value)) in \(keys)")
            }
        }
    }

    /// The byte-keyed table under `StringTable` and `StringInterner` answers as a `Dictionary` of the keys'
    /// bytes: equal bytes are one key, canonically equivalent spellings two.
    @Test func aByteKeyedTableAnswersAsADictionaryOfBytes() async {
        await propertyCheck(count: 300, input: Self.keyPieces.array(of: 0...80)) { keys in
            var table = ByteKeyedTable<Int>()
            var dictionary: [[UInt8]: Int] = [:]
            for (position, key) in keys.enumerated() {
                let kept = table.insert(key, position)
                let first = dictionary[Array(key.utf8)]
                #expect(kept.inserted == (first == nil) && kept.value == (first ?? position), "\(keys)")
                #expect(Array(kept.key.utf8) == Array(key.utf8))
                if first == nil { dictionary[Array(key.utf8)] = position }
            }
            #expect(table.count == dictionary.count)
            for key in keys + ["K", "\u{212A}", "missing", ""] {
                #expect(table[key] == dictionary[Array(key.utf8)], "\(key.unicodeScalars.map(\.value)) in \(keys)")
            }
        }
    }

    /// Bytes the id scan treats apart: the letters in both cases, what may end the name before an attribute,
    /// "0" (the first byte that may not), other letters, and bytes of multibyte characters.
    static let scanBytes = Gen<UInt8?>.element(of: [0x69, 0x49, 0x64, 0x44, 0x20, 0x2F, 0x22, 0x27, 0x0A, 0x30, 0x78, 0x80, 0xC9, 0xE4, 0xFF])
        .map { $0! }.array(of: 0...160)

    /// The id scan, sixteen or thirty-two bytes at a time, finds the positions a byte-by-byte reading of its rule
    /// finds, from wherever it starts.
    @Test func theIDScanFindsWhatReadingEachByteFinds() async {
        await propertyCheck(count: 3000, input: Self.scanBytes, Gen.int(in: 0...170)) { bytes, from in
            func expected(from start: Int) -> Int {
                var position = max(start, 2)
                while position + 1 < bytes.count {
                    if bytes[position] | 0x20 == 0x64, bytes[position - 1] | 0x20 == 0x69, bytes[position - 2] < 0x30 { return position }
                    position += 1
                }
                return bytes.count
            }
            let found = bytes.withUnsafeBufferPointer { tracker_next_id_candidate($0.baseAddress, $0.count, from) }
            #expect(found == expected(from: from), "\(bytes) from \(from)")
            // Sixteen at a time only, as on a processor without AVX2.
            let narrow = bytes.withUnsafeBufferPointer { tracker_next_id_candidate_using($0.baseAddress, $0.count, from, false) }
            #expect(narrow == expected(from: from), "\(bytes) from \(from), sixteen at a time")
        }
        // Every position of a long page, found in order.
        let page = Array(String(repeating: "<p id=\"a\">incident ID ", count: 9).utf8)
        var positions: [Int] = []
        var position = 0
        while true {
            let found = page.withUnsafeBufferPointer { tracker_next_id_candidate($0.baseAddress, $0.count, position) }
            if found == page.count { break }
            positions.append(found)
            position = found + 1
        }
        // In each "<p id=\"a\">incident ID " (22 bytes): the "d" of "id" and the "D" of "ID".
        let expected: [Int] = (0 ..< 9).flatMap { (copy: Int) -> [Int] in [copy * 22 + 4, copy * 22 + 20] }
        #expect(positions == expected)
    }

    /// Bytes for the escaping scans: each byte HTML, JSON or CSV escapes, its neighbours, controls, and bytes above ASCII.
    static let escapingBytes = Gen<UInt8?>.element(of: [0x22, 0x26, 0x27, 0x3C, 0x3E, 0x5C, 0x2C, 0x0D, 0x00, 0x09, 0x0A, 0x1F, 0x20, 0x21,
                                                        0x23, 0x25, 0x28, 0x3B, 0x3D, 0x3F, 0x5B, 0x5D, 0x61, 0x7F, 0x80, 0x9F, 0xA2, 0xE2, 0xFF])
        .map { $0! }.array(of: 0...80)

    /// HTML escaping and the JSON and CSV scans, sixteen bytes at a time, give what a byte-by-byte reading of
    /// their rules gives, from any start (so at every alignment).
    @Test func theEscapingScansDoWhatReadingEachByteDoes() async {
        let entities: [UInt8: String] = [0x22: "&quot;", 0x26: "&amp;", 0x27: "&#39;", 0x3C: "&lt;", 0x3E: "&gt;"]
        func escaped(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
            bytes.flatMap { entities[$0].map { Array($0.utf8) } ?? [$0] }
        }
        func escapedByTheScan(_ bytes: [UInt8], from start: Int, apostrophe: Bool = true) -> [UInt8] {
            let count = bytes.count - start
            var output = [UInt8](repeating: 0, count: 6 * count + 16)
            let written = bytes.withUnsafeBufferPointer { source in
                output.withUnsafeMutableBufferPointer {
                    apostrophe ? tracker_escape_markup(source.baseAddress.map { $0 + start }, count, $0.baseAddress)
                        : tracker_escape_text(source.baseAddress.map { $0 + start }, count, $0.baseAddress)
                }
            }
            return Array(output[..<written])
        }
        await propertyCheck(count: 3000, input: Self.escapingBytes, Gen.int(in: 0...80)) { bytes, from in
            let start = min(from, bytes.count)
            let rest = Array(bytes[start...])
            #expect(escapedByTheScan(bytes, from: start) == escaped(bytes[start...]), "\(bytes) from \(start)")
            // libcmark's escaping of text (`CmarkHTML`) keeps the apostrophe.
            #expect(escapedByTheScan(bytes, from: start, apostrophe: false)
                == bytes[start...].flatMap { $0 == 0x27 ? [$0] : entities[$0].map { Array($0.utf8) } ?? [$0] }, "\(bytes) from \(start)")
            let csv = rest.firstIndex { [0x2C, 0x22, 0x0A, 0x0D].contains($0) } ?? rest.count
            let json = rest.firstIndex { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C } ?? rest.count
            let script = rest.firstIndex { $0 < 0x20 || [0x22, 0x5C, 0x3C, 0x3E, 0x26].contains($0) } ?? rest.count
            let notPrintable = rest.firstIndex { ($0 < 0x20 || $0 > 0x7E) && $0 != 0x0A } ?? rest.count
            bytes.withUnsafeBufferPointer { buffer in
                let base = buffer.baseAddress.map { $0 + start }
                #expect(tracker_next_not_printable_ascii(base, rest.count) == notPrintable, "\(bytes) from \(start)")
                #expect(tracker_next_csv_byte(base, rest.count) == csv, "\(bytes) from \(start)")
                #expect(tracker_next_json_byte(base, rest.count, false) == json, "\(bytes) from \(start)")
                #expect(tracker_next_json_byte(base, rest.count, true) == script, "\(bytes) from \(start)")
            }
        }
        // Around the sixteen-byte blocks: the byte in the last block, and in the bytes after the last block.
        for length in [15, 16, 17, 31, 32, 33, 47] {
            for position in [0, length / 2, length - 1] {
                var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                bytes[position] = UInt8(ascii: "<")
                #expect(escapedByTheScan(bytes, from: 0) == escaped(bytes[...]))
                #expect(bytes.withUnsafeBufferPointer { tracker_next_json_byte($0.baseAddress, $0.count, true) } == position)
                #expect(bytes.withUnsafeBufferPointer { tracker_next_json_byte($0.baseAddress, $0.count, false) } == length)
                // The printable-ASCII scan stops at every other byte but a line feed.
                for byte in UInt8.min ... UInt8.max {
                    var run = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    run[position] = byte
                    let stops = (byte < 0x20 || byte > 0x7E) && byte != 0x0A
                    #expect(run.withUnsafeBufferPointer { tracker_next_not_printable_ascii($0.baseAddress, $0.count) } == (stops ? position : length),
                            "\(byte) at \(position) of \(length)")
                }
            }
        }
        // Every byte escaped: the output is as long as it can be.
        let quotes = [UInt8](repeating: 0x22, count: 40)
        #expect(escapedByTheScan(quotes, from: 0) == Array(String(repeating: "&quot;", count: 40).utf8))
    }

    /// The continuation-byte count, sixteen bytes at a time, is what reading each byte gives, from any start;
    /// and a text's byte count less it is its count of Unicode scalars (a citation's column), also past the
    /// 255 blocks after which the count's lanes are added up.
    @Test func theContinuationCountIsWhatReadingEachByteGives() async {
        await propertyCheck(count: 3000, input: Self.escapingBytes, Gen.int(in: 0...80)) { bytes, from in
            let start = min(from, bytes.count)
            let expected = bytes[start...].count { $0 & 0xC0 == 0x80 }
            let counted = bytes.withUnsafeBufferPointer { tracker_count_continuations($0.baseAddress.map { $0 + start }, bytes.count - start) }
            #expect(counted == expected, "\(bytes) from \(start)")
        }
        for repeats in [1, 15, 16, 17, 1000, 1021, 1022, 1023] {
            let text = String(repeating: "é日🚫a", count: repeats)  // 2 + 3 + 4 + 1 bytes: every lane sees continuations
            let utf8 = Array(text.utf8)
            let scalars = utf8.withUnsafeBufferPointer { SourceText($0).scalarCount(from: 0, to: $0.count) }
            #expect(scalars == text.unicodeScalars.count, "\(repeats) repeats")
            #expect(utf8.withUnsafeBufferPointer { tracker_count_continuations($0.baseAddress, $0.count) } == 6 * repeats)
        }
        // Every byte a continuation, for more than 255 blocks of sixteen: no lane wraps.
        let continuations = [UInt8](repeating: 0xBF, count: 16 * 300 + 7)
        #expect(continuations.withUnsafeBufferPointer { tracker_count_continuations($0.baseAddress, $0.count) } == continuations.count)
    }

    /// The scan that rules files out of the forbidden-character check, sixteen bytes at a time, finds what reading
    /// each byte finds, from any start: a byte below 0x20 but tab, LF and CR, 0x7F, 0xC2, or 0xEF and above.
    @Test func theForbiddenCharacterScanFindsWhatReadingEachByteFinds() async {
        let bytes = Gen<UInt8?>.element(of: [0x00, 0x08, 0x09, 0x0A, 0x0B, 0x0D, 0x1F, 0x20, 0x41, 0x7E, 0x7F, 0x80, 0xC1, 0xC2, 0xC3,
                                              0xE2, 0xEE, 0xEF, 0xF0, 0xFF, 0x61, 0x61, 0x61, 0x61])
            .map { $0! }.array(of: 0...80)
        func suspect(_ byte: UInt8) -> Bool {
            (byte < 0x20 && ![0x09, 0x0A, 0x0D].contains(byte)) || byte == 0x7F || byte == 0xC2 || byte >= 0xEF
        }
        await propertyCheck(count: 3000, input: bytes, Gen.int(in: 0...80)) { bytes, from in
            let start = min(from, bytes.count)
            let found = bytes.withUnsafeBufferPointer { tracker_may_hold_forbidden($0.baseAddress.map { $0 + start }, bytes.count - start) }
            #expect(found == bytes[start...].contains(where: suspect), "\(bytes) from \(start)")
        }
        // One suspect byte at each place of a run of letters, around the blocks of sixteen and thirty-two.
        for length in [1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 79] {
            for position in 0 ..< length {
                for byte: UInt8 in [0x00, 0x7F, 0xC2, 0xEF] {
                    var text = [UInt8](repeating: 0x61, count: length)
                    text[position] = byte
                    #expect(text.withUnsafeBufferPointer { tracker_may_hold_forbidden($0.baseAddress, $0.count) })
                }
            }
            let plain = [UInt8](repeating: 0x0A, count: length)
            #expect(!plain.withUnsafeBufferPointer { tracker_may_hold_forbidden($0.baseAddress, $0.count) })
        }
        // Every byte value, in each block of a longer run: found exactly when it is suspect.
        for position in [0, 15, 31, 32, 47, 63, 64, 95, 96, 99] {
            for byte in UInt8.min ... UInt8.max {
                var text = [UInt8](repeating: 0x61, count: 100)
                text[position] = byte
                #expect(text.withUnsafeBufferPointer { tracker_may_hold_forbidden($0.baseAddress, $0.count) } == suspect(byte), "\(byte) at \(position)")
            }
        }
        #expect(ForbiddenCharacters.mayContainOne("a\u{7}b") && !ForbiddenCharacters.mayContainOne("Café\tdone\r\n"))
    }

    /// The check for attempts' `isMatch`, which collects no ids, says yes exactly where `match` finds a citation.
    @Test func isMatchAgreesWithMatch() async {
        let pieces = Gen<String?>.element(of: ["[", "]", "@", "a", "Z", "9", ".", "_", "-", ";", " ", "\t", "\n", "x@", "é"]).map { $0! }
        await propertyCheck(count: 5000, input: pieces.array(of: 0...16).map { $0.joined() }) { text in
            let bytes = Array(("[" + text).utf8)
            bytes.withUnsafeBufferPointer { buffer in
                for end in 0...buffer.count {
                    #expect(CitationScanner.isMatch(buffer, at: 0, end: end) == (CitationScanner.match(buffer, at: 0, end: end) != nil),
                            "\(text) to \(end)")
                }
            }
        }
        let cited = Array("[@a; @b-2 ]".utf8)
        #expect(cited.withUnsafeBufferPointer { CitationScanner.isMatch($0, at: 0, end: $0.count) })
        #expect(!cited.withUnsafeBufferPointer { CitationScanner.isMatch($0, at: 0, end: $0.count - 1) })
    }

    /// The plain text of summaries and headings collapses whitespace a run of bytes at a time, in place: it gives
    /// what splitting the text at each Unicode whitespace scalar and joining the pieces with one space gives
    /// (ASCII and other whitespace, zero-width and control characters that are not whitespace, CR LF, long runs).
    @Test func collapsingWhitespaceIsWhatSplittingAtEachWhitespaceScalarGives() async {
        let pieces = Gen<String?>.element(of: [
            "a", "Zé", "日本", "👩🏽‍💻", "\u{301}", ".", " ", "  ", "\t", "\n", "\r\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}", "\u{1680}",
            "\u{2003}", "\u{200A}", "\u{2028}", "\u{2029}", "\u{202F}", "\u{205F}", "\u{3000}", "\u{200B}", "\u{1C}", "\u{7F}", "\u{FEFF}",
        ]).map { $0! }
        await propertyCheck(count: 4000, input: pieces.array(of: 0...20).map { $0.joined() }) { text in
            let words = text.unicodeScalars.split(whereSeparator: \.properties.isWhitespace).map { String(String.UnicodeScalarView($0)) }
            #expect(Array(PlainText.collapsingWhitespace(text).utf8) == Array(words.joined(separator: " ").utf8), "\(text.debugDescription)")
        }
        #expect(PlainText.collapsingWhitespace(" \t Internet\u{A0}\u{3000} cut  in\r\nZürich\u{200B}.\n ") == "Internet cut in Zürich\u{200B}.")
        #expect(PlainText.collapsingWhitespace(" \n\u{2003}") == "")
        #expect(PlainText.collapsingWhitespace("") == "")
    }

    /// Whether a link starts with a scheme, read as bytes, is what reading it a character at a time says
    /// (combining marks after the colon or a letter, non-ASCII letters and digits, CR LF, no colon).
    @Test func aSchemeReadAsBytesIsWhatReadingCharactersFinds() async {
        let pieces = Gen<String?>.element(of: [
            "h", "T", "p", "s", "z", "0", "9", "+", "-", ".", ":", "/", "//", "#", "?", "@", "_", " ", "%20", "\u{301}", "é", "ß", "٣", "\r\n", "日",
        ]).map { $0! }
        await propertyCheck(count: 5000, input: pieces.array(of: 0...10).map { $0.joined() }) { text in
            #expect(LinkResolver.hasScheme(Substring(text)) == LinkResolver.hasSchemeByCharacters(Substring(text)), "\(text.debugDescription)")
            // Also as part of a longer string, as links are read.
            let longer = "x" + text + "y"
            let inner = longer.dropFirst()
            #expect(LinkResolver.hasScheme(inner) == LinkResolver.hasSchemeByCharacters(inner), "\(inner.debugDescription)")
        }
        #expect(LinkResolver.hasScheme("https://example.org") && LinkResolver.hasScheme("mailto:a@b") && LinkResolver.hasScheme("svn+ssh:x"))
        #expect(!LinkResolver.hasScheme("/incidents/a/") && !LinkResolver.hasScheme("1http://x") && !LinkResolver.hasScheme("ex ample:x"))
        #expect(!LinkResolver.hasScheme("a:\u{301}b") && LinkResolver.hasScheme("a:éb") && !LinkResolver.hasScheme("é:x") && !LinkResolver.hasScheme("http"))
    }

    /// A content file's name and id from its path, "/" found in the bytes from the end.
    @Test func aFilesNameIsWhatFollowsItsLastSlash() {
        #expect(ContentLoader.fileName("content/incidents/pk-2024.md") == "pk-2024.md")
        #expect(ContentLoader.fileName("pk-2024.md") == "pk-2024.md")
        #expect(ContentLoader.fileName("content/incidents/") == "")
        #expect(ContentLoader.fileName("/") == "" && ContentLoader.fileName("") == "")
        #expect(ContentLoader.fileName("contenu/incidents/coupure-à-Dakar.md") == "coupure-à-Dakar.md")
        #expect(ContentLoader.id(ofFile: "content/incidents/pk-2024.md") == "pk-2024")
        #expect(ContentLoader.id(ofFile: "content/incidents/pk-2024/index.md") == "pk-2024")
        #expect(ContentLoader.id(ofFile: "../site/content/sources/dawn-2024-02-17.md") == "dawn-2024-02-17")
    }

    /// `String.concatenating` makes what `+` makes, from parts of any length (empty, within a small string's
    /// 15 bytes, longer) and any text (combining marks, emoji, CR LF split across the parts).
    @Test func concatenatingIsWhatPlusMakes() async {
        let long = Self.text.array(of: 0...4).map { $0.joined() }
        await propertyCheck(count: 2000, input: long, long, long) { a, b, c in
            let joined = String.concatenating(a, b, c)
            #expect(joined == a + b + c)
            #expect(Array(joined.utf8) == Array(a.utf8) + Array(b.utf8) + Array(c.utf8))
            #expect(String.concatenating(a, b) == a + b)
        }
        #expect(String.concatenating("", "") == "")
        #expect(String.concatenating("incidents/", "pk-x-block-2024", "/") == "incidents/pk-x-block-2024/")
        #expect(String.concatenating("a\r", "\nb").count == 3)
    }

    /// A partial date from one number: year 1–9999 (year 0000 is no date: `PartialDate.parse` refuses it, and a
    /// generator that gave it failed one run in twenty), month absent or 1–12, day absent or 1–(days in month).
    static let date = Gen.int(in: 0...(10_000 * 13 * 32 - 1)).map { number -> PartialDate in
        let year = 1 + number % 9_999, month = number / 10_000 % 13, day = number / 130_000
        guard month > 0 else { return PartialDate(year: year) }
        guard day > 0 else { return PartialDate(year: year, month: month) }
        return PartialDate(year: year, month: month, day: min(day, PartialDate.daysIn(month: month, year: year)))
    }

    @Test func partialDatesReadBackWhatTheyWrite() async {
        await propertyCheck(count: 500, input: Self.date) { date in
            #expect((try? PartialDate.parse(date.iso)) == date)
            #expect(date.iso.count == [4, 7, 10][date.precision.rawValue])
        }
    }

    /// `<` puts the earlier first day first and, on the same first day, the less precise date first; it is a
    /// strict total order, and a date entirely before another is ordered before it.
    @Test func partialDatesOrderByFirstDayThenPrecision() async {
        await propertyCheck(count: 500, input: Self.date, Self.date) { a, b in
            let key = { (date: PartialDate) in (date.earliestDay, date.precision.rawValue) }
            #expect((a < b) == (key(a) < key(b)))
            #expect(!(a < b && b < a))
            #expect(a == b || a < b || b < a)
            if a.isEntirelyBefore(b) { #expect(a < b && a.latestDay < b.earliestDay) }
        }
    }

    /// A slug is a valid id, never empty, has no empty word, and is its own slug.
    @Test func slugsAreValidIdsAndStable() async {
        await propertyCheck(count: 500, input: Self.text) { text in
            let slug = Slug.make(text)
            #expect(ContentID.isValid(slug), "\(slug.debugDescription) from \(text.debugDescription)")
            #expect(!slug.isEmpty && !slug.hasPrefix("-") && !slug.hasSuffix("-") && !slug.contains("--"))
            #expect(Slug.make(slug) == slug, "from \(text.debugDescription)")
        }
    }

    /// Rows written with `DataExport.csvField` read back through Python's csv module as the same cells, a
    /// formula-like cell with the apostrophe that disarms it (and nothing else changed). All cases go through one
    /// Python process.
    @Test func csvRowsReadBackThroughPythonsCSVModule() async throws {
        var cases: [(csv: String, expected: [[String]])] = []
        await propertyCheck(count: 60, input: Self.text.array(of: 2...5).array(of: 1...4)) { rows in
            let csv = rows.map { $0.map(DataExport.csvField).joined(separator: ",") + "\r\n" }.joined()
            let expected = rows.map { $0.map { cell in "=+-@\t\r".contains(where: { cell.unicodeScalars.first == $0.unicodeScalars.first }) ? "'" + cell : cell } }
            cases.append((csv, expected))
        }
        let parsed = try Self.python(each: cases.map(\.csv), "import csv, io\ndef read(text):\n    return list(csv.reader(io.StringIO(text, newline='')))")
        for ((csv, expected), rows) in zip(cases, parsed) {
            #expect(try JSONDecoder().decode([[String]].self, from: rows) == expected, "\(csv.debugDescription)")
        }
    }

    /// Found by the property above: a quote followed by a combining mark is one Character.
    @Test func csvFieldDoublesAQuoteThatStartsAGraphemeCluster() {
        #expect(DataExport.csvField("\"\u{301}") == "\"\"\"\u{301}\"")
    }

    /// Strings and numbers written by `JSONWriter` (compact, pretty, and escaped for a `<script>` element)
    /// parse back through Python's json module as the same values (compared as UTF-8 hex, so nothing is lost on
    /// the way back; Foundation's JSONSerialization on Linux reads a string holding only U+FEFF as ""); escaped
    /// for a script, no `<`, `>` or `&` remains. All cases go through one Python process.
    @Test func jsonWriterOutputParsesBackThroughPythonsJSONModule() async throws {
        var cases: [(document: String, expected: String)] = []
        await propertyCheck(count: 100, input: Self.text.array(of: 0...6), Gen.int(in: Int.min...Int.max)) { strings, number in
            let expected = ([String(number)] + strings.map { $0.isEmpty ? "-" : $0.utf8.map { String(format: "%02x", $0) }.joined() }).joined(separator: " ")
            for (pretty, script) in [(false, false), (true, false), (false, true)] {
                var json = JSONWriter(pretty: pretty)
                json.escapesForScript = script
                json.openObject()
                json.key("n")
                json.int(number)
                json.key("s")
                json.openArray()
                for string in strings { json.string(string) }
                json.closeArray()
                json.closeObject()
                if script { #expect(!json.text.contains { "<>&".contains($0) }, "\(json.text)") }
                cases.append((json.text, expected))
            }
        }
        let read = """
            import json
            def read(doc):
                d = json.loads(doc)
                return " ".join([str(d["n"])] + [s.encode().hex() or "-" for s in d["s"]])
            """
        let values = try Self.python(each: cases.map(\.document), read)
        for ((document, expected), value) in zip(cases, values) {
            #expect(try JSONDecoder().decode(String.self, from: value) == expected, "\(document)")
        }
    }

    /// Runs `program`, which defines `read(text)`, in one Python process on every input, and returns what `read`
    /// returned for each, as JSON, in order.
    static func python(each inputs: [String], _ program: String) throws -> [Data] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let loop = "\nimport json as _json, sys as _sys\nfor _text in _json.loads(_sys.stdin.buffer.read().decode()):\n    print(_json.dumps(read(_text)))\n"
        process.arguments = ["python3", "-c", program + loop]
        // Not the test process's working directory, which `TestSite.withCurrentDirectory` moves into sites
        // that are then removed: pyenv's python3 stops when it cannot enter its working directory.
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        // Python reads all of its input before it writes: no pipe fills up while the other side waits.
        stdin.fileHandleForWriting.write(try JSONEncoder().encode(inputs))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let lines = output.split(separator: UInt8(ascii: "\n")).map { Data($0) }
        #expect(process.terminationStatus == 0 && lines.count == inputs.count,
                "python3 exited with \(process.terminationStatus) after \(lines.count) of \(inputs.count) results")
        return lines
    }
}

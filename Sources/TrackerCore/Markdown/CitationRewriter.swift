#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

import Ccmark

/// Replaces citations in text nodes with marker nodes, numbering ids by first appearance.
struct CitationRewriter {
    private(set) var citations: [Citation] = []
    private(set) var sourceIDs: [String] = []
    /// Each marker node with where its NUL-terminated HTML starts in `markerHTML`: what it gets once summaries
    /// (which leave markers out) are rendered.
    private(set) var markers: [(node: CmarkNode, start: Int)] = []
    /// Every marker's HTML, one after the other: one buffer for a body, not one per marker.
    private(set) var markerHTML: [UInt8] = []
    private var occurrences: [Int] = []
    /// Each id's number by its bytes, once there are more than `scannedIDs`.
    private var numbers: ByteKeyedTable<Int>?
    private var block: CmarkNode?
    private var cursor = 0
    /// Where the last citation was: the next one on the same line counts scalars from there.
    private var columns = SourceText.ColumnCursor()
    /// Citations written where none can be (link text, raw HTML) and attempts at one, as body line, column and reason.
    private(set) var problems: [CitationProblem] = []
    /// A citation whose line ended before its "]": the next line's text may close it.
    private var open: OpenCitation?

    private struct OpenCitation {
        /// The text nodes holding it so far and the line breaks between them, all replaced by its marker once it closes.
        var pieces: [CmarkNode]
        /// The spaces before its "[", which go into the marker as they would on one line.
        var spaces: [UInt8]
        var ids: CitationIDs
        var state: CitationScanner.State
        /// Source offset of its "[".
        var offset: Int
    }

    mutating func rewrite(_ candidate: TextCandidate, in source: SourceText) {
        let node = candidate.node
        let literal = node.literal
        if candidate.block != block {
            block = candidate.block
            cursor = 0
        }
        let continued = open.flatMap { open in Self.followsBreak(node, after: open.pieces.last!) ? open : nil }
        open = nil
        guard let span = TextNodeLocator.locate(candidate, literal: literal, in: source, notBefore: cursor) else {
            rewriteUnlocated(candidate, in: source)
            return
        }
        cursor = span.upperBound
        let limit = source.lineRange(candidate.block.endLine).upperBound
        if let message = candidate.context.problem {
            var starts = CitationScanner.scanSource(source.bytes, in: span).map(\.range.lowerBound)
            starts += CitationAttempts.problems(in: source, span: span, limit: limit).map(\.offset)
            for start in starts.sorted() {
                problems.append(CitationProblem(line: source.line(containing: start), column: source.scalarColumn(ofOffset: start), message: message))
            }
            return
        }
        for attempt in CitationAttempts.problems(in: source, span: span, limit: limit) {
            problems.append(CitationProblem(line: source.line(containing: attempt.offset), column: source.scalarColumn(ofOffset: attempt.offset),
                                            message: attempt.message))
        }
        var pieceStart = 0
        var scanStart = span.lowerBound
        if var continued {
            switch CitationScanner.resume(source.bytes, from: span.lowerBound, end: span.upperBound, state: continued.state) {
            case .complete(let end, let ids):
                let marker = CmarkNode(newOfType: CMARK_NODE_CUSTOM_INLINE)
                if continued.pieces[0].insertBefore(marker) {
                    let start = continued.spaces.withUnsafeBufferPointer { spaces in
                        appendMarkerHTML(spaces: spaces[...], ids: continued.ids + ids, in: source.bytes, at: continued.offset, in: source)
                    }
                    markers.append((marker, start))
                }
                // The line break before this node goes with the rest of the citation's text.
                if let lineBreak = cmark_node_previous(node.raw) { cmark_node_free(lineBreak) }
                for piece in continued.pieces { cmark_node_free(piece.raw) }
                // What closes the citation is "@", id characters, ";", spaces and "]": the same bytes in source and literal.
                pieceStart = end - span.lowerBound
                scanStart = end
            case .open(let ids, let state):
                continued.pieces += [CmarkNode(cmark_node_previous(node.raw)!), node]
                continued.ids += ids
                continued.state = state
                open = continued
                return
            case .failed:
                break
            }
        }
        var brackets = BracketCursor()
        CitationScanner.forEachSourceMatch(source.bytes, in: scanStart..<span.upperBound) { match in
            // The source span and the literal differ only by escapes and entities, so the n-th "[" is the same.
            guard let start = brackets.nthOpeningBracket(match.bracketIndex, in: literal, from: pieceStart),
                  start + match.range.count <= literal.count,
                  Self.bytesEqual(UnsafeBufferPointer(rebasing: literal[start..<(start + match.range.count)]),
                                  UnsafeBufferPointer(rebasing: source.bytes[match.range])) else { return }
            insertMarker(before: node, literal: literal, replacing: start..<(start + match.range.count),
                         after: pieceStart, ids: match.ids, in: source.bytes, at: match.range.lowerBound, in: source)
            pieceStart = start + match.range.count
            scanStart = match.range.upperBound
        }
        if let next = cmark_node_next(node.raw).map(CmarkNode.init), Self.isBreak(next),
           let opened = CitationScanner.openAtEnd(source.bytes, in: scanStart..<span.upperBound) {
            // From its "[" on, an open citation is "@", id characters, ";" and spaces: the literal ends with the same bytes.
            let start = literal.count - (span.upperBound - opened.start)
            if start >= pieceStart {
                var textEnd = start
                while textEnd > pieceStart, literal[textEnd - 1] == UInt8(ascii: " ") || literal[textEnd - 1] == UInt8(ascii: "\t") {
                    textEnd -= 1
                }
                if textEnd > pieceStart {
                    node.insertBefore(.text(UnsafeBufferPointer(rebasing: literal[pieceStart..<textEnd])))
                }
                let piece = CmarkNode.text(UnsafeBufferPointer(rebasing: literal[textEnd...]))
                if node.insertBefore(piece) {
                    open = OpenCitation(pieces: [piece], spaces: Array(literal[textEnd..<start]), ids: opened.ids,
                                        state: opened.state, offset: opened.start)
                }
                pieceStart = literal.count
            }
        }
        guard pieceStart > 0 else { return }
        if pieceStart < literal.count {
            node.insertBefore(.text(UnsafeBufferPointer(rebasing: literal[pieceStart...])))
        }
        cmark_node_free(node.raw)
    }

    /// Not seen in practice; keep the citations, at cmark's own (possibly drifting) position.
    private mutating func rewriteUnlocated(_ candidate: TextCandidate, in source: SourceText) {
        let node = candidate.node
        let literal = node.literal
        let start = TextNodeLocator.predictedStart(candidate, in: source) ?? source.lineRange(node.startLine).lowerBound
        if let message = candidate.context.problem {
            for match in CitationScanner.scanLiteral(literal) {
                let offset = start + match.range.lowerBound
                problems.append(CitationProblem(line: source.line(containing: offset), column: source.scalarColumn(ofOffset: offset), message: message))
            }
            return
        }
        var pieceStart = 0
        for match in CitationScanner.scanLiteral(literal) {
            insertMarker(before: node, literal: literal, replacing: match.range,
                         after: pieceStart, ids: match.ids, in: literal, at: start + match.range.lowerBound, in: source)
            pieceStart = match.range.upperBound
        }
        guard pieceStart > 0 else { return }
        if pieceStart < literal.count {
            node.insertBefore(.text(UnsafeBufferPointer(rebasing: literal[pieceStart...])))
        }
        cmark_node_free(node.raw)
    }

    static func isBreak(_ node: CmarkNode) -> Bool {
        node.type == CMARK_NODE_SOFTBREAK || node.type == CMARK_NODE_LINEBREAK
    }

    /// Whether `node` comes right after a line break that comes right after `previous`.
    private static func followsBreak(_ node: CmarkNode, after previous: CmarkNode) -> Bool {
        guard let lineBreak = cmark_node_previous(node.raw).map(CmarkNode.init), isBreak(lineBreak) else { return false }
        return cmark_node_previous(lineBreak.raw) == previous.raw
    }

    /// Puts the text since `pieceStart` and then a marker for `range` in front of `node`; the ids are ranges of `idBytes`.
    private mutating func insertMarker(
        before node: CmarkNode, literal: UnsafeBufferPointer<UInt8>, replacing range: Range<Int>,
        after pieceStart: Int, ids: CitationIDs, in idBytes: UnsafeBufferPointer<UInt8>, at offset: Int, in source: SourceText
    ) {
        // Spaces before a marker move into it, so a summary without markers reads "blocked." not "blocked ."
        var textEnd = range.lowerBound
        while textEnd > pieceStart, literal[textEnd - 1] == UInt8(ascii: " ") || literal[textEnd - 1] == UInt8(ascii: "\t") {
            textEnd -= 1
        }
        if textEnd > pieceStart {
            node.insertBefore(.text(UnsafeBufferPointer(rebasing: literal[pieceStart..<textEnd])))
        }
        let start = appendMarkerHTML(spaces: literal[textEnd..<range.lowerBound], ids: ids, in: idBytes, at: offset, in: source)
        // A custom inline, because safe mode drops raw HTML inlines but emits custom ones verbatim.
        let marker = CmarkNode(newOfType: CMARK_NODE_CUSTOM_INLINE)
        if node.insertBefore(marker) { markers.append((marker, start)) }
    }

    /// Appends the marker's NUL-terminated HTML to `markerHTML` and returns where it starts: the spaces before
    /// it, then a numbered link per id (ranges of `idBytes`); records each citation.
    private mutating func appendMarkerHTML(
        spaces: Slice<UnsafeBufferPointer<UInt8>>, ids: CitationIDs, in idBytes: UnsafeBufferPointer<UInt8>,
        at offset: Int, in source: SourceText
    ) -> Int {
        let start = markerHTML.count
        let (line, column) = columns.position(ofOffset: offset, in: source)
        // Written in place and appended once: an append per piece (ten per id) showed up in profiles. Each id
        // takes the fixed text and four numbers of at most 20 digits.
        let room = spaces.count + ids.count * (Self.markerText + 4 * 20) + 1
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: room) { buffer in
            let base = buffer.baseAddress!
            var at = base
            if let spacesBase = spaces.base.baseAddress, !spaces.isEmpty {
                at.initialize(from: spacesBase + spaces.startIndex, count: spaces.count)
                at += spaces.count
            }
            for id in ids {
                let number = self.number(for: UnsafeBufferPointer(rebasing: idBytes[id]))
                citations.append(Citation(sourceID: sourceIDs[number - 1], line: line, column: column))
                occurrences[number - 1] += 1
                Self.write("<sup class=\"cite\"><a href=\"#ref-", at: &at)
                Self.writeDecimal(number, at: &at)
                Self.write("\" id=\"cite-", at: &at)
                Self.writeDecimal(number, at: &at)
                at.pointee = UInt8(ascii: "-")
                at += 1
                Self.writeDecimal(occurrences[number - 1], at: &at)
                Self.write("\">[", at: &at)
                Self.writeDecimal(number, at: &at)
                Self.write("]</a></sup>", at: &at)
            }
            at.pointee = 0
            at += 1
            markerHTML.append(contentsOf: UnsafeBufferPointer(start: base, count: at - base))
        }
        return start
    }

    /// The bytes of a marker's link other than its four numbers.
    private static let markerText = 32 + 11 + 1 + 3 + 11

    @inline(__always) private static func write(_ text: StaticString, at pointer: inout UnsafeMutablePointer<UInt8>) {
        pointer.initialize(from: text.utf8Start, count: text.utf8CodeUnitCount)
        pointer += text.utf8CodeUnitCount
    }

    /// A positive number's digits.
    @inline(__always) private static func writeDecimal(_ value: Int, at pointer: inout UnsafeMutablePointer<UInt8>) {
        var digits = 1
        var rest = value / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        var remaining = value
        var place = digits
        while place > 0 {
            place -= 1
            pointer[place] = UInt8(ascii: "0") + UInt8(remaining % 10)
            remaining /= 10
        }
        pointer += digits
    }

    /// The id's reference number, assigning the next one on first sight. A page cites few ids, so a scan beats
    /// hashing; past `scannedIDs` ids they are found through `numbers` (a body citing thousands of sources took
    /// time growing with the square of their number).
    private mutating func number(for id: UnsafeBufferPointer<UInt8>) -> Int {
        if let numbers {
            if let number = numbers.value(forBytes: id) { return number }
        } else if let index = sourceIDs.firstIndex(where: { name in
            name.utf8.withContiguousStorageIfAvailable { Self.bytesEqual($0, id) } ?? name.utf8.elementsEqual(id)
        }) {
            return index + 1
        }
        let name = String(decoding: id, as: UTF8.self)
        sourceIDs.append(name)
        occurrences.append(0)
        if numbers != nil {
            numbers!.insert(name, sourceIDs.count)
        } else if sourceIDs.count > Self.scannedIDs {
            var table = ByteKeyedTable<Int>(minimumCapacity: 2 * sourceIDs.count)
            for (index, name) in sourceIDs.enumerated() { table.insert(name, index + 1) }
            numbers = table
        }
        return sourceIDs.count
    }

    /// How many ids are looked up by a scan before `numbers` is made.
    static let scannedIDs = 32

    /// memcmp, where a generic `elementsEqual` compares byte by byte through iterators.
    private static func bytesEqual(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        guard a.count > 0, let left = a.baseAddress, let right = b.baseAddress else { return true }
        return memcmp(left, right, a.count) == 0
    }

    /// Finds the n-th "[" of a literal. Matches come in order, so each search carries on from where the last
    /// one stopped instead of counting again from the literal's start.
    private struct BracketCursor {
        /// Where the next "[" is looked for, and how many "[" come before it.
        private var index = 0
        private var seen = 0

        mutating func nthOpeningBracket(_ n: Int, in literal: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
            if n < seen { self = BracketCursor() }
            guard let base = literal.baseAddress else { return nil }
            while index < literal.count, let found = memchr(base + index, Int32(UInt8(ascii: "[")), literal.count - index) {
                let position = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
                index = position + 1
                seen += 1
                if seen - 1 == n { return position >= start ? position : nil }
            }
            return nil
        }
    }
}

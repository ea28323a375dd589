#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether a span of Markdown source is what cmark turned into a text node's literal.
enum SourceLiteralMatch {
    /// `source[range]` must unescape to exactly `literal`, give or take trailing spaces cmark trims before a line break.
    static func matches(
        _ source: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, literal: UnsafeBufferPointer<UInt8>
    ) -> Bool {
        // The usual case: the same bytes, with no backslash or "&" that could make them differ. The byte walk
        // below would take its plain-byte branch all the way and say yes; memcmp and memchr say it sooner.
        if range.count == literal.count, let sourceBase = source.baseAddress, let literalBase = literal.baseAddress {
            let start = sourceBase + range.lowerBound
            if range.isEmpty { return true }
            if memchr(start, Int32(UInt8(ascii: "\\")), range.count) == nil,
               memchr(start, Int32(UInt8(ascii: "&")), range.count) == nil {
                return memcmp(start, literalBase, range.count) == 0 || walked(source, range, literal: literal)
            }
        }
        return walked(source, range, literal: literal)
    }

    private static func walked(_ source: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, literal: UnsafeBufferPointer<UInt8>) -> Bool {
        spanEnd(source, from: range.lowerBound, end: range.upperBound, literal: literal) { isBlank(source, $0..<range.upperBound) } != nil
    }

    /// Where a span of `source` that starts at `start`, ends by `end` and unescapes to exactly `literal` ends, among
    /// the ends `accepts` takes: the whole range give or take blanks (`matches`), or any end, for a text node whose
    /// length cmark has wrong.
    static func spanEnd(
        _ source: UnsafeBufferPointer<UInt8>, from start: Int, end: Int, literal: UnsafeBufferPointer<UInt8>, at literalStart: Int = 0,
        accepting accepts: (Int) -> Bool = { _ in true }
    ) -> Int? {
        var index = start
        var position = literalStart
        while position < literal.count {
            guard index < end else { return nil }
            let byte = source[index]
            if byte == UInt8(ascii: "\\"), index + 1 < end, MarkdownSyntax.isASCIIPunctuation(source[index + 1]) {
                guard literal[position] == source[index + 1] else { return nil }
                index += 2
                position += 1
            } else if byte == UInt8(ascii: "&"), let entity = MarkdownSyntax.entity(in: source, at: index, end: end) {
                switch entity.value {
                case .scalar(let scalar):
                    guard let next = consume(scalar, in: literal, at: position) else { return nil }
                    position = next
                    index = entity.end
                case .named:
                    // Unknown names stay verbatim, known ones become one or two scalars we have no table for: try each.
                    let verbatim = entity.end - index
                    if position + verbatim <= literal.count,
                       literal[position..<(position + verbatim)].elementsEqual(source[index..<entity.end]),
                       let found = spanEnd(source, from: entity.end, end: end, literal: literal, at: position + verbatim, accepting: accepts) {
                        return found
                    }
                    var next = position
                    for _ in 0..<2 {
                        guard let after = skipScalar(in: literal, at: next) else { return nil }
                        next = after
                        if let found = spanEnd(source, from: entity.end, end: end, literal: literal, at: next, accepting: accepts) { return found }
                    }
                    return nil
                }
            } else if literal[position] == byte {
                index += 1
                position += 1
            } else {
                return nil
            }
        }
        return accepts(index) ? index : nil
    }

    private static func consume(_ scalar: Unicode.Scalar, in literal: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        var position = start
        var equal = true
        UTF8.encode(scalar) { byte in
            if equal, position < literal.count, literal[position] == byte { position += 1 } else { equal = false }
        }
        return equal ? position : nil
    }

    private static func skipScalar(in literal: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        guard start < literal.count else { return nil }
        var position = start + 1
        while position < literal.count, literal[position] & 0xC0 == 0x80 { position += 1 }
        return position
    }

    private static func isBlank(_ source: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        source[range].allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
    }
}

import ByteScan
import Foundation

/// Writes JSON straight into bytes, in the layout `JSONEncoder` gives with `.sortedKeys` and
/// `.withoutEscapingSlashes` (and `.prettyPrinted` when `pretty`), without building the document in
/// memory first: the data exports of a large site are tens of megabytes.
///
/// Callers write an object's keys in sorted order themselves; the tests compare the output with
/// `JSONEncoder`'s for every export.
struct JSONWriter {
    let output: ByteBuffer
    let pretty: Bool
    /// Also escapes `<`, `>` and `&` (as `\u003c`, `\u003e`, `\u0026`), so the JSON can sit inside a
    /// `<script>` element (JSON-LD): no value can close the element or open a comment.
    var escapesForScript = false
    /// How many containers are open (at most 64: the exports nest four deep).
    private var depth = 0
    /// Bit `d` set: the container open at depth `d + 1` has no element yet.
    private var emptyAt: UInt64 = 0
    private var afterKey = false

    init(pretty: Bool, output: ByteBuffer = ByteBuffer(capacity: 1024)) {
        self.pretty = pretty
        self.output = output
    }

    /// What was written so far (an in-memory output's whole document).
    var text: String { output.string }

    mutating func openArray() { open(UInt8(ascii: "[")) }
    mutating func closeArray() { close(UInt8(ascii: "]")) }
    mutating func openObject() { open(UInt8(ascii: "{")) }
    mutating func closeObject() { close(UInt8(ascii: "}")) }

    /// An array of `count` objects, object `i`'s fields written by `fields(&self, i)`; a streaming
    /// output is flushed to its file between objects. With a cache, the bytes of each object below
    /// `cachedBelow` are kept under its index and copied from there the next time.
    mutating func objects(_ count: Int, cache: FragmentCache? = nil, cachedBelow: Int = .max,
                          _ fields: (inout JSONWriter, Int) -> Void) {
        elements(count, areObjects: true, cache: cache, cachedBelow: cachedBelow, fields)
    }

    /// An array of `count` arrays, array `i`'s values written by `values(&self, i)`, kept in `cache` as `objects` does.
    mutating func arrays(_ count: Int, cache: FragmentCache? = nil, _ values: (inout JSONWriter, Int) -> Void) {
        elements(count, areObjects: false, cache: cache, cachedBelow: .max, values)
    }

    private mutating func elements(_ count: Int, areObjects: Bool, cache: FragmentCache?, cachedBelow: Int,
                                   _ write: (inout JSONWriter, Int) -> Void) {
        openArray()
        for index in 0 ..< count {
            if let cache, index < cachedBelow {
                element()
                cache.append(index, to: output) {
                    // An element inside this array, written by a writer that knows its depth.
                    var inner = JSONWriter(pretty: pretty, output: output)
                    inner.depth = depth
                    inner.afterKey = true
                    inner.open(areObjects ? UInt8(ascii: "{") : UInt8(ascii: "["))
                    write(&inner, index)
                    inner.close(areObjects ? UInt8(ascii: "}") : UInt8(ascii: "]"))
                }
            } else {
                open(areObjects ? UInt8(ascii: "{") : UInt8(ascii: "["))
                write(&self, index)
                close(areObjects ? UInt8(ascii: "}") : UInt8(ascii: "]"))
            }
            output.flushIfLarge()
        }
        closeArray()
    }

    /// A key written in the source: copied as it is, with its quotes and colon, in one step (a key is
    /// written for each field of each exported object, 140,000 of them for 2,000 incidents). Such a key
    /// has nothing to escape.
    mutating func key(_ key: StaticString) {
        guard key.hasPointerRepresentation else { return self.key(named: key.description) }
        assert(key.withUTF8Buffer { !$0.contains { $0 < 0x20 || $0 >= 0x7F || [34, 38, 60, 62, 92].contains($0) } },
               "a JSON key written in the source holds a character to escape: \(key)")
        element()
        let count = key.utf8CodeUnitCount
        let pretty = pretty
        output.append(atMost: count + 5) { out in
            out[0] = 34
            (out + 1).update(from: key.utf8Start, count: count)
            out[count + 1] = 34
            guard pretty else {
                out[count + 2] = 58
                return count + 3
            }
            out[count + 2] = 32
            out[count + 3] = 58
            out[count + 4] = 32
            return count + 5
        }
        afterKey = true
    }

    /// A key made at run time (a custom field's name), escaped as JSON escapes it.
    mutating func key(named key: String) {
        element()
        writeString(key)
        if pretty { output.append([32, 58, 32]) } else { output.append(58) }
        afterKey = true
    }

    mutating func string(_ value: String) {
        element()
        writeString(value)
    }

    mutating func int(_ value: Int) {
        element()
        output.append(String(value))
    }

    mutating func bool(_ value: Bool) {
        element()
        output.append(value ? "true" : "false")
    }

    mutating func null() {
        element()
        output.append("null")
    }

    /// A number already written as JSON (digits, an optional "-" and ".").
    mutating func number(_ literal: String) {
        element()
        output.append(literal)
    }

    /// `"key" : "value"`, left out when `value` is nil (as `encodeIfPresent` does).
    mutating func field(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        key(name)
        string(value)
    }

    mutating func field(_ name: StaticString, _ values: [String]) {
        key(name)
        openArray()
        for value in values { string(value) }
        closeArray()
    }

    private mutating func open(_ bracket: UInt8) {
        element()
        output.append(bracket)
        precondition(depth < 64, "JSON nested more than 64 deep")
        emptyAt |= 1 << depth
        depth += 1
    }

    private mutating func close(_ bracket: UInt8) {
        depth -= 1
        let wasEmpty = emptyAt & (1 << depth) != 0
        emptyAt &= ~(1 << depth)
        if pretty {
            if wasEmpty { output.append(10) }
            newLine()
        }
        output.append(bracket)
    }

    /// The separator before a value: none after a key; otherwise a comma after an earlier element,
    /// and in pretty output a new line at the container's depth.
    private mutating func element() {
        if afterKey {
            afterKey = false
            return
        }
        guard depth > 0 else { return }
        let bit: UInt64 = 1 << (depth - 1)
        if emptyAt & bit == 0 { output.append(44) }
        emptyAt &= ~bit
        if pretty { newLine() }
    }

    /// A line break and the indentation of the current depth, in one step.
    private func newLine() {
        let spaces = 2 * depth
        output.append(atMost: spaces + 1) { out in
            out[0] = 10
            (out + 1).update(repeating: 32, count: spaces)
            return spaces + 1
        }
    }

    /// Writes `value` quoted, escaping what JSON escapes (a control character, `"` or `\\`; `<`, `>` and `&`
    /// too inside a script). The next byte to escape is found sixteen bytes at a time (`tracker_next_json_byte`).
    private mutating func writeString(_ value: String) {
        output.append(34)
        var value = value
        let forScript = escapesForScript
        let output = output
        value.withUTF8 { utf8 in
            guard let base = utf8.baseAddress else { return }
            let count = utf8.count
            var runStart = 0
            while true {
                let index = runStart + tracker_next_json_byte(base + runStart, count - runStart, forScript)
                output.append(UnsafeBufferPointer(start: base + runStart, count: index - runStart))
                guard index < count else { return }
                Self.appendEscaped(base[index], to: output)
                runStart = index + 1
            }
        }
        output.append(34)
    }

    /// One byte as JSON escapes it, as `JSONEncoder` writes it: a short escape where JSON has one, else `\u00XX`.
    private static func appendEscaped(_ byte: UInt8, to output: ByteBuffer) {
        let short: UInt8
        switch byte {
        case 34: short = 34
        case 92: short = 92
        case 8: short = UInt8(ascii: "b")
        case 12: short = UInt8(ascii: "f")
        case 10: short = UInt8(ascii: "n")
        case 13: short = UInt8(ascii: "r")
        case 9: short = UInt8(ascii: "t")
        default:
            let hex: StaticString = "0123456789abcdef"
            for byte in [92, UInt8(ascii: "u"), 48, 48, hex.utf8Start[Int(byte >> 4)], hex.utf8Start[Int(byte & 15)]] { output.append(byte) }
            return
        }
        output.append(92)
        output.append(short)
    }
}

/// Writes JSON straight into bytes, in the layout `JSONEncoder` gives with `.sortedKeys` and
/// `.withoutEscapingSlashes` (and `.prettyPrinted` when `pretty`), without building the document in
/// memory first: the data exports of a large site are tens of megabytes.
///
/// Callers write an object's keys in sorted order themselves; the tests compare the output with
/// `JSONEncoder`'s for every export.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    let pretty: Bool
    /// For each open container: whether it has no element yet.
    private var empty: [Bool] = []
    private var afterKey = false

    init(pretty: Bool, capacity: Int = 0) {
        self.pretty = pretty
        bytes.reserveCapacity(capacity)
    }

    mutating func openArray() { open(UInt8(ascii: "[")) }
    mutating func closeArray() { close(UInt8(ascii: "]")) }
    mutating func openObject() { open(UInt8(ascii: "{")) }
    mutating func closeObject() { close(UInt8(ascii: "}")) }

    mutating func key(_ key: String) {
        element()
        writeString(key)
        if pretty { bytes.append(contentsOf: [32, 58, 32]) } else { bytes.append(58) }
        afterKey = true
    }

    mutating func string(_ value: String) {
        element()
        writeString(value)
    }

    mutating func int(_ value: Int) {
        element()
        bytes.append(contentsOf: String(value).utf8)
    }

    /// `"key" : "value"`, left out when `value` is nil (as `encodeIfPresent` does).
    mutating func field(_ name: String, _ value: String?) {
        guard let value else { return }
        key(name)
        string(value)
    }

    mutating func field(_ name: String, _ values: [String]) {
        key(name)
        openArray()
        for value in values { string(value) }
        closeArray()
    }

    private mutating func open(_ bracket: UInt8) {
        element()
        bytes.append(bracket)
        empty.append(true)
    }

    private mutating func close(_ bracket: UInt8) {
        let wasEmpty = empty.removeLast()
        if pretty {
            bytes.append(10)
            if wasEmpty { bytes.append(10) }
            indent()
        }
        bytes.append(bracket)
    }

    /// The separator before a value: none after a key; otherwise a comma after an earlier element,
    /// and in pretty output a new line at the container's depth.
    private mutating func element() {
        if afterKey {
            afterKey = false
            return
        }
        guard let isFirst = empty.last else { return }
        if !isFirst { bytes.append(44) }
        empty[empty.count - 1] = false
        if pretty {
            bytes.append(10)
            indent()
        }
    }

    private mutating func indent() {
        for _ in 0 ..< empty.count { bytes.append(contentsOf: [32, 32]) }
    }

    private mutating func writeString(_ value: String) {
        bytes.append(34)
        for byte in value.utf8 {
            switch byte {
            case 34: bytes.append(contentsOf: [92, 34])
            case 92: bytes.append(contentsOf: [92, 92])
            case 8: bytes.append(contentsOf: [92, UInt8(ascii: "b")])
            case 12: bytes.append(contentsOf: [92, UInt8(ascii: "f")])
            case 10: bytes.append(contentsOf: [92, UInt8(ascii: "n")])
            case 13: bytes.append(contentsOf: [92, UInt8(ascii: "r")])
            case 9: bytes.append(contentsOf: [92, UInt8(ascii: "t")])
            case 0 ..< 32:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [92, UInt8(ascii: "u"), 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 15)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(34)
    }
}

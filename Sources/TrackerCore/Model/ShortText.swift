/// A short text put together from pieces straight in its string's storage: no string per piece and no
/// growing as each is appended (dates for readers are made several times for every incident, and a
/// `+=` per piece, with `String(day)` for each number, cost about 200 instructions a piece).
struct ShortText {
    private let base: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private(set) var count = 0

    /// The text `write` puts together in at most `capacity` bytes (it must not write more).
    static func make(capacity: Int, _ write: (inout ShortText) -> Void) -> String {
        String(unsafeUninitializedCapacity: capacity) { buffer in
            var text = ShortText(base: buffer.baseAddress!, capacity: buffer.count)
            write(&text)
            return text.count
        }
    }

    /// The most bytes a number takes (`Int.min`'s twenty digits and sign).
    static let numberRoom = 20

    private init(base: UnsafeMutablePointer<UInt8>, capacity: Int) {
        self.base = base
        self.capacity = capacity
    }

    mutating func append(_ piece: String) {
        var piece = piece
        piece.withUTF8 { bytes in
            precondition(count + bytes.count <= capacity, "ShortText: more than its capacity")
            guard let start = bytes.baseAddress else { return }
            (base + count).initialize(from: start, count: bytes.count)
            count += bytes.count
        }
    }

    /// The number in ASCII digits, with zeros in front up to `width` digits; a negative one as `String` writes it.
    mutating func append(_ number: Int, width: Int = 1) {
        guard number >= 0 else { return append(String(number)) }
        var digits = 1
        var rest = number / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        let total = max(digits, width)
        precondition(count + total <= capacity, "ShortText: more than its capacity")
        var remaining = number
        for place in stride(from: total - 1, through: 0, by: -1) {
            base[count + place] = UInt8(truncatingIfNeeded: 48 + remaining % 10)
            remaining /= 10
        }
        count += total
    }
}

extension Array where Element == UInt8 {
    /// Appends `value` in decimal, as `String(value)` writes it, without making a `String` (the citation
    /// markers of every page and the build cache's record of every output file are written this way).
    mutating func appendDecimal(_ value: Int) {
        // The digits made last to first in a small buffer, then appended at once: one digit at a time (a call
        // per digit, and a check of the array's storage for each) was most of writing the cache's record.
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = digits.count
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 { append(UInt8(ascii: "-")) }
            append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    /// How many bytes `appendDecimal(value)` appends.
    static func decimalCount(_ value: Int) -> Int {
        var magnitude = value.magnitude
        var count = value < 0 ? 2 : 1
        while magnitude >= 10 {
            magnitude /= 10
            count += 1
        }
        return count
    }
}

extension Array where Element == UInt8 {
    /// Appends `value` in decimal, as `String(value)` writes it, without making a `String` (the citation
    /// markers of every page and the build cache's record of every output file are written this way).
    mutating func appendDecimal(_ value: Int) {
        if value < 0 { append(UInt8(ascii: "-")) }
        appendDecimal(magnitude: value.magnitude)
    }

    private mutating func appendDecimal(magnitude: UInt) {
        if magnitude >= 10 { appendDecimal(magnitude: magnitude / 10) }
        append(UInt8(ascii: "0") + UInt8(magnitude % 10))
    }
}

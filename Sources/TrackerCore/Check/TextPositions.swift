/// Turns a byte offset in a UTF-8 text into 1-based line and column numbers (columns count characters, not bytes).
/// Computed only for the few URLs that are reported, so it simply scans from the start.
enum TextPositions {
    static func lineAndColumn(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for byte in bytes[..<min(offset, bytes.count)] {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }
}

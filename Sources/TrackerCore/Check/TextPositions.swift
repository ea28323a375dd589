/// Turns a byte offset in a UTF-8 text into 1-based line and column numbers (columns count characters, not bytes).
/// Computed only for the few URLs that are reported, so it simply scans from the start.
enum TextPositions {
    static func lineAndColumn<Bytes: RandomAccessCollection<UInt8>>(of offset: Int, in bytes: Bytes) -> (line: Int, column: Int) where Bytes.Index == Int {
        var line = 1
        var column = 1
        for byte in bytes[bytes.startIndex..<min(offset, bytes.endIndex)] {
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

/// Turns a byte offset in a UTF-8 text into 1-based line and column numbers (columns count characters, not bytes).
/// Computed only for the few URLs that are reported, so it simply scans from the start.
enum TextPositions {
    static func lineAndColumn<Bytes: RandomAccessCollection<UInt8>>(of offset: Int, in bytes: Bytes) -> (line: Int, column: Int) where Bytes.Index == Int {
        var position = (line: 1, column: 1)
        advance(&position, over: bytes[bytes.startIndex..<min(offset, bytes.endIndex)])
        return position
    }

    /// Moves `position` past `bytes`: a line for each "\n", a column for each other character.
    static func advance<Bytes: Sequence<UInt8>>(_ position: inout (line: Int, column: Int), over bytes: Bytes) {
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                position.line += 1
                position.column = 1
            } else if byte & 0xC0 != 0x80 {
                position.column += 1
            }
        }
    }
}

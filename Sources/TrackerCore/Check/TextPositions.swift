/// Turns byte offsets in a UTF-8 text into 1-based line and column numbers (columns count characters, not bytes).
struct TextPositions: Sendable {
    private let bytes: [UInt8]
    private let lineStarts: [Int]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
        lineStarts = starts
    }

    func lineAndColumn(of offset: Int) -> (line: Int, column: Int) {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        let start = lineStarts[low]
        let characters = bytes[start..<min(offset, bytes.count)].filter { $0 & 0xC0 != 0x80 }.count
        return (low + 1, characters + 1)
    }
}

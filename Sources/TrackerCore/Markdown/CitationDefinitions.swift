/// Link reference definitions whose label is a citation (`[@a]: https://…`): cmark would turn every
/// `[@a]` of the body into a plain link to that address, and the citation would be lost. cmark does not
/// tell which definitions it read, so lines are looked at: one that starts (after block quote and
/// list markers) with a citation and ":" is a definition unless it is in a code or HTML block, or its
/// text was read as a citation (a paragraph's later line).
enum CitationDefinitions {
    static let message = "a link reference definition cannot have a citation as its label: it would turn the citation into a plain link; rename the label or remove the definition"

    /// `read` gives the positions of the citations read as such; it is asked only when a line looks like a
    /// definition, which few bodies have (a set of every citation of every body was built for nothing).
    static func problems(in source: SourceText, literalBlocks: [ClosedRange<Int>], read: () -> Set<SourcePosition>) -> [CitationProblem] {
        guard CitationScanner.mayContainCitation(source.bytes) else { return [] }
        var problems: [CitationProblem] = []
        var readPositions: Set<SourcePosition>?
        for line in 1...max(1, source.lineCount) {
            let range = source.lineRange(line)
            let start = contentStart(source.bytes, in: range)
            guard start + 1 < range.upperBound, source.bytes[start] == UInt8(ascii: "["), source.bytes[start + 1] == UInt8(ascii: "@"),
                  let match = CitationScanner.match(source.bytes, at: start, end: range.upperBound),
                  match.end < range.upperBound, source.bytes[match.end] == UInt8(ascii: ":"),
                  !literalBlocks.contains(where: { $0.contains(line) }) else { continue }
            let column = source.scalarColumn(ofOffset: start)
            if readPositions == nil { readPositions = read() }
            guard readPositions?.contains(SourcePosition(line: line, column: column)) != true else { continue }
            problems.append(CitationProblem(line: line, column: column, message: message))
        }
        return problems
    }

    /// Past the spaces, tabs, ">" and list markers ("-", "*", "+", "1." or "1)" before a space) that start a line.
    private static func contentStart(_ bytes: UnsafeBufferPointer<UInt8>, in range: Range<Int>) -> Int {
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = bytes[index]
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: ">") {
                index += 1
                continue
            }
            var marker = index
            if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "*") || byte == UInt8(ascii: "+") {
                marker += 1
            } else {
                while marker < range.upperBound, marker - index < 9, bytes[marker] >= UInt8(ascii: "0"), bytes[marker] <= UInt8(ascii: "9") { marker += 1 }
                guard marker > index, marker < range.upperBound,
                      bytes[marker] == UInt8(ascii: ".") || bytes[marker] == UInt8(ascii: ")") else { return index }
                marker += 1
            }
            guard marker < range.upperBound, bytes[marker] == UInt8(ascii: " ") || bytes[marker] == UInt8(ascii: "\t") else { return index }
            index = marker
        }
        return index
    }
}

/// A body line and column (in Unicode scalars).
struct SourcePosition: Hashable {
    let line: Int
    let column: Int
}

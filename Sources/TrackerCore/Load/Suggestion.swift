/// Finds the known name closest to a misspelt one, for "did you mean …" hints.
///
/// A name is close when it is at most a third of the word's length of edits away (at least one, never more than
/// three), an edit being a letter added, removed or changed, or two neighbouring letters swapped ("titel"), with
/// letters compared lowercased. The nearest name wins; of names as near, the first in `String` order.
///
/// Built once for a list of names and asked many times: a site whose sources were renamed may cite thousands of
/// ids that no longer exist, each looked for among thousands of sources. The names are kept sorted by their
/// lowercased letters, and the table of edits of a word against a name is worked out row by row, one row per
/// letter of the name: neighbours that share their first letters share those rows, and once a row holds nothing
/// within reach every name that starts with the same letters is passed over (a search of a trie, in a sorted list).
struct Suggestion: Sendable {
    /// Every name's lowercased scalars, one after another, in sorted order.
    private let letters: [UInt32]
    /// Where each name's letters end in `letters`.
    private let ends: [Int]
    /// How many first letters each name shares with the one before it.
    private let shared: [Int]
    /// The names as given, in the same order.
    private let names: [String]
    private let longest: Int

    init(_ candidates: some Sequence<String>) {
        var entries = candidates.map { (letters: $0.lowercased().unicodeScalars.map(\.value), name: $0) }
        entries.sort { $0.letters.lexicographicallyPrecedes($1.letters) }
        var letters: [UInt32] = [], ends: [Int] = [], shared: [Int] = [], longest = 0
        letters.reserveCapacity(entries.reduce(0) { $0 + $1.letters.count })
        var previous: [UInt32] = []
        for entry in entries {
            var common = 0
            while common < previous.count, common < entry.letters.count, previous[common] == entry.letters[common] { common += 1 }
            shared.append(common)
            letters.append(contentsOf: entry.letters)
            ends.append(letters.count)
            longest = max(longest, entry.letters.count)
            previous = entry.letters
        }
        (self.letters, self.ends, self.shared, self.names, self.longest) = (letters, ends, shared, entries.map(\.name), longest)
    }

    /// The closest name to `word`, or nil when none is close enough.
    func closest(to word: String) -> String? {
        let maximum = max(1, min(3, word.count / 3))
        let word = word.lowercased().unicodeScalars.map(\.value)
        let columns = word.count + 1
        // A name longer than the word by more than `maximum` is out of reach once that many rows are past the
        // word's end, and a word longer than every name by more than that has no close name at all.
        guard word.count <= longest + maximum else { return nil }
        let rows = min(longest, word.count + maximum + 1) + 1
        var table = [Int](repeating: 0, count: rows * columns)
        for column in 0..<columns { table[column] = column }
        var best: (name: String, distance: Int)?
        // The last name's row where nothing was within reach any more. Rows up to the letters a name shares with the
        // last one still hold: the last name's rows were worked out up to its end or to its dead row, and a name
        // sharing that many letters is passed over, so the rows it would reuse are those of the same letters.
        var dead = Int.max
        table.withUnsafeMutableBufferPointer { table in
            for index in names.indices {
                // A name sharing the out-of-reach row's letters is as far.
                if shared[index] >= dead { continue }
                dead = Int.max
                let start = index == 0 ? 0 : ends[index - 1]
                let length = ends[index] - start
                let limit = best?.distance ?? maximum
                var row = shared[index]
                while row < length {
                    row += 1
                    guard row < rows else { dead = row; break }
                    let here = row * columns, above = here - columns
                    let letter = letters[start + row - 1]
                    let before: UInt32? = row > 1 ? letters[start + row - 2] : nil
                    table[here] = row
                    var smallest = row
                    for column in 1..<columns {
                        let same = word[column - 1] == letter
                        var edits = Swift.min(table[above + column] + 1, table[here + column - 1] + 1, table[above + column - 1] + (same ? 0 : 1))
                        if column > 1, let before, word[column - 1] == before, word[column - 2] == letter {
                            edits = Swift.min(edits, table[above - columns + column - 2] + 1)
                        }
                        table[here + column] = edits
                        smallest = Swift.min(smallest, edits)
                    }
                    if smallest > limit { dead = row; break }
                }
                guard dead == Int.max else { continue }
                let distance = table[length * columns + columns - 1]
                if distance <= limit, distance < limit || best == nil || names[index] < best!.name {
                    best = (names[index], distance)
                }
            }
        }
        return best?.name
    }

    /// "; did you mean 'x'?" or "".
    func hint(for word: String) -> String {
        closest(to: word).map { "; did you mean '\($0)'?" } ?? ""
    }

    /// The closest of `candidates` to `word`, for a list asked once.
    static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        Suggestion(candidates).closest(to: word)
    }

    /// "; did you mean 'x'?" or "".
    static func hint(for word: String, in candidates: some Sequence<String>) -> String {
        Suggestion(candidates).hint(for: word)
    }
}

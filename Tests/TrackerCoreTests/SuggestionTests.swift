import Testing
@testable import TrackerCore

/// "Did you mean" hints: `Suggestion` searches its sorted names sharing the rows of their common first letters and
/// passing over names whose first letters are already out of reach; its answers must be those of comparing the
/// word with every name in full.
@Suite struct SuggestionTestSuite {
    /// The plain rule, name by name: the edit distance (a swap of neighbours counting as one edit) of the
    /// lowercased letters, at most a third of the word's length (one to three); the nearest, then the first name.
    static func expected(_ word: String, _ candidates: [String]) -> String? {
        let maximum = max(1, min(3, word.count / 3))
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let distance = distance(Array(word.lowercased().unicodeScalars), Array(candidate.lowercased().unicodeScalars))
            if distance <= maximum, distance < (best?.distance ?? Int.max) || (distance == best?.distance && candidate < best!.name) {
                best = (candidate, distance)
            }
        }
        return best?.name
    }

    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0 ... a.count { table[i][0] = i }
        for j in 0 ... b.count { table[0][j] = j }
        for i in stride(from: 1, through: a.count, by: 1) {
            for j in stride(from: 1, through: b.count, by: 1) {
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1) }
            }
        }
        return table[a.count][b.count]
    }

    @Test func aSwapOfNeighboursIsOneEdit() {
        #expect(Suggestion(["title", "tags", "type"]).closest(to: "titel") == "title")
        #expect(Suggestion.hint(for: "verfication", in: ["verification", "status"]) == "; did you mean 'verification'?")
        #expect(Suggestion.hint(for: "zzzzzz", in: ["verification", "status"]) == "")
    }

    /// A third of the word's length: "abc" may be one edit away, "abcdef" two, anything of nine letters or more three.
    @Test func theReachGrowsWithTheWordUpToThree() {
        #expect(Suggestion(["abx"]).closest(to: "abc") == "abx")
        #expect(Suggestion(["axy"]).closest(to: "abc") == nil)
        #expect(Suggestion(["abcdxy"]).closest(to: "abcdef") == "abcdxy")
        #expect(Suggestion(["abcxyz"]).closest(to: "abcdef") == nil)
        #expect(Suggestion(["abcdefxyz"]).closest(to: "abcdefghi") == "abcdefxyz")
        #expect(Suggestion(["abcdefghiwxyz"]).closest(to: "abcdefghijklm") == nil)
        #expect(Suggestion(["abcdefghijwxyz"]).closest(to: "abcdefghijklmn") == nil)
        #expect(Suggestion(["abcdefghijkxyz"]).closest(to: "abcdefghijklmn") == "abcdefghijkxyz")
    }

    /// The nearest wins wherever it sorts; of names as near, the first in `String` order, whatever their case.
    @Test func theNearestThenTheFirstInOrder() {
        #expect(Suggestion(["report-2024-01-03", "report-2024-01-02", "report-2023-01-02"]).closest(to: "report-2024-01-2") == "report-2024-01-02")
        #expect(Suggestion(["Dawn-2024", "dawn-2024", "daWn-2024"]).closest(to: "dawn-2023") == "Dawn-2024")
        #expect(Suggestion(["s-000002", "s-000001", "s-000003"]).closest(to: "s-000000") == "s-000001")
        // Longer and shorter names than the word, sharing its first letters.
        #expect(Suggestion(["aljazeera-2024-04-17-x", "aljazeera-2024-04", "aljazeera-2024-04-1"]).closest(to: "aljazeera-2024-04-17") == "aljazeera-2024-04-1")
    }

    @Test func noNamesOrAWordBeyondEveryName() {
        #expect(Suggestion([String]()).closest(to: "anything") == nil)
        #expect(Suggestion(["ab"]).closest(to: "") == nil)
        #expect(Suggestion(["a"]).closest(to: "") == "a")
        #expect(Suggestion([""]).closest(to: "b") == "")
        #expect(Suggestion(["short"]).closest(to: String(repeating: "long", count: 10_000)) == nil)
        #expect(Suggestion(["abcdefghij"]).closest(to: "abcdefghijklm") == "abcdefghij")
        #expect(Suggestion(["abcdefghij"]).closest(to: "abcdefghijklmn") == nil)
    }

    /// Random words near and far from random names, over a small alphabet (so that names share first letters and
    /// swaps happen), with letters of two cases and beyond ASCII: the same answer as the plain rule every time.
    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func sameAnswerAsComparingEveryName(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        let alphabet: [String] = ["a", "b", "c", "A", "-", "0", "1", "é", "É", "ß", "İ"]
        func word(_ length: Int) -> String { (0 ..< length).map { _ in alphabet.randomElement(using: &random)! }.joined() }
        func misspelt(_ name: String) -> String {
            var letters = Array(name)
            for _ in 0 ..< Int.random(in: 0 ... 4, using: &random) {
                let at = Int.random(in: 0 ... letters.count, using: &random)
                switch Int.random(in: 0 ..< 4, using: &random) {
                case 0: letters.insert(Character(alphabet.randomElement(using: &random)!), at: at)
                case 1 where at < letters.count: letters.remove(at: at)
                case 2 where at < letters.count: letters[at] = Character(alphabet.randomElement(using: &random)!)
                case 3 where at + 1 < letters.count: letters.swapAt(at, at + 1)
                default: break
                }
            }
            return String(letters)
        }
        for _ in 0 ..< 40 {
            let names = (0 ..< Int.random(in: 0 ... 60, using: &random)).map { _ in word(Int.random(in: 0 ... 12, using: &random)) }
            let suggestion = Suggestion(names)
            for _ in 0 ..< 25 {
                let query = names.isEmpty || Bool.random(using: &random) ? word(Int.random(in: 0 ... 14, using: &random)) : misspelt(names.randomElement(using: &random)!)
                #expect(suggestion.closest(to: query) == Self.expected(query, names), "\(query) among \(names)")
            }
        }
    }

    /// Names numbered like a generated site's: thousands of them, sharing most of their letters.
    @Test func numberedNamesAsThePlainRule() {
        let names = (0 ..< 3_000).map { "s-\(String(($0 * 7_919) % 10_000).leftPadded(to: 6))" }
        let suggestion = Suggestion(names)
        for query in ["s-000012x", "s-00001", "s-0079190", "s-0x7919", "S-007919", "s-99", "s-000000-extra", "x-001234"] {
            #expect(suggestion.closest(to: query) == Self.expected(query, names), "\(query)")
        }
    }

    /// Each unknown id's hint is worked out once, and a site without any prepares nothing.
    @Test func hintsOncePerUnknownID() {
        let hints = SiteLinker.hints(for: ["dawn-2024", "dawn-2024", "nothing-like-it", "dawn-2024"], among: ["dawn-2023", "reuters-2024"])
        #expect(hints == ["dawn-2024": "; did you mean 'dawn-2023'?", "nothing-like-it": ""])
        #expect(SiteLinker.hints(for: [String](), among: ["dawn-2023"]) == [:])
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

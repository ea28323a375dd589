import Foundation
import Testing
@testable import TrackerCore

/// What `tracker build` does to hold less of a large site in memory gives the same results as before.
@Suite struct BuildMemoryTestSuite {
    @Test func theInternerHandsOutOneCopyOfEachLongStringAndLeavesShortOnesAlone() {
        let interner = StringInterner()
        let first = interner.intern(String(repeating: "regionalcourt-", count: 2))
        let again = interner.intern("regionalcourt-" + "regionalcourt-")
        #expect(first == again)
        first.utf8.withContiguousStorageIfAvailable { a in
            again.utf8.withContiguousStorageIfAvailable { b in #expect(a.baseAddress == b.baseAddress) }
        }
        #expect(interner.intern("short-id") == "short-id")
        // The same reason spelled precomposed and decomposed: equal as `String`s, but each keeps its own bytes.
        let precomposed = interner.intern("ordered by the caf\u{E9}'s owner")
        let decomposed = interner.intern("ordered by the cafe\u{301}'s owner")
        #expect(Array(precomposed.utf8) == Array("ordered by the caf\u{E9}'s owner".utf8))
        #expect(Array(decomposed.utf8) == Array("ordered by the cafe\u{301}'s owner".utf8))
        let none: StringInterner? = nil
        #expect(none.intern("not interned at all") == "not interned at all")
    }

    /// Interning a body's cited ids leaves its citations as they were, each id sharing the storage of the first
    /// equal id interned: with few distinct ids in a body (found in its own list) and with many (hashed).
    @Test func aBodysCitedIDsAndItsCitationsShareOneCopyOfEachID() {
        func storage(_ string: String) -> UnsafePointer<UInt8>? { string.utf8.withContiguousStorageIfAvailable { $0.baseAddress } ?? nil }
        let long = "netblocks-measurement-2024-02-08"
        let many = (0..<20).map { "another-long-source-\($0)" }
        let interner = StringInterner()
        let first = MarkdownRenderer.render("Cut off [@\(long)].\n").interningSourceIDs(interner)
        let few = MarkdownRenderer.render("Again [@\(long)], [@short; @\(long)] and [@\(long)].\n")
        let manyIDs = MarkdownRenderer.render((many + [long]).map { "[@\($0)] and [@\(long)]" }.joined(separator: " ") + "\n")
        for body in [few, manyIDs] {
            let interned = body.interningSourceIDs(interner)
            #expect(interned.citedSourceIDs == body.citedSourceIDs)
            #expect(interned.citations == body.citations)
            for citation in interned.citations where citation.sourceID == long {
                #expect(storage(citation.sourceID) == storage(first.citedSourceIDs[0]))
            }
            #expect(storage(interned.citedSourceIDs[interned.citedSourceIDs.firstIndex(of: long)!]) == storage(first.citedSourceIDs[0]))
        }
        #expect(few.citations.map(\.sourceID) == [long, "short", long, long])
        #expect(manyIDs.citedSourceIDs.count == 21)
    }

    @Test func piecesAreCombinedAsTheirBytesWouldBe() {
        // Longer than one block of the cache's record, cut at several places.
        let bytes = Data((0..<(3 << 19)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        for cuts in [[], [0], [5], [1 << 20], [1, 2, 3, 1 << 20, bytes.count - 1]] {
            var whole = ContentHash()
            whole.combine(bytes)
            var pieces = ContentHash()
            pieces.startPieces(length: bytes.count)
            var start = 0
            for end in cuts + [bytes.count] {
                bytes[start ..< end].withUnsafeBytes { pieces.combinePiece($0) }
                start = end
            }
            #expect(pieces.hexDigest == whole.hexDigest, "cut at \(cuts)")
        }
        // The length goes first: the same bytes announced as longer are another digest.
        var whole = ContentHash()
        whole.combine(bytes)
        var announced = ContentHash()
        announced.startPieces(length: bytes.count + 1)
        bytes.withUnsafeBytes { announced.combinePiece($0) }
        #expect(announced.hexDigest != whole.hexDigest)
    }

    /// The record's numbers are written as `String(_:)` writes them.
    @Test func theCacheRecordWritesNumbersAsStringsWould() {
        for value in [0, 7, 9, 10, 99, 100, 1_733_280_000, 999_999_999, 1_000_000_000, -1, -9, -10, -40, Int.max, Int.min, Int.min + 1] {
            var bytes: [UInt8] = Array("size ".utf8)
            bytes.appendDecimal(value)
            #expect(String(decoding: bytes, as: UTF8.self) == "size \(value)")
            #expect([UInt8].decimalCount(value) == String(value).utf8.count, "\(value)")
        }
    }

    /// The record written a block at a time is the record as it was written whole: its lines, in the order of
    /// the paths given, then the checksum of the lines joined.
    @Test func theCacheRecordIsTheEntriesInOrderAndTheirChecksum() throws {
        let site = NSTemporaryDirectory() + "cache-record-\(getpid())-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: site) }
        let output = site + "/public"
        var paths: [String] = []
        // More entries than one parallel step takes, and more bytes than one block.
        let padding = String(repeating: "long-name-", count: 6)
        for index in 0..<20_000 {
            paths.append("incidents/\(index % 7)-é/\(padding)\(index).html")
        }
        for folder in Set(paths.map { ($0 as NSString).deletingLastPathComponent }) {
            try FileManager.default.createDirectory(atPath: output + "/" + folder, withIntermediateDirectories: true)
        }
        for (index, path) in paths.enumerated() {
            #expect(FileManager.default.createFile(atPath: output + "/" + path, contents: Data(String(repeating: "x", count: index % 13).utf8)))
        }
        let cache = BuildCache(siteDirectory: site, outputDirectory: output)
        cache.record(key: "the-key", paths: OutputPaths(paths))
        let written = try String(contentsOfFile: cache.cacheFile, encoding: .utf8)
        var lines = [BuildCache.header, "key the-key", "output \(cache.absoluteOutput)"]
        lines += paths.map { "\(FileStamp(path: output + "/" + $0)!) \($0)" }
        var checksum = ContentHash()
        checksum.combine(lines.joined(separator: "\n"))
        #expect(written == (lines + ["checksum \(checksum.hexDigest)"]).joined(separator: "\n") + "\n")
        #expect(paths.count > BuildCache.blockSize / 64 && written.utf8.count > BuildCache.blockSize)
        #expect(cache.recordedKeyOfIntactOutput() == "the-key")
        // The checksum covers the key and every entry: a record changed anywhere but in its files' stamps is not used.
        for (from, to) in [("key the-key", "key tha-key"), ("checksum ", "checksum 0"), ("\(paths[7])\n", "\(paths[7])\n\(paths[7])\n")] {
            try written.replacingOccurrences(of: from, with: to).write(toFile: cache.cacheFile, atomically: false, encoding: .utf8)
            #expect(cache.recordedKeyOfIntactOutput() == nil, "\(from)")
        }
        try written.write(toFile: cache.cacheFile, atomically: false, encoding: .utf8)
        #expect(cache.recordedKeyOfIntactOutput() == "the-key")
        // An output file gone before it is recorded: no record at all, and no temporary file left behind.
        try FileManager.default.removeItem(atPath: cache.cacheFile)
        unlink(output + "/" + paths[123])
        cache.record(key: "other", paths: OutputPaths(paths))
        #expect(!FileManager.default.fileExists(atPath: cache.cacheFile))
        let left = try FileManager.default.contentsOfDirectory(atPath: site + "/" + BuildCache.folderName).filter { $0.hasPrefix(BuildCache.fileName) }
        #expect(left.isEmpty)
    }
}

@Suite struct CompactValuesTestSuite {
    /// The build's output paths, kept as bytes in one buffer, read back as the strings they were made from: across
    /// the blocks they are made in (4,096 paths each), with non-ASCII names and an empty path among them.
    @Test func outputPathsReadBackAsTheStringsTheyWereMadeFrom() {
        let strings = (0..<9_000).map { index in
            index == 4_096 ? "" : index % 5 == 0 ? "incidents/caf\u{E9}-\(index)/index.html" : "sources/s\(index)/cite.bib"
        }
        let paths = OutputPaths(count: strings.count) { strings[$0] }
        #expect(paths.count == strings.count)
        #expect(paths.indices.map { paths[$0] } == strings)
        #expect(paths.indices.map(paths.byteCount) == strings.map(\.utf8.count))
        var bytes: [UInt8] = []
        for index in [4_095, 4_096, 4_097, 8_999, 0] { paths.append(index, to: &bytes) }
        #expect(bytes == Array((strings[4_095] + strings[4_097] + strings[8_999] + strings[0]).utf8))
        #expect(OutputPaths([]).count == 0)
        #expect(OutputPaths(["a"])[0] == "a")
    }

    @Test func aPartialDateTakesEightBytesAndKeepsWhatWasWritten() throws {
        #expect(MemoryLayout<PartialDate>.size <= 8)
        let day = try PartialDate.parse("2024-02-29"), month = try PartialDate.parse("0987-12"), year = try PartialDate.parse("9999")
        #expect((day.year, day.month, day.day, day.iso) == (2024, 2, 29, "2024-02-29"))
        #expect((month.year, month.month, month.day, month.precision) == (987, 12, nil, .month))
        #expect((year.year, year.month, year.day, year.precision) == (9999, nil, nil, .year))
        #expect(PartialDate(year: 2024, month: 2) != PartialDate(year: 2024, month: 2, day: 1))
        #expect(PartialDate(year: 2024) < PartialDate(year: 2024, month: 1))
    }

    @Test func aCompactedArrayHasTheSameElementsInNoMoreRoomThanNeeded() {
        var grown: [Int] = []
        for value in 0..<1000 { grown.append(value) }
        let compacted = grown.compacted()
        #expect(compacted == grown)
        // malloc may hand out a free chunk up to 31 bytes larger than asked for (it splits off no less than 32),
        // and the array's capacity counts that room: up to three more Ints, against the 24 spare of `grown`.
        #expect(compacted.capacity <= compacted.count + 3)
        #expect(grown.capacity >= compacted.count + 20)
        #expect([String]().compacted().isEmpty)
    }
}

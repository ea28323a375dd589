import Foundation
import Testing
import TrackerFuzzChecks

/// Replays every committed input of every fuzz target (Fuzz/Corpus/<target>/: the seeds, and each crash, hang
/// or disagreement the fuzzer found, kept as a regression test) through the target's own property.
@Suite struct FuzzCorpusTestSuite {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/Corpus")

    @Test(arguments: FuzzCheck.targets.map(\.name))
    func corpusInputsKeepTheProperty(target: String) throws {
        let check = try #require(FuzzCheck.targets.first { $0.name == target }).check
        let folder = Self.corpus.appendingPathComponent(target)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names.count >= 2)
        for name in names {
            let bytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent(name)))
            #expect(check(bytes) == nil, "Fuzz/Corpus/\(target)/\(name)")
        }
    }
}

import Foundation
import Testing
@testable import TrackerCore

/// A cold build makes the cache key from the digests the loader took while reading; it must be the key
/// a later build computes by reading every input itself, or no rebuild would ever be skipped.
@Suite struct BuildCacheKeyTestSuite {
    @Test func theKeyFromTheLoadersDigestsIsTheKeyFromReadingEveryFile() throws {
        let root = ThemeAgainstSwiftMustacheTestSuite.packageRoot
        let options = BuildOptions(siteDirectory: root, outputDirectory: NSTemporaryDirectory() + "unused-output")
        let digests = FileDigests()
        var loader = ContentLoader(siteDirectory: root)
        loader.digests = digests
        _ = try SiteBuilder.load(options, loader: loader).get()
        let known = digests.all
        #expect(known.keys.contains("content/incidents/pk-x-block-2024.md"))
        #expect(known.keys.contains("content/site.yml") == false)  // read by the config loader, hashed by the key itself
        let cache = BuildCache(siteDirectory: root, outputDirectory: options.outputDirectory)
        let fromDigests = try #require(cache.inputKey(options, known: known, git: nil))
        #expect(fromDigests == cache.inputKey(options, git: nil))
        // A digest that does not match the file changes the key: known digests are really used.
        var wrong = known
        wrong["content/incidents/pk-x-block-2024.md"] = "1 0000000000000000"
        #expect(cache.inputKey(options, known: wrong, git: nil) != fromDigests)
    }
}

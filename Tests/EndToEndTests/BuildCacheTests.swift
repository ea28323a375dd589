import Foundation
import Testing

/// A rebuild with nothing changed does nothing; any change to an input or to the output builds again.
@Suite struct BuildCacheTestSuite {
    func exampleSite() throws -> TemporaryFolder {
        let site = try TemporaryFolder()
        try copyFolder(TrackerBinary.packageRoot + "/content", to: site.path + "/content")
        return site
    }

    func build(_ site: TemporaryFolder, _ extra: [String] = []) throws -> String {
        let result = try TrackerBinary.run(["build"] + extra, in: site.path)
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout
    }

    @Test func aSecondBuildWithNothingChangedWritesNothing() throws {
        let site = try exampleSite()
        #expect(try build(site).hasPrefix("Built "))
        let before = snapshot(site.path + "/public")
        #expect(try build(site).hasPrefix("Nothing changed since the last build; public is up to date ("))
        #expect(snapshot(site.path + "/public") == before)
    }

    @Test func timingsNameEveryStageAndPageKindAndSkipTheCache() throws {
        let site = try exampleSite()
        _ = try build(site)
        let output = try build(site, ["--timings"])
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.last?.hasPrefix("Built ") == true, "\(output)")
        // Each row: a name padded to 16, the seconds, the count.
        let rows = lines.dropLast().map { line in (name: line.prefix(16).trimmingCharacters(in: .whitespaces), count: line.split(separator: " ").last.map(String.init)) }
        let stages = ["git and cache", "load", "theme", "link", "renderer setup", "list pages"]
        #expect(Array(rows.prefix(stages.count).map(\.name)) == stages, "\(output)")
        // After the pages: the swap, then the cache's record of the output (this build was not skipped: --timings).
        #expect(Array(rows.dropFirst(stages.count).prefix(2).map(\.name)) == ["swap in", "cache record"], "\(output)")
        let kinds = Dictionary(rows.dropFirst(stages.count + 2).map { ($0.name, $0.count) }, uniquingKeysWith: { a, _ in a })
        let incidents = try FileManager.default.contentsOfDirectory(atPath: site.path + "/content/incidents").filter { $0.hasSuffix(".md") }.count
        // The Urdu twins (`<id>.ur.md`) are not incidents of their own: their pages are counted apart.
        let originals = incidents - (try FileManager.default.contentsOfDirectory(atPath: site.path + "/content/incidents").filter { $0.hasSuffix(".ur.md") }.count)
        #expect(kinds["incident"] == String(originals), "\(output)")
        #expect(kinds["home"] == "1" && kinds["timeline"] == "1" && kinds["feed"] == "1", "\(output)")
    }

    @Test func editingContentBuildsAgain() throws {
        let site = try exampleSite()
        _ = try build(site)
        let path = "content/pages/about.md"
        try site.write(path, try site.read(path).replacingOccurrences(of: "title: ", with: "title: Edited "))
        #expect(try build(site).hasPrefix("Built "))
        #expect(try site.read("public/about/index.html").contains("<h1>Edited "))
    }

    @Test func aChangedOrMissingOutputFileBuildsAgain() throws {
        let site = try exampleSite()
        _ = try build(site)
        try FileManager.default.removeItem(atPath: site.path + "/public/robots.txt")
        #expect(try build(site).hasPrefix("Built "))
        try site.write("public/index.html", "tampered\n")
        #expect(try build(site).hasPrefix("Built "))
        #expect(try site.read("public/index.html").hasPrefix("<!DOCTYPE html>"))
    }

    @Test func aCorruptCacheIsIgnored() throws {
        let site = try exampleSite()
        _ = try build(site)
        let manifest = ".tracker-cache/build-manifest"
        try site.write(manifest, try site.read(manifest).replacingOccurrences(of: "index.html", with: "index.htm"))
        #expect(try build(site).hasPrefix("Built "))
        try site.write(manifest, "garbage")
        #expect(try build(site).hasPrefix("Built "))
        #expect(try build(site).hasPrefix("Nothing changed"))
    }

    @Test func aNewTemplateOrOtherOptionsBuildAgain() throws {
        let site = try exampleSite()
        _ = try build(site)
        #expect(try build(site, ["--drafts"]).hasPrefix("Built "))
        try site.write("templates/partials/footer.mustache", "<footer><p>Own footer</p></footer>\n")
        #expect(try build(site, ["--drafts"]).hasPrefix("Built "))
        #expect(try site.read("public/index.html").contains("<footer><p>Own footer</p></footer>"))
        #expect(try build(site, ["--no-cache", "--drafts"]).hasPrefix("Built "))
    }
}

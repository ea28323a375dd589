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

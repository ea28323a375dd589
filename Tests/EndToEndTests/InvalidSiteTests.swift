import Foundation
import Testing

/// Each folder of Tests/Fixtures/invalid is a broken site with the exact errors it must produce.
@Suite struct InvalidSiteTestSuite {
    static let fixtures = TrackerBinary.packageRoot + "/Tests/Fixtures/invalid"
    static let names = ((try? FileManager.default.contentsOfDirectory(atPath: fixtures)) ?? []).sorted()

    @Test func thereAreInvalidFixtures() {
        #expect(Self.names == ["bad-site-config", "broken-files", "broken-links", "cases", "citations", "custom-fields", "date-source-end", "hostile-content", "missing-partial", "strict-templates", "translations"])
    }

    @Test(arguments: names)
    func buildFailsWithTheExactErrorsAndKeepsThePreviousOutput(name: String) throws {
        let folder = try TemporaryFolder()
        let site = folder.path + "/site"
        try copyFolder(Self.fixtures + "/" + name, to: site)
        let expected = try String(contentsOfFile: site + "/expected-errors.txt", encoding: .utf8)
        try folder.write("site/public/index.html", "previous build\n")
        try folder.write("site/public/incidents/old/index.html", "old page\n")
        let before = snapshot(site + "/public")

        let result = try TrackerBinary.run(["build"], in: site)

        #expect(result.status == 1)
        #expect(result.stderr == expected)
        #expect(result.stdout == "")
        #expect(snapshot(site + "/public") == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: site).filter { $0.hasPrefix(".public") }
        #expect(leftovers == [])
    }

    @Test(arguments: names)
    func checkGivesTheSameErrors(name: String) throws {
        let site = Self.fixtures + "/" + name
        let result = try TrackerBinary.run(["check"], in: site)
        #expect(result.status == 1)
        #expect(result.stderr == (try String(contentsOfFile: site + "/expected-errors.txt", encoding: .utf8)))
        #expect(!FileManager.default.fileExists(atPath: site + "/public"))
    }
}

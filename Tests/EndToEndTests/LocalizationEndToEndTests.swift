import Foundation
import Testing
import TrackerTestSupport

/// A site in another language, built by the real binary: labels, dates, country names and direction.
@Suite struct LocalizationEndToEndTestSuite {
    func site(language: String, extra: [String: String] = [:]) throws -> TemporarySite {
        var files = TemporarySite.small
        files["content/site.yml"] = "title: Test Tracker\nbase_url: https://example.org/\nlanguage: \(language)\n"
        return try TemporarySite(files: files.merging(extra) { _, new in new })
    }

    @Test func anUrduSiteReadsRightToLeftWithUrduLabelsDatesAndCountry() throws {
        let site = try site(language: "ur")
        let result = try TrackerBinary.run(["build"], in: site.root)
        #expect(result.status == 0)
        #expect(result.stderr == "")
        let page = try site.read("public/incidents/pk-x-2024/index.html")
        #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"ur\" dir=\"rtl\">\n"))
        #expect(page.contains("<div><dt>ملک</dt><dd><a href=\"/countries/pk/\">پاکستان</a></dd></div>"))
        #expect(page.contains("<div><dt>آغاز</dt><dd><time datetime=\"2024-02-17\">17 فروری، 2024</time></dd></div>"))
        #expect(page.contains("<span class=\"status status-ongoing\">جاری</span>"))
        #expect(page.contains(">مواد پر جائیں</a>"))
        #expect(!page.contains(">Facts<"))
    }

    @Test func anEnglishSiteHasNoDirAttribute() throws {
        let site = try site(language: "en")
        #expect(try TrackerBinary.run(["build"], in: site.root).status == 0)
        #expect(try site.read("public/index.html").hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">\n"))
    }

    @Test func aSitesOwnStringsOverrideTheThemesAndAreChecked() throws {
        let site = try site(language: "en", extra: ["i18n/en.yml": "facts: Key facts\nsources_count:\n  one: \"{count} document\"\n  other: \"{count} documents\"\n"])
        #expect(try TrackerBinary.run(["build"], in: site.root).status == 0)
        let page = try site.read("public/incidents/pk-x-2024/index.html")
        #expect(page.contains("<h2 id=\"facts-heading\" class=\"visually-hidden\">Key facts</h2>"))

        try site.write("i18n/en.yml", "factz: Key facts\n")
        let result = try TrackerBinary.run(["build"], in: site.root)
        #expect(result.status == 1)
        #expect(result.stderr == "i18n/en.yml:1:1: error: unknown key 'factz': the theme has no such string; did you mean 'facts'?\n1 error found\n")
    }
}

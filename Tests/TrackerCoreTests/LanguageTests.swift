import Foundation
import Testing
import TrackerTestSupport
@testable import TrackerCore

/// The site's languages (`languages:` in site.yml), their directions, and the preview's rebuilds of a
/// site in two languages (the end-to-end side is `MultilingualEndToEndTestSuite`).
@Suite struct LanguageTestSuite {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    @Test(arguments: ["ar", "fa", "ur", "he", "yi", "ps", "sd", "ug", "dv", "ckb", "ar-EG", "fa-AF", "ku-Arab", "pa-Arab", "ff-Adlm", "rhg-Rohg", "man-Nkoo", "syr"])
    func rightToLeft(tag: String) {
        #expect(LanguageTag.defaultDirection(of: tag) == .rtl)
    }

    @Test(arguments: ["en", "fr", "pt-BR", "zh-Hant", "ru", "am", "my", "ku", "az-Latn", "ar-Latn", "sr-Cyrl", "ur-Latn"])
    func leftToRight(tag: String) {
        #expect(LanguageTag.defaultDirection(of: tag) == .ltr)
    }

    func config(_ yaml: String) throws -> (SiteConfig, [String]) {
        let site = try TestSite(files: [:], siteYAML: yaml)
        defer { site.remove() }
        let loaded = site.withCurrentDirectory { ContentLoader(siteDirectory: ".").loadConfig() }
        return (loaded.config, loaded.diagnostics.sorted().map(\.description))
    }

    @Test func theDefaultLanguageComesFirstAndEachTakesItsScriptsDirection() throws {
        let (config, errors) = try config("""
            title: T
            base_url: https://example.org/
            language: ur
            languages:
              - {code: en, name: English, title: The tracker}
              - {code: ur, name: اردو, description: ٹریکر}
              - {code: ar, name: العربية, direction: ltr}
            """)
        #expect(errors == [])
        #expect(config.languages == [
            SiteLanguage(code: "ur", name: "اردو", direction: .rtl, description: "ٹریکر"),
            SiteLanguage(code: "en", name: "English", direction: .ltr, title: "The tracker"),
            SiteLanguage(code: "ar", name: "العربية", direction: .ltr),
        ])
        #expect(config.defaultLanguage.code == "ur")
        #expect(config.otherLanguages.map(\.code) == ["en", "ar"])
    }

    @Test func aSiteWithoutLanguagesIsInItsOneLanguage() throws {
        let (config, errors) = try config("title: T\nbase_url: https://example.org/\nlanguage: fa\n")
        #expect(errors == [])
        #expect(config.languages == [])
        #expect(config.defaultLanguage == SiteLanguage(code: "fa", name: "fa", direction: .rtl))
        #expect(config.otherLanguages.isEmpty)
    }

    @Test func languageErrorsAreAtTheirPositions() throws {
        let (_, missingDefault) = try config("""
            title: T
            base_url: https://example.org/
            languages:
              - {code: ur, name: اردو}
              - {code: UR, name: Urdu}
              - {name: Nameless}
              - ur
            """)
        #expect(missingDefault == [
            "content/site.yml:3:1: error: 'languages' must list the default language 'en' (set by 'language')",
            "content/site.yml:5:12: error: language code must be a language tag such as en or pt-BR, not 'UR'",
            "content/site.yml:6:5: error: missing required key 'code' in language",
            "content/site.yml:7:5: error: each language must be a mapping with code and name, such as {code: ur, name: اردو}",
        ])
        let (_, notAList) = try config("title: T\nbase_url: https://example.org/\nlanguages: ur\n")
        #expect(notAList == ["content/site.yml:3:12: error: 'languages' must be a list of languages, each with a code and a name"])
    }

    @Test func aPageMayNotTakeALanguagesFolder() throws {
        let site = try TestSite(files: ["content/pages/ur.md": "---\ntitle: Urdu\n---\nText.\n"],
                                siteYAML: "title: T\nbase_url: https://example.org/\nlanguages: [{code: en, name: English}, {code: ur, name: اردو}]\n")
        defer { site.remove() }
        #expect(site.errors() == ["content/pages/ur.md:1:1: error: page 'ur' would replace the pages in the language 'ur' (/ur/); rename the file"])
    }

    /// An incident's citation links and address, made from the link its summary holds, are the ones its routes
    /// give, in every language and under a base path.
    @Test func citationLinksAgreeWithTheirRoutesInEveryLanguage() throws {
        let site = try TemporarySite(files: [:])  // removed when it goes
        try FileManager.default.copyItem(atPath: Self.packageRoot + "/Tests/Fixtures/multilingual", toPath: site.root)
        for baseURL in [nil, "https://x.example/sub/"] {
            let (graph, theme) = try SiteBuilder.load(BuildOptions(siteDirectory: site.root, baseURL: baseURL)).get()
            let renderer = SiteRenderer(site: graph, theme: theme)
            #expect(renderer.editions.count == 1)
            for each in [renderer] + renderer.editions {
                for (index, incident) in graph.incidents.enumerated() {
                    for file in CitationFile.allCases {
                        #expect(each.citationURL(index, file) == each.urls.url(for: .incidentCitation(incident.id, file)))
                    }
                    #expect(each.citation(index).url == each.urls.absoluteURL(for: .incident(incident.id)), "\(each.citation(index).url)")
                }
            }
        }
    }

    // MARK: - The preview

    func engine() throws -> (TemporarySite, IncrementalBuild) {
        let site = try TemporarySite(files: [:])
        try FileManager.default.copyItem(atPath: Self.packageRoot + "/Tests/Fixtures/multilingual", toPath: site.root)
        let engine = IncrementalBuild(options: BuildOptions(siteDirectory: site.root))
        guard case .built = engine.rebuild(changedPaths: nil) else { throw IncrementalBuildTestSuite.TestFailure("the first build failed") }
        #expect(engine.verify() == [])
        return (site, engine)
    }

    func rebuilt(_ engine: IncrementalBuild, _ paths: Set<String>) throws -> IncrementalBuild.Output {
        guard case .built(let output) = engine.rebuild(changedPaths: paths) else { throw IncrementalBuildTestSuite.TestFailure("expected a build") }
        #expect(engine.verify() == [], "the incremental build must equal a cold build")
        return output
    }

    /// The fixture's preview after `key` of `file` is set to `value`.
    func rebuiltAfterSetting(_ file: String, _ key: String, _ value: String) throws -> IncrementalBuild.Output {
        let (site, engine) = try engine()
        try site.setField(file, key, value)
        return try rebuilt(engine, [file])
    }

    @Test func aTranslationsEditRerendersItsPagesInItsLanguageOnly() throws {
        let output = try rebuiltAfterSetting("content/incidents/pk-x-2024.ur.md", "title", "پاکستان بھر میں ایکس بند")
        #expect(output.changed.contains("ur/incidents/pk-x-2024/index.html"))
        #expect(output.changed.contains("ur/incidents/index.html"))
        #expect(output.changed.allSatisfy { $0.hasPrefix("ur/") }, "\(output.changed)")
        #expect(output.renderedPages < 30)
    }

    @Test func anOriginalsEditReachesEveryLanguage() throws {
        let output = try rebuiltAfterSetting("content/incidents/pk-mobile-2024/index.md", "title", "Mobile data cut across Balochistan")
        #expect(output.changed.contains("incidents/pk-mobile-2024/index.html"))
        #expect(output.changed.contains("ur/incidents/pk-mobile-2024/index.html"))
        #expect(output.changed.contains("ur/incidents/index.html"))
    }

    @Test func aTranslationComingAndGoingIsPickedUp() throws {
        let (site, engine) = try engine()
        try site.write("content/incidents/pk-mobile-2024/index.ur.md", "---\ntitle: بلوچستان میں موبائل ڈیٹا بند\n---\n")
        var output = try rebuilt(engine, ["content/incidents/pk-mobile-2024/index.ur.md"])
        #expect(output.changed.contains("ur/incidents/pk-mobile-2024/index.html"))
        #expect(output.files["incidents/pk-mobile-2024/index.ur.md"] == nil, "a translation is not one of the bundle's files")
        try site.remove("content/pages/about.ur.md")
        output = try rebuilt(engine, ["content/pages/about.ur.md"])
        #expect(output.changed.contains("ur/about/index.html"))
        try site.setField("content/incidents/pk-x-2024.ur.md", "translation_of", "abc")
        output = try rebuilt(engine, ["content/incidents/pk-x-2024.ur.md"])
        #expect(output.changed == [])
    }

    /// While site.yml rejects a language (a typo in its code), an edit of a translation into it is not read as an
    /// item: the preview shows site.yml's one error, as a full build does, and the fix brings the site back.
    @Test func aTranslationIntoARejectedLanguageStaysUnreadInThePreview() throws {
        let (site, engine) = try engine()
        let config = try site.read("content/site.yml")
        try site.write("content/site.yml", config.replacingOccurrences(of: "  - code: ur\n", with: "  - code: UR\n"))
        let expected = ["\(site.root)/content/site.yml:8:11: error: language code must be a language tag such as en or pt-BR, not 'UR'"]
        guard case .failed(let list) = engine.rebuild(changedPaths: ["content/site.yml"]) else { throw IncrementalBuildTestSuite.TestFailure("expected errors") }
        #expect(list.diagnostics.map(\.description) == expected)
        for file in ["content/incidents/pk-x-2024.ur.md", "content/pages/about.ur.md"] {
            try site.setField(file, "title", "نیا عنوان")
            guard case .failed(let again) = engine.rebuild(changedPaths: [file]) else { throw IncrementalBuildTestSuite.TestFailure("expected errors") }
            #expect(again.diagnostics.map(\.description) == expected)
        }
        try site.write("content/site.yml", config)
        let output = try rebuilt(engine, ["content/site.yml"])
        #expect(output.changed.contains("ur/incidents/pk-x-2024/index.html"))
        #expect(output.changed.contains("ur/about/index.html"))
    }

    /// A commit of a bundle's index reaches the record's pages in every language (a translation shows the original's
    /// history), and nothing else but `/changes/` and its feed.
    @Test func aCommitReachesTheRecordsPagesInEveryLanguage() throws {
        let site = try TemporarySite(files: [:])
        try FileManager.default.copyItem(atPath: Self.packageRoot + "/Tests/Fixtures/multilingual", toPath: site.root)
        let repository = TestRepository(directory: site.root)
        try repository.git(["init", "-q"])
        try repository.commit("Add the records", date: "2024-03-01T10:00:00Z")
        let engine = IncrementalBuild(options: BuildOptions(siteDirectory: site.root))
        guard case .built = engine.rebuild(changedPaths: nil) else { throw IncrementalBuildTestSuite.TestFailure("the first build failed") }
        let index = "content/incidents/pk-mobile-2024/index.md"
        try site.setField(index, "title", "Mobile data cut across Balochistan")
        _ = try rebuilt(engine, [index])
        try repository.git(["commit", "-q", "-a", "-m", "Retitle"], date: "2024-03-12T09:00:00Z")
        let output = try rebuilt(engine, [GitHistory.changeMarker])
        #expect(output.changed.contains("incidents/pk-mobile-2024/index.html"))
        #expect(output.changed.contains("ur/incidents/pk-mobile-2024/index.html"))
        let shown = ["incidents/pk-mobile-2024/", "ur/incidents/pk-mobile-2024/", "changes", "ur/changes"]
        #expect(output.changed.allSatisfy { path in shown.contains { path.hasPrefix($0) } }, "\(output.changed)")
    }

    @Test func aBrokenTranslationFailsTheRebuild() throws {
        let (site, engine) = try engine()
        try site.write("content/sources/netblocks-2024.ur.md", "---\ntitle: نیٹ بلاکس\nkind: news\n---\n")
        guard case .failed(let list) = engine.rebuild(changedPaths: ["content/sources/netblocks-2024.ur.md"]) else {
            Issue.record("expected the rebuild to fail")
            return
        }
        #expect(list.diagnostics.map(\.message) == ["'kind' is a fact, not text: a translation takes it from the original (\(site.root)/content/sources/netblocks-2024.md); a translation may set only title and translation_of"])
    }
}

import Foundation
import Testing
import TrackerCore
import TrackerTestSupport

/// Tests/Fixtures/multilingual is a site in English and Urdu: pk-x-2024 (with its timeline), the source
/// dawn-2024 and the page about are translated; pk-mobile-2024 (a bundle) and the page method are not.
/// Its invalid twin is Tests/Fixtures/invalid/translations (exact errors: `InvalidSiteTestSuite`).
@Suite struct MultilingualEndToEndTestSuite {
    static let fixture = TrackerBinary.packageRoot + "/Tests/Fixtures/multilingual"

    func built(arguments: [String] = [], environment: [String: String] = [:]) throws -> (TemporaryFolder, String) {
        let folder = try TemporaryFolder()
        let site = folder.path + "/site"
        try copyFolder(Self.fixture, to: site)
        let result = try TrackerBinary.run(["build"] + arguments, in: site, environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "")
        #expect(result.stdout.hasPrefix("Built 38 pages (79 files, "))
        return (folder, site + "/public")
    }

    func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    @Test func everyPageIsInBothLanguagesWithTheOtherUnderItsFolder() throws {
        let (folder, output) = try built()
        let files = Set(snapshot(output).keys)
        // Every page and feed, search index and export of the default language has its Urdu twin under ur/.
        let perLanguage = files.filter { !$0.hasPrefix("ur/") && !$0.hasPrefix("assets/") && $0 != "robots.txt" && $0 != "sitemap.xml" }
        #expect(perLanguage.count == 36)
        for file in perLanguage { #expect(files.contains("ur/" + file), "no ur/\(file)") }
        #expect(files.count == perLanguage.count * 2 + 5 + 2)
        for shared in ["ur/assets/style.css", "ur/robots.txt", "ur/sitemap.xml"] { #expect(!files.contains(shared)) }

        let page = try read(output + "/ur/incidents/pk-x-2024/index.html")
        #expect(page.hasPrefix("""
            <!DOCTYPE html>
            <html lang="ur" dir="rtl">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>پاکستان میں ایکس بند · ٹیسٹ ٹریکر</title>
            <meta name="description" content="پورے پاکستان میں ایکس بند کر دیا گیا۔">
            <meta name="color-scheme" content="light dark">
            <link rel="canonical" href="https://example.org/ur/incidents/pk-x-2024/">
            <link rel="alternate" hreflang="en" href="https://example.org/incidents/pk-x-2024/">
            <link rel="alternate" hreflang="ur" href="https://example.org/ur/incidents/pk-x-2024/">
            <link rel="alternate" hreflang="x-default" href="https://example.org/incidents/pk-x-2024/">

            """))
        #expect(page.contains("""
                <nav class="language-switcher" aria-label="زبانیں">
                  <ul>
                    <li><a href="/incidents/pk-x-2024/" lang="en" dir="ltr" hreflang="en">English</a></li>
                    <li><a href="/ur/incidents/pk-x-2024/" lang="ur" dir="rtl" hreflang="ur" aria-current="true">اردو</a></li>
                  </ul>
                </nav>
            """))
        #expect(page.contains(#"<a class="site-title" href="/ur/">ٹیسٹ ٹریکر</a>"#))
        #expect(page.contains("    <h1>پاکستان میں ایکس بند</h1>\n"))
        #expect(page.contains("<div><dt>حکم دینے والا</dt><dd>وزارت داخلہ</dd></div>"))
        // The translated timeline, with the original's dates and sources (numbered as in the original).
        #expect(page.contains(##"<time datetime="2024-02-17">17 فروری، 2024</time> <span class="event-text">بندش شروع ہوتی ہے۔</span> <a class="cite" href="#ref-1" title="ایکس ملک بھر میں معطل">[1]</a>"##))
        #expect(page.contains(##"<span class="event-text">وزارت پابندی کی تصدیق کرتی ہے۔</span> <a class="cite" href="#ref-2" title="Disruption to X">[2]</a>"##))
        #expect(page.contains(#"<link rel="stylesheet" href="/assets/style.css">"#))

        // The English page links to the same pair, and the switcher marks English.
        let english = try read(output + "/incidents/pk-x-2024/index.html")
        #expect(english.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">\n"))
        #expect(english.contains(#"<li><a href="/incidents/pk-x-2024/" lang="en" dir="ltr" hreflang="en" aria-current="true">English</a></li>"#))
        #expect(english.contains("    <h1>X blocked in Pakistan</h1>\n"))

        // The Urdu feed, search index and exports carry the Urdu text and Urdu addresses.
        #expect(try read(output + "/ur/feed.xml").contains("<title>پاکستان میں ایکس بند</title>"))
        #expect(try read(output + "/ur/search/index.json").contains("\"url\":\"/ur/incidents/pk-x-2024/\""))
        #expect(try read(output + "/ur/data/incidents.csv").contains("pk-x-2024,پاکستان میں ایکس بند,PK,"))
        withExtendedLifetime(folder) {}
    }

    @Test func anUntranslatedItemIsShownInItsOriginalLanguageAndSaysSo() throws {
        let (folder, output) = try built()
        let page = try read(output + "/ur/incidents/pk-mobile-2024/index.html")
        #expect(page.contains("""
                <h1 lang="en" dir="ltr">Mobile data cut in Balochistan</h1>
                <p class="untranslated-note">اس واقعے کا ابھی <bdi>اردو</bdi> میں ترجمہ نہیں ہوا۔ یہ اپنی اصل زبان، <bdi>English</bdi>، میں دکھایا گیا ہے: <a href="/incidents/pk-mobile-2024/" hreflang="en">اصل پڑھیں</a>۔</p>
            """))
        #expect(page.contains(#"<span class="event-text" lang="en" dir="ltr">Mobile data stops.</span>"#))
        // Listed in Urdu under its original title, marked, never left out.
        let list = try read(output + "/ur/incidents/index.html")
        #expect(list.contains(#"<th scope="row"><a href="/ur/incidents/pk-mobile-2024/" lang="en" dir="ltr">Mobile data cut in Balochistan</a> <span class="untranslated">(ابھی ترجمہ نہیں ہوا)</span></th>"#))
        #expect(list.contains(#"<th scope="row"><a href="/ur/incidents/pk-x-2024/">پاکستان میں ایکس بند</a></th>"#))
        let method = try read(output + "/ur/method/index.html")
        #expect(method.contains(#"<p class="untranslated-note">اس صفحے کا ابھی <bdi>اردو</bdi> میں ترجمہ نہیں ہوا۔ یہ اپنی اصل زبان، <bdi>English</bdi>، میں دکھایا گیا ہے: <a href="/method/" hreflang="en">اصل پڑھیں</a>۔</p>"#))
        #expect(method.contains(#"<div lang="en" dir="ltr"><p>How we work.</p>"#))
        // The English pages say nothing of translations.
        #expect(!(try read(output + "/incidents/index.html")).contains("not yet translated"))
        withExtendedLifetime(folder) {}
    }

    /// Every HTML page's alternates name pages whose alternates are the same set: each pair links both ways.
    @Test func hreflangAlternatesAreSymmetric() throws {
        let (folder, output) = try built()
        let pattern = try NSRegularExpression(pattern: #"<link rel="alternate" hreflang="([^"]+)" href="https://example\.org/([^"]*)">"#)
        func alternates(_ file: String) throws -> [String: String] {
            let html = try read(output + "/" + file)
            var found: [String: String] = [:]
            for match in pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
                found[String(html[Range(match.range(at: 1), in: html)!])] = String(html[Range(match.range(at: 2), in: html)!])
            }
            return found
        }
        let pages = snapshot(output).keys.filter { $0.hasSuffix(".html") }.sorted()
        #expect(pages.count == 38)
        for page in pages {
            let links = try alternates(page)
            #expect(Set(links.keys) == ["en", "ur", "x-default"], "\(page)")
            #expect(links["x-default"] == links["en"], "\(page)")
            let own = page.hasPrefix("ur/") ? "ur" : "en"
            #expect(links[own].map { Route.outputPath(of: $0) } == page, "\(page) is not its own \(own) alternate")
            for (language, target) in links where language != "x-default" {
                #expect(try alternates(Route.outputPath(of: target)) == links, "\(page) → \(target)")
            }
        }
        let sitemap = try read(output + "/sitemap.xml")
        #expect(sitemap.hasPrefix("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n"))
        #expect(sitemap.contains("""
              <url><loc>https://example.org/ur/incidents/pk-x-2024/</loc><lastmod>2024-04-17</lastmod><xhtml:link rel="alternate" hreflang="en" href="https://example.org/incidents/pk-x-2024/"/><xhtml:link rel="alternate" hreflang="ur" href="https://example.org/ur/incidents/pk-x-2024/"/><xhtml:link rel="alternate" hreflang="x-default" href="https://example.org/incidents/pk-x-2024/"/></url>
            """))
        #expect(sitemap.components(separatedBy: "<url>").count - 1 == 34)
        withExtendedLifetime(folder) {}
    }

    @Test func rebuildsAreByteIdenticalOnAnyNumberOfThreads() throws {
        let (first, one) = try built(arguments: ["--no-cache"])
        let (second, other) = try built(arguments: ["--no-cache"], environment: ["TRACKER_THREADS": "1"])
        let a = snapshot(one)
        #expect(a.count == 79)
        #expect(a == snapshot(other))
        withExtendedLifetime((first, second)) {}
    }

    /// Without `languages:` nothing of this is written: no `dir`, no alternates, no switcher, no language folder.
    @Test func aSiteInOneLanguageHasNoTraceOfLanguages() throws {
        let folder = try TemporaryFolder()
        let site = folder.path + "/site"
        try copyFolder(Self.fixture, to: site)
        try folder.write("site/content/site.yml", "title: Test Tracker\nbase_url: https://example.org/\nlanguage: en\n")
        for file in ["content/incidents/pk-x-2024.ur.md", "content/sources/dawn-2024.ur.md", "content/pages/about.ur.md"] {
            try FileManager.default.removeItem(atPath: site + "/" + file)
        }
        let result = try TrackerBinary.run(["build"], in: site)
        #expect(result.status == 0, "\(result.stderr)")
        let files = snapshot(site + "/public")
        #expect(files.count == 43)
        // The theme's stylesheet styles a language switcher for any site; no page has one.
        for (path, data) in files where !path.hasPrefix("assets/") {
            #expect(!path.hasPrefix("ur/"))
            let text = String(decoding: data, as: UTF8.self)
            #expect(!text.contains("hreflang") && !text.contains(" dir=\"") && !text.contains("language-switcher") && !text.contains("xmlns:xhtml"), "\(path)")
        }
        #expect(try read(site + "/public/index.html").hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">\n"))
    }

    /// A language site.yml rejects (a typo in its code) is one error: its translations are not read as items,
    /// each failing on every key an item needs (22 errors for the example site's 4 translations before).
    @Test func aLanguageSiteYMLRejectsLeavesItsTranslationsUnread() throws {
        let folder = try TemporaryFolder()
        let site = folder.path + "/site"
        try copyFolder(Self.fixture, to: site)
        let config = try read(site + "/content/site.yml")
        for (code, message) in [("UR", "language code must be a language tag such as en or pt-BR, not 'UR'"),
                                ("Ur", "language code must be a language tag such as en or pt-BR, not 'Ur'")] {
            try folder.write("site/content/site.yml", config.replacingOccurrences(of: "  - code: ur\n", with: "  - code: \(code)\n"))
            let result = try TrackerBinary.run(["build"], in: site)
            #expect(result.status == 1)
            #expect(result.stdout == "")
            #expect(result.stderr == "content/site.yml:8:11: error: \(message)\n1 error found\n")
        }
        // The default language missing from the list: every other language is rejected with it.
        try folder.write("site/content/site.yml", config.replacingOccurrences(of: "language: en\n", with: "language: fr\n"))
        let missing = try TrackerBinary.run(["build"], in: site)
        #expect(missing.status == 1)
        #expect(missing.stderr == "content/site.yml:5:1: error: 'languages' must list the default language 'fr' (set by 'language')\n1 error found\n")
        #expect(!FileManager.default.fileExists(atPath: site + "/public"))
    }

    /// A file with `translation_of` is a translation: when its name gives no language the site lists (the
    /// language was removed from site.yml, or the suffix left off), that is its one error.
    @Test func aTranslationIntoALanguageTheSiteDoesNotListIsOneError() throws {
        let folder = try TemporaryFolder()
        let site = folder.path + "/site"
        try copyFolder(Self.fixture, to: site)
        try folder.write("site/content/site.yml", "title: Test Tracker\nbase_url: https://example.org/\nlanguage: en\n")
        for file in ["content/sources/dawn-2024.ur.md", "content/pages/about.ur.md"] { try FileManager.default.removeItem(atPath: site + "/" + file) }
        let oneLanguage = try TrackerBinary.run(["build"], in: site)
        #expect(oneLanguage.status == 1)
        #expect(oneLanguage.stderr == """
            content/incidents/pk-x-2024.ur.md:4:1: error: 'translation_of' makes this file a translation, but 'ur' in its name is not one of the site's other languages in site.yml (it lists none); add the language there, or rename the file
            1 error found

            """)

        // In the multilingual site: an item and a bundle's index.md holding translation_of.
        try folder.write("site/content/site.yml", try read(Self.fixture + "/content/site.yml"))
        for file in ["content/pages/method.md", "content/incidents/pk-mobile-2024/index.md"] {
            try folder.write("site/" + file, try read(site + "/" + file).replacingOccurrences(of: "---\ntitle:", with: "---\ntranslation_of: 000000000000\ntitle:"))
        }
        let unnamed = try TrackerBinary.run(["build"], in: site)
        #expect(unnamed.status == 1)
        #expect(unnamed.stderr == """
            content/incidents/pk-mobile-2024/index.md:2:1: error: 'translation_of' makes this file a translation, but its name gives no language: name it index.<code>.md, with <code> one of the site's other languages in site.yml (it lists ur)
            content/pages/method.md:2:1: error: 'translation_of' makes this file a translation, but its name gives no language: name it method.<code>.md, with <code> one of the site's other languages in site.yml (it lists ur)
            2 errors found

            """)
        #expect(!FileManager.default.fileExists(atPath: site + "/public"))
    }

    @Test func aRightToLeftSiteInOneLanguageSaysItsDirection() throws {
        let site = try TemporarySite(files: TemporarySite.small.merging(["content/site.yml": "title: Test Tracker\nbase_url: https://example.org/\nlanguage: ur\n"]) { $1 })
        let result = try TrackerBinary.run(["build"], in: site.root)
        #expect(result.status == 0, "\(result.stderr)")
        let home = try site.read("public/index.html")
        #expect(home.hasPrefix("<!DOCTYPE html>\n<html lang=\"ur\" dir=\"rtl\">\n"))
        #expect(!home.contains("hreflang"))
    }

    @Test func checkListsTranslationsOlderThanTheirOriginalAsWarnings() throws {
        let folder = try TemporaryFolder()
        let site = folder.path + "/site"
        try copyFolder(Self.fixture, to: site)
        let hash = Translation.contentHash(try #require(FileManager.default.contents(atPath: site + "/content/incidents/pk-x-2024.md")))
        let result = try TrackerBinary.run(["check"], in: site)
        #expect(result.status == 0)
        #expect(result.stdout == "No errors: 2 incidents, 2 sources, 2 pages\n")
        #expect(result.stderr == """
            content/incidents/pk-x-2024.ur.md:4:17: warning: the original content/incidents/pk-x-2024.md changed since this translation (translation_of: 000000000000, now \(hash)); update the translation and its translation_of
            1 translation older than the original

            """)
        // Brought up to date: no warning.
        let translation = site + "/content/incidents/pk-x-2024.ur.md"
        try folder.write("site/content/incidents/pk-x-2024.ur.md", try read(translation).replacingOccurrences(of: "000000000000", with: hash))
        let again = try TrackerBinary.run(["check"], in: site)
        #expect(again.status == 0)
        #expect(again.stderr == "")
    }

    @Test func newWithLangScaffoldsATranslationThatBuilds() throws {
        let folder = try TemporaryFolder()
        let site = folder.path + "/site"
        try copyFolder(Self.fixture, to: site)
        let result = try TrackerBinary.run(["new", "incident", "--lang", "ur", "pk-mobile-2024"], in: site)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "Created ./content/incidents/pk-mobile-2024/index.ur.md, a 'ur' translation of content/incidents/pk-mobile-2024/index.md\n")
        let original = try #require(FileManager.default.contents(atPath: site + "/content/incidents/pk-mobile-2024/index.md"))
        let text = try read(site + "/content/incidents/pk-mobile-2024/index.ur.md")
        #expect(text.hasPrefix("""
            ---
            # The 'ur' translation of content/incidents/pk-mobile-2024/index.md. Translate its text (below, in comments) into the
            # keys and the body; facts (dates, country, status, platforms, sources) come from the original.
            # A key left empty, and an empty body, keep the original's text.
            title:
            ordered_by:
            justification:
            translation_of: \(Translation.contentHash(original))   # the original's content hash when translated

            """))
        #expect(text.hasSuffix("""
            # The original:
            # ---
            # title: Mobile data cut in Balochistan
            # country: PK
            # platforms: [Mobile data]
            # type: mobile-shutdown
            # status: ongoing
            # verification: reported
            # start: 2024-01-05
            # timeline:
            #   - date: 2024-01-05
            #     text: Mobile data stops.
            #     sources: [netblocks-2024]
            # ---
            # Mobile data was cut in Balochistan [@netblocks-2024].
            ---

            """))
        // As written, it builds and is up to date.
        let check = try TrackerBinary.run(["check"], in: site)
        #expect(check.status == 0)
        #expect(!check.stderr.contains("pk-mobile-2024"))
        let again = try TrackerBinary.run(["new", "incident", "--lang", "ur", "pk-mobile-2024"], in: site)
        #expect(again.status == 1)
        #expect(again.stderr == "error: ./content/incidents/pk-mobile-2024/index.ur.md already exists; edit that file\n")
        let unknown = try TrackerBinary.run(["new", "incident", "--lang", "fr", "pk-x-2024"], in: site)
        #expect(unknown.stderr == "error: 'fr' is not one of the site's other languages: its other languages are ur\n")
        let missing = try TrackerBinary.run(["new", "page", "--lang", "ur", "nothing"], in: site)
        #expect(missing.stderr == "error: there is no page 'nothing' to translate: ./content/pages/nothing.md does not exist\n")
        // Found by hand: the id of a translation made a translation of it (pk-x-2024.ur.ur.md), a path reached outside
        // the folder, and the site's own language was "not one of the site's other languages".
        let cases: [([String], String)] = [
            (["incident", "--lang", "ur", "pk-x-2024.ur"], "error: 'pk-x-2024.ur' is the 'ur' translation of 'pk-x-2024'; translate the original: tracker new incident --lang ur pk-x-2024\n"),
            (["incident", "--lang", "ur", "../pk-x-2024"], "error: '../pk-x-2024' is not the id of an incident: ids are the file names in content/incidents/, without .md\n"),
            (["source", "--lang", "ur", "a/dawn-2024"], "error: 'a/dawn-2024' is not the id of a source: ids are the file names in content/sources/, without .md\n"),
            (["incident", "--lang", "en", "pk-x-2024"], "error: 'en' is the site's own language, the one its originals are written in: its other languages are ur\n"),
        ]
        for (arguments, error) in cases {
            let refused = try TrackerBinary.run(["new"] + arguments, in: site)
            #expect(refused.status == 1)
            #expect(refused.stderr == error)
        }
        #expect(!FileManager.default.fileExists(atPath: site + "/content/incidents/pk-x-2024.ur.ur.md"))
    }
}

/// `tracker serve` on the two-language site: Urdu pages from memory, and a translation's edit reaching them.
@Suite(.serialized, .previewTimeLimit) struct MultilingualServeTestSuite {
    func site() throws -> TemporarySite {
        // Made empty (no folder yet), then filled with a copy of the fixture.
        let site = try TemporarySite(files: [:])
        try FileManager.default.copyItem(atPath: MultilingualEndToEndTestSuite.fixture, toPath: site.root)
        return site
    }

    @Test func servesUrduPagesAndReloadsATranslationsEdit() throws {
        let site = try site()
        let server = try ServeProcess(site: site.root)
        let http = RawHTTP(port: server.port)
        #expect(try http.get("/ur/incidents/pk-x-2024/").text.contains("<h1>پاکستان میں ایکس بند</h1>"))
        #expect(try http.get("/ur/").status == 200)
        let events = try EventStream(port: server.port)
        _ = try #require(try events.next("hello"))
        try site.setField("content/incidents/pk-x-2024.ur.md", "title", "پاکستان بھر میں ایکس بند")
        let update = try #require(try events.next("update", timeout: 10), "no update event after the translation's edit")
        let changed = try #require(update.json["changed"] as? [String])
        #expect(changed.contains("ur/incidents/pk-x-2024/index.html"))
        #expect(!changed.contains("incidents/pk-x-2024/index.html"), "the English page did not change")
        #expect(try http.get("/ur/incidents/pk-x-2024/").text.contains("<h1>پاکستان بھر میں ایکس بند</h1>"))
        // The comparison with a full build reads the site from disk: the next edit waits for it.
        server.everyBuildMatchedAFullBuild(2)
        // The original's edit reaches the untranslated incident's Urdu page too.
        try site.setField("content/incidents/pk-mobile-2024/index.md", "title", "Mobile data cut across Balochistan")
        let second = try #require(try events.next("update", timeout: 10))
        let secondChanged = try #require(second.json["changed"] as? [String])
        #expect(secondChanged.contains("ur/incidents/pk-mobile-2024/index.html"))
        #expect(secondChanged.contains("incidents/pk-mobile-2024/index.html"))
        server.everyBuildMatchedAFullBuild(3)
        // A new translation turns the untranslated page into a translated one.
        try site.write("content/pages/method.ur.md", "---\ntitle: طریقہ\n---\nہم کیسے کام کرتے ہیں۔\n")
        let third = try #require(try events.next("update", timeout: 10))
        #expect((third.json["changed"] as? [String])?.contains("ur/method/index.html") == true)
        #expect(!(try http.get("/ur/method/").text.contains("not yet translated")))
        server.everyBuildMatchedAFullBuild(4)
    }
}

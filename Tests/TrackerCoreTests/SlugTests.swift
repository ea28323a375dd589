import Foundation
import Testing
@testable import TrackerCore

/// Ids and slugs from any title (README, "Ids").
@Suite struct SlugTestSuite {
    @Test func asciiNamesKeepTheirSlugs() {
        #expect(Slug.make("Mobile internet") == "mobile-internet")
        #expect(Slug.make("X (Twitter)") == "x-twitter")
        #expect(Slug.make("  WhatsApp / Facebook--Messenger ") == "whatsapp-facebook-messenger")
        #expect(Slug.make("4G") == "4g")
    }

    @Test func latinLettersLoseTheirDiacritics() {
        #expect(Slug.make("Café Ürdü") == "cafe-urdu")
        #expect(Slug.make("Straße Łódź Ørsted Æble Œuvre Đakovo Þing") == "strasse-lodz-orsted-aeble-oeuvre-dakovo-thing")
        #expect(Slug.make("Việt Nam") == "viet-nam")
        #expect(Slug.make("İstanbul ﬁber") == "istanbul-fiber")
    }

    @Test func otherScriptsKeepTheirLettersAndMarks() {
        #expect(Slug.make("ایکس پر ملک گیر پابندی") == "ایکس-پر-ملک-گیر-پابندی")
        #expect(Slug.make("इंटरनेट बंद") == "इंटरनेट-बंद")
        #expect(Slug.make("Телеграм заблокирован") == "телеграм-заблокирован")
        #expect(Slug.make("Ελλάδα") == "ελλάδα")
        #expect(Slug.make("ブロック") == "ブロック")
        // A zero-width non-joiner shapes a Persian word without separating it.
        #expect(Slug.make("می\u{200C}خواهم") == "میخواهم")
        // Output is NFC, whatever the input's normalization.
        #expect(Array(Slug.make("й").unicodeScalars) == ["\u{439}"])
    }

    @Test func namesWithoutLettersGetTheirCodePoints() {
        #expect(Slug.make("📱") == "u1f4f1")
        #expect(Slug.make("+++") == "u2b-u2b-u2b")
        #expect(Slug.make("📱") != Slug.make("📵"))
        #expect(Slug.words("📱 !") == "")
    }

    @Test func everySlugIsAValidID() {
        for name in ["Café Ürdü", "ایکس پر ملک گیر پابندی", "इंटरनेट बंद", "Ελλάδα", "📱", "+++", "X (Twitter)", "ブロック", "a\u{301}"] {
            #expect(ContentID.isValid(Slug.make(name)), "\(name) → \(Slug.make(name))")
        }
    }

    @Test func idsAreLowercaseLettersOfAnyScriptDigitsAndDashes() {
        for valid in ["pk-x-2024", "a_b.c", "ایکس-پر", "इंटरनेट", "café", "телеграм-2024", "٢٠٢٤"] {
            #expect(ContentID.isValid(valid), "\(valid)")
        }
        for invalid in ["", "Café", "-x", ".x", "ایکس پر", "x/y", "\u{301}x", "x-\u{301}", "a b", "Телеграм", "x%20", "x\u{200C}y", "📱"] {
            #expect(!ContentID.isValid(invalid), "\(invalid)")
        }
    }

    @Test func newFilesAreNamedByTheirTitleOrTheDate() {
        func id(_ title: String, _ kind: Scaffold.Kind = .incident, sequence: Int = 1) -> String {
            var scaffold = Scaffold(kind: kind, title: title, today: "2024-05-01")
            scaffold.sequence = sequence
            return scaffold.id
        }
        #expect(id("Telegram blocked in Spain") == "telegram-blocked-in-spain")
        #expect(id("ایکس پر ملک گیر پابندی") == "ایکس-پر-ملک-گیر-پابندی")
        #expect(id("Café Ürdü", .source) == "cafe-urdu")
        #expect(id("📵") == "incident-2024-05-01")
        #expect(id("!!!", .page, sequence: 3) == "page-2024-05-01-3")
        #expect(Scaffold(kind: .incident, title: "📵", today: "2024-05-01").isDated)
        #expect(!Scaffold(kind: .incident, title: "ایکس", today: "2024-05-01").isDated)
    }

    /// Found by hand: `start:` and `published:` with today's date put their comments two columns right of
    /// the others'. Every comment after a key's value starts at column 29.
    @Test func theCommentsOfANewFileLineUp() {
        for kind in [Scaffold.Kind.incident, .source, .page, .case] {
            let text = Scaffold(kind: kind, title: "T", today: "2024-05-01").text
            for line in text.split(separator: "\n") where line.contains(" # ") && !line.hasPrefix("#") {
                let column = line.distance(from: line.startIndex, to: line.firstIndex(of: "#")!) + 1
                #expect(column == 29, "\(kind): \(line)")
            }
        }
    }

    @Test func longTitlesAreCutAtAWord() {
        let long = id(String(repeating: "shutdown ", count: 20))
        #expect(long == Array(repeating: "shutdown", count: 11).joined(separator: "-"))
        #expect(long.utf8.count <= Scaffold.maximumIDBytes)
        let hindi = id(String(repeating: "इंटरनेट ", count: 10))
        #expect(hindi.utf8.count <= Scaffold.maximumIDBytes)
        #expect(hindi.hasSuffix("इंटरनेट"))
        #expect(ContentID.isValid(hindi))

        func id(_ title: String) -> String { Scaffold(kind: .incident, title: title, today: "2024-05-01").id }
    }

    @Test func nonASCIILocationsArePercentEncodedInLinks() {
        #expect(SiteURLs.encoded("incidents/pk-x-2024/") == "incidents/pk-x-2024/")
        #expect(SiteURLs.encoded("incidents/ایکس/") == "incidents/%D8%A7%DB%8C%DA%A9%D8%B3/")
        #expect(SiteURLs.encoded("platforms/café/") == "platforms/caf%C3%A9/")
        let urls = SiteURLs(config: SiteConfig(title: "T", baseURL: "https://example.org/tracker/"))
        #expect(urls.url(for: .incident("ایکس")) == "/tracker/incidents/%D8%A7%DB%8C%DA%A9%D8%B3/")
        #expect(urls.absoluteURL(for: .platform("é")) == "https://example.org/tracker/platforms/%C3%A9/")
        #expect(Route.incident("ایکس").outputPath == "incidents/ایکس/index.html")
    }
}

@Suite struct NewTrackerTestSuite {
    @Test func theSiteConfigurationNamesEveryKeyTheLoaderKnows() {
        // A key added to site.yml must be described in the file `tracker init` writes.
        for key in SiteConfig.keys + SiteConfig.optionKeys {
            #expect(NewTracker.siteYAML.contains("\(key):"), "site.yml of tracker init does not describe '\(key)'")
        }
    }

    @Test func anEmptyTrackerHasItsFilesAndTheExampleItsContent() {
        #expect(NewTracker(.empty).files.map(\.path) == [".github/workflows/publish.yml", ".gitignore", "content/pages/about.md", "content/site.yml"])
        let example = NewTracker(.example).files.map(\.path)
        #expect(example.contains("content/site.yml") && example.contains("content/incidents/pk-x-block-2024.md"))
        #expect(example.contains(".gitignore") && example.contains(NewTracker.workflowPath))
    }

    @Test func theWorkflowFetchesTheSourceCommit() {
        let workflow = NewTracker.workflow(repository: "https://github.com/someone/tracker.git", revision: "0123456789abcdef0123456789abcdef01234567")
        #expect(workflow.contains("\n  TRACKER_REPOSITORY: https://github.com/someone/tracker.git\n  TRACKER_REVISION: 0123456789abcdef0123456789abcdef01234567\n"))
        let unknown = NewTracker.workflow(repository: nil, revision: nil)
        #expect(unknown.contains("\n  TRACKER_REPOSITORY: https://github.com/OWNER/tracker.git   # set this: where tracker's source is\n"))
    }

    @Test func theReadmeShowsTheWorkflowTrackerInitWrites() throws {
        let readme = try String(contentsOfFile: ThemeAgainstSwiftMustacheTestSuite.packageRoot + "/README.md", encoding: .utf8)
        #expect(readme.contains("```yaml\n" + NewTracker.workflow(repository: nil, revision: nil) + "```\n"))
    }

    @Test func remotesBecomeAddressesACIRunnerCanClone() {
        #expect(TrackerVersion.cloneableURL("https://github.com/o/tracker.git") == "https://github.com/o/tracker.git")
        #expect(TrackerVersion.cloneableURL("git@github.com:o/tracker.git") == "https://github.com/o/tracker.git")
        #expect(TrackerVersion.cloneableURL("ssh://git@github.com:22/o/tracker.git") == "https://github.com/o/tracker.git")
        #expect(TrackerVersion.cloneableURL("/home/me/tracker") == nil)
        #expect(TrackerVersion.cloneableURL("file:///home/me/tracker") == nil)
    }
}

import Foundation
import Synchronization
import Testing
@testable import TrackerCore

/// Strict templates: a name no context provides, and a site template nothing uses, are errors.
@Suite struct TemplateNameCheckTestSuite {
    /// The errors of the built-in theme with `overrides` laid over it as a site's `templates/`.
    func problems(_ overrides: [String: String]) throws -> [String] {
        let files = overrides.map { ($0.key, Data($0.value.utf8), "templates") }
            + EmbeddedTheme.files.filter { overrides[$0.key] == nil }.map { ($0.key, Data($0.value.utf8), Theme.builtInFolder) }
        let theme = try Theme.load(files: files).get()
        return theme.problems(config: SiteConfig(title: "T", baseURL: "/")).map(\.description)
    }

    static func incident(_ body: String) -> String { "{{<base}}\n{{$content}}\n\(body)\n{{/content}}\n{{/base}}\n" }

    @Test func theBuiltInThemeUsesOnlyNamesItsContextsHave() throws {
        #expect(try problems([:]) == [])
    }

    @Test func aTypoIsAnErrorAtItsTagWithTheClosestName() throws {
        let errors = try problems(["incident.mustache": Self.incident("{{#incident}}\n  <h1>{{titel}}</h1>\n{{/incident}}")])
        #expect(errors == ["templates/incident.mustache:4:7: error: unknown name 'titel': no context this template is rendered with has 'titel'; did you mean 'title'?"])
    }

    /// Found by hand: the walk followed a chain of 20,000 partials until the thread's stack overflowed. It goes
    /// as deep as a render would (100 partials), and finds the names there.
    @Test func aChainOfPartialsIsWalkedAsDeepAsARenderGoes() throws {
        var overrides = ["incident.mustache": Self.incident("{{>partials/p0}}")]
        for index in 0 ..< 20_000 {
            let name = index == 50 ? "{{titel}}" : index == 500 ? "{{nowhere}}" : ""
            overrides["partials/p\(index).mustache"] = name + (index == 19_999 ? "" : "{{>partials/p\(index + 1)}}")
        }
        let errors = try problems(overrides)
        #expect(errors == ["templates/partials/p50.mustache:1:1: error: unknown name 'titel': no context this template is rendered with has 'titel'"])
    }

    /// A theme keeps its last check (a preview asks after every save), and checks again for another configuration.
    @Test func aThemeChecksItsNamesAgainForAnotherConfiguration() throws {
        let files = [("incident.mustache", Data(Self.incident("{{#incident}}{{custom.isps.value}}{{/incident}}").utf8), "templates")]
            + EmbeddedTheme.files.filter { $0.key != "incident.mustache" }.map { ($0.key, Data($0.value.utf8), Theme.builtInFolder) }
        let theme = try Theme.load(files: files).get()
        let plain = SiteConfig(title: "T", baseURL: "/")
        var declaring = plain
        declaring.fields = CustomFields(incidents: [CustomField(name: "isps", kind: .list)])
        let unknown = ["templates/incident.mustache:3:14: error: unknown name 'custom.isps.value': 'custom' has no 'isps'"]
        for _ in 0 ..< 2 {
            #expect(theme.problems(config: plain).map(\.description) == unknown)
            #expect(theme.problems(config: declaring).map(\.description) == [])
        }
    }

    @Test func aDottedNameNamesThePartThatIsMissing() throws {
        let errors = try problems(["incident.mustache": Self.incident("<h1>{{incident.titel}}</h1> {{{incident.country.nmae}}}")])
        #expect(errors == [
            "templates/incident.mustache:3:5: error: unknown name 'incident.titel': 'incident' has no 'titel'; did you mean 'title'?",
            "templates/incident.mustache:3:29: error: unknown name 'incident.country.nmae': 'incident.country' has no 'nmae'; did you mean 'name'?",
        ])
    }

    @Test func namesInASectionResolveAgainstItsItemThenTheOuterContexts() throws {
        let body = "{{#incident}}{{title}} {{site.title}} {{#platforms}}{{name}} {{title}} {{page.url}}{{/platforms}}{{#tags}}{{.}}{{/tags}}{{/incident}}"
        #expect(try problems(["incident.mustache": Self.incident(body)]) == [])
        let errors = try problems(["incident.mustache": Self.incident("{{#incident}}{{#platforms}}{{slgu}}{{/platforms}}{{/incident}}")])
        #expect(errors == ["templates/incident.mustache:3:28: error: unknown name 'slgu': no context this template is rendered with has 'slgu'; did you mean 'slug'?"])
    }

    @Test func anAnchoredNameLooksInTheInnermostContextOnly() throws {
        let errors = try problems(["incident.mustache": Self.incident("{{#incident}}{{.title}} {{.page.url}}{{/incident}}")])
        #expect(errors == ["templates/incident.mustache:3:25: error: unknown name '.page.url': no context this template is rendered with has 'page'"])
    }

    @Test func sectionAndInvertedSectionNamesAreChecked() throws {
        let errors = try problems(["incident.mustache": Self.incident("{{#incident}}{{^has_tagz}}none{{/has_tagz}}{{#ended}}x{{/ended}}{{/incident}}")])
        #expect(errors == [
            "templates/incident.mustache:3:14: error: unknown name 'has_tagz': no context this template is rendered with has 'has_tagz'; did you mean 'has_tags'?",
            "templates/incident.mustache:3:44: error: unknown name 'ended': no context this template is rendered with has 'ended'",
        ])
    }

    @Test func aPartialIsCheckedWithItsCallersContextAndErrorsNameThePartial() throws {
        let errors = try problems([
            "incident.mustache": Self.incident("{{#incident}}{{>partials/facts}}{{/incident}}"),
            "partials/facts.mustache": "<p>{{country.name}}</p>\n<p>{{contry.name}}</p>\n",
            "partials/incident-card.mustache": "<li>{{titel}}</li>\n",
        ])
        #expect(errors == [
            "templates/partials/facts.mustache:2:4: error: unknown name 'contry.name': no context this template is rendered with has 'contry'; did you mean 'country'?",
            "templates/partials/incident-card.mustache:1:5: error: unknown name 'titel': no context this template is rendered with has 'titel'; did you mean 'title'?",
        ])
    }

    @Test func aSharedTemplateMayUseNamesThatOnlySomeOfItsPagesHave() throws {
        // The header is in every page: `incident` only on incident pages, `term` only on country and platform pages.
        let header = EmbeddedTheme.files["partials/header.mustache"]! + "{{#incident}}{{title}}{{/incident}}{{#term}}{{name}}{{/term}}\n"
        #expect(try problems(["partials/header.mustache": header]) == [])
        // A typo is reported once, however many pages the header is in.
        let errors = try problems(["partials/header.mustache": "{{#incident}}{{titel}}{{/incident}}\n"])
        #expect(errors == ["templates/partials/header.mustache:1:14: error: unknown name 'titel': no context this template is rendered with has 'titel'; did you mean 'title'?"])
    }

    @Test func aBlockOverrideIsCheckedWhereTheParentRendersIt() throws {
        let errors = try problems(["home.mustache": "{{<base}}\n{{$title}}{{site.titel}}{{/title}}\n{{$content}}{{#latest}}{{{card_html}}}{{/latest}}{{/content}}\n{{/base}}\n"])
        #expect(errors == ["templates/home.mustache:2:11: error: unknown name 'site.titel': 'site' has no 'titel'; did you mean 'title'?"])
    }

    @Test func aSiteTemplateThatNothingUsesIsAnErrorNamingTheClosestTemplate() throws {
        let errors = try problems(["incdent.mustache": "{{<base}}{{/base}}\n", "partials/facts.mustache": "{{site.title}}\n",
                                   "incident.mustache": Self.incident("{{>partials/facts}}")])
        #expect(errors == ["templates/incdent.mustache:1:1: error: template 'incdent' is not used: it overrides no template of the built-in theme, and no template includes it as a partial or parent; did you mean 'incident'?"])
    }
}

/// `TemplateContexts` against what `SiteRenderer` really renders, on the example site and on a small site
/// with what the example lacks (an alias, regions, a source's archive and access date, a dead link): every name of
/// every context is declared there, and every name declared there is in some context.
@Suite struct TemplateContextTestSuite {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// Renders every file of the site, noting each template rendered directly and the names of its contexts.
    static func renderedNames(siteDirectory: String) throws -> (mismatches: [String], seen: [String: Set<String>]) {
        let (site, loaded) = try SiteBuilder.load(BuildOptions(siteDirectory: siteDirectory)).get()
        let roots = TemplateContexts.roots(for: site.config, strings: loaded.strings.keys)
        let found = Mutex<(mismatches: [String], seen: [String: Set<String>])>(([], [:]))
        var theme = loaded
        theme.observer = { template, context in
            var seen: Set<String> = []
            let mismatches = roots[template].map { $0.mismatches(.object(context), at: "", seen: &seen) } ?? ["\(template) has no declared context"]
            found.withLock { found in
                found.mismatches += mismatches.map { "\(template): \($0)" }
                found.seen[template, default: []].formUnion(seen)
            }
        }
        let renderer = SiteRenderer(site: site, theme: theme)
        for job in renderer.jobs() { _ = renderer.render(job) }
        return found.withLock { $0 }
    }

    /// Seven incidents and sources and eight events on pages of one: every list is paginated, with gaps;
    /// a second language without translations, so every item is marked untranslated there.
    static let otherSite: [String: String] = [
        "content/site.yml": TestSite.siteYAML + """

            languages:
              - {code: en, name: English}
              - {code: ur, name: اردو}
            options:
              page_size: 1
            fields:
              incidents:
                report: {type: url}
                seen: {type: date}
                isps: {type: list}
                confirmed: {type: boolean}
              sources:
                pages: {type: integer}
                checked: {type: date}
            """,
        "content/sources/report.md": TestSite.source.replacingOccurrences(of: "kind: news", with: "kind: news\narchive: https://web.archive.org/x\naccessed: 2024-02-11\npages: 3\nchecked: 2024-02-12"),
        // `tracker check --links` found the report's original dead: its page shows the archived copy.
        ".tracker-cache/links.json": """
            {"links": {"https://example.org/report": {"checked": "2024-06-01T12:00:00Z", "reason": "404 Not Found", "status": "dead"}}, "version": 1}
            """,
        // A page and a source's notes cite a source with every optional field: their reference lists.
        "content/sources/wire.md": "---\ntitle: Wire story\npublisher: Reuters\nurl: https://example.org/wire\npublished: 2024-02-10\nkind: wire\norigin: Reuters\nlanguage: en\narchive: https://web.archive.org/w\naccessed: 2024-02-11\n---\nNotes.\n",
        "content/sources/quoting.md": TestSite.source.replacingOccurrences(of: "title: A report", with: "title: Quoting").replacingOccurrences(of: "Notes.", with: "Quotes [@wire]."),
        "content/pages/cites.md": "---\ntitle: Cites\n---\nAs reported [@wire].\n",
        // Luxembourg has the world map's marker; Singapore is not on the map.
        "content/incidents/lu-block.md": TestSite.incident(replacing: ["country": "LU", "start": "2023-01-01"]),
        "content/incidents/sg-block.md": TestSite.incident(replacing: ["country": "SG", "start": "2023-01-02"]),
        // A court case with every optional field, citing the source with every optional field.
        "content/cases/shc.md": """
            ---
            title: Petition
            court: Sindh High Court
            country: PK
            subdivision: PK-SD
            case_number: C.P. 1/2024
            petitioners: [A lawyer]
            respondents: [The government]
            filed: 2024-02
            status: decided
            outcome: The ban is lifted.
            incidents: [x-block]
            proceedings:
              - date: 2024-02-20
                type: order
                text: The court orders the block lifted.
                sources: [wire]
                document: https://example.org/order.pdf
            ---
            Facts [@wire].

            """,
        "content/incidents/x-block.md": TestSite.incident("""
            regions: [Punjab]
            aliases: [x-2024]
            report: https://example.org/r
            seen: 2024-02-18
            isps: [PTCL]
            confirmed: true
            timeline:
              - date: 2024-02-17
                text: X is blocked.
                sources: [report]
              - date: 2024-02-18
                text: Still blocked.
                sources: [report]
            """),
    ].merging((2...7).flatMap { n in [
        ("content/sources/report-\(n).md", TestSite.source.replacingOccurrences(of: "title: A report", with: "title: Report \(n)")),
        ("content/incidents/x-block-\(n).md", TestSite.incident("timeline:\n  - date: 2024-02-1\(n)\n    text: Event \(n).\n    sources: [report-\(n)]",
                                                              replacing: ["start": "2024-02-1\(n)"])),
    ] }) { first, _ in first }

    static func git(_ arguments: [String], in directory: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-c", "commit.gpgsign=false"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ProcessInfo.processInfo.environment.merging([
            "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org",
            "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1",
        ]) { $1 }
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "git \(arguments)")
    }

    @Test func everyRenderedNameIsDeclaredAndEveryDeclaredNameIsRendered() throws {
        let example = try Self.renderedNames(siteDirectory: Self.packageRoot)
        let other = try TestSite(files: Self.otherSite)
        defer { other.remove() }
        // In git, with a correction: the history's names are rendered too.
        try Self.git(["init", "-q"], in: other.directory)
        try Self.git(["add", "-A"], in: other.directory)
        try Self.git(["commit", "-q", "-m", "Add"], in: other.directory)
        // One correction to every record (more than a change lists by name).
        for (path, text) in Self.otherSite where path.hasPrefix("content/incidents/") || path.hasPrefix("content/sources/") {
            try Data((text + "\n").utf8).write(to: URL(fileURLWithPath: other.directory + "/" + path))
        }
        try Self.git(["commit", "-q", "-a", "-m", "Fix", "-m", "Correction: Fixed."], in: other.directory)
        let small = try Self.renderedNames(siteDirectory: other.directory)
        #expect(example.mismatches + small.mismatches == [])
        let roots = TemplateContexts.roots(for: SiteConfig(title: "T", baseURL: "/"), strings: try Theme.builtIn().get().strings.keys)
        let seen = example.seen.merging(small.seen) { $0.union($1) }
        #expect(Set(seen.keys) == Set(roots.keys), "every declared template is rendered directly")
        // The names every page has are checked over all pages: on some no navigation item is the current one.
        let common = TemplateContexts.page.declaredPaths()
        var unseen: [String] = []
        for (template, shape) in roots.sorted(by: { $0.key < $1.key }) {
            let declared = shape.declaredPaths()
            unseen += declared.subtracting(seen[template] ?? []).subtracting(shape.names?["page"] == nil ? [] : common).sorted().map { "\(template): \($0)" }
        }
        unseen += common.subtracting(seen.values.reduce(into: Set<String>()) { $0.formUnion($1) }).sorted()
        #expect(unseen == [])
    }
}

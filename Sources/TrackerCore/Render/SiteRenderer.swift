import Foundation

/// Options that change what is rendered, not what is validated.
public struct RenderOptions: Sendable {
    /// HTML inserted before `</body>` of every page (the preview server's live-reload script); never in `tracker build`.
    public var pageFooterHTML: String?
    /// Keep what each item wrote into the large site-wide pages (timeline, exports, search index), for
    /// the next rebuild (the preview). Costs memory; `tracker build` renders each page once and does not.
    public var keepsItemFragments: Bool
    /// Where those fragments are kept, out of the heap (the preview's `PageStore`); nil: in the heap.
    public var fragmentStore: PageStore?
    /// How much one sitemap file holds before the sitemap is split into parts (smaller in tests).
    public var sitemapLimits: SitemapLimits
    public init(pageFooterHTML: String? = nil, keepsItemFragments: Bool = false, fragmentStore: PageStore? = nil,
                sitemapLimits: SitemapLimits = .standard) {
        self.pageFooterHTML = pageFooterHTML
        self.keepsItemFragments = keepsItemFragments
        self.fragmentStore = fragmentStore
        self.sitemapLimits = sitemapLimits
    }
}

/// The fragments a renderer keeps per item (see `FragmentCache`): rows and cards always; the rest only
/// when `RenderOptions.keepsItemFragments` is set. Per incident, except `events` (per timeline entry) and
/// `searchEntries` (per incident, then per source).
struct RendererFragments: Sendable {
    let rows: FragmentCache
    let cards: FragmentCache
    let events: FragmentCache?
    let incidentJSON: FragmentCache?
    let incidentCSV: FragmentCache?
    /// Each incident's row of `data/incidents.stop.csv`, which also shows its sources' addresses and kinds.
    let incidentStopCSV: FragmentCache?
    /// Each incident's row of `incidents/rows.json`: indices into the site's countries and platforms, so only a
    /// patched site (same terms) keeps them.
    let incidentRows: FragmentCache?
    let searchEntries: FragmentCache?
    /// What the incidents page's table wrote for each incident (row and the space around it).
    let listRows: FragmentCache?

    init(site: Site, options: RenderOptions) {
        let count = site.incidents.count
        rows = FragmentCache(count: count)
        cards = FragmentCache(count: count)
        let keeps = options.keepsItemFragments
        let store = options.fragmentStore
        events = keeps ? FragmentCache(count: site.timeline.count, store: store) : nil
        incidentJSON = keeps ? FragmentCache(count: count, store: store) : nil
        incidentCSV = keeps ? FragmentCache(count: count, store: store) : nil
        incidentStopCSV = keeps ? FragmentCache(count: count, store: store) : nil
        incidentRows = keeps ? FragmentCache(count: count, store: store) : nil
        searchEntries = keeps ? FragmentCache(count: count + site.sources.count, store: store) : nil
        listRows = keeps ? FragmentCache(count: count, store: store) : nil
    }

    init(rows: FragmentCache, cards: FragmentCache, events: FragmentCache?, incidentJSON: FragmentCache?,
         incidentCSV: FragmentCache?, incidentStopCSV: FragmentCache?, incidentRows: FragmentCache?,
         searchEntries: FragmentCache?, listRows: FragmentCache?) {
        self.rows = rows
        self.cards = cards
        self.events = events
        self.incidentJSON = incidentJSON
        self.incidentCSV = incidentCSV
        self.incidentStopCSV = incidentStopCSV
        self.incidentRows = incidentRows
        self.searchEntries = searchEntries
        self.listRows = listRows
    }

    /// The same caches, for a site whose incidents, sources and timeline kept their order, without the
    /// fragments of the changed incidents, sources and timeline entries (and the STOP rows of `citing`, the
    /// incidents citing a changed source).
    func forgetting(incidents: [Int], sources: [Int], events: [Int], citing: [Int], incidentCount: Int) -> RendererFragments {
        for cache in [rows, cards, incidentJSON, incidentCSV, incidentRows, listRows] { cache?.forget(incidents) }
        incidentStopCSV?.forget(incidents + citing)
        searchEntries?.forget(incidents + sources.map { incidentCount + $0 })
        self.events?.forget(events)
        return self
    }

    /// The fragments still good for a new site: `earlier[i]` is the index incident `i` had in `old`, nil when
    /// it changed; `earlierSources` the same for sources; `earlierEvents[p]` the same for timeline entry `p`,
    /// nil also when a source it shows changed.
    func carried(from old: Site, to earlier: [Int?], sources earlierSources: [Int?], events earlierEvents: [Int?]) -> RendererFragments {
        let earlierEntries = earlier + earlierSources.map { $0.map { old.incidents.count + $0 } }
        return RendererFragments(rows: rows.carried(to: earlier), cards: cards.carried(to: earlier),
                                 events: events?.carried(to: earlierEvents), incidentJSON: incidentJSON?.carried(to: earlier),
                                 incidentCSV: incidentCSV?.carried(to: earlier), incidentStopCSV: incidentStopCSV?.carried(to: earlier),
                                 incidentRows: incidentRows?.emptied(count: earlier.count), searchEntries: searchEntries?.carried(to: earlierEntries),
                                 listRows: listRows?.carried(to: earlier))
    }
}

/// Turns a linked `Site` into output files. Rendering is pure: the same site gives the same bytes.
/// Contexts shared by many pages (incident summaries, navigation) are built once, up front.
public final class SiteRenderer: @unchecked Sendable {
    // Immutable after init, so sharing across threads is safe.
    public let site: Site
    let theme: Theme
    let options: RenderOptions
    let urls: SiteURLs
    let summaries: [TemplateObject]
    let sourceSummaries: [TemplateObject]
    /// Each incident's and each source's link, the strings their summaries hold: read wherever a page links
    /// to one, rather than made again from its route (a timeline entry links its incident and each source).
    let incidentURLs: [String]
    let sourceURLs: [String]
    /// The site's author and title for every incident's citation, escaped for BibTeX once.
    let citationPublisher: IncidentCitation.Publisher
    let siteContext: TemplateObject
    let fragments: RendererFragments
    let memos: RendererMemos
    /// Built once: every incident page draws its duration against the same scale.
    let durationScaleStorage: DurationScale?
    var durationScale: DurationScale { durationScaleStorage! }
    /// Country code → index in `site.countries`; platform slug → index in `site.platforms`.
    let countryTerm: [String: Int]
    let platformTerm: [String: Int]
    /// The language the pages are written in: the site's default one, or the `edition`'s.
    let language: SiteLanguage
    /// In another language of the site: its translations, so the items without one are marked; nil in the default language.
    let edition: SiteEdition?
    /// The renderers of the site's other languages (`Site.editions`), whose pages are the `.translation` jobs.
    let editions: [SiteRenderer]
    /// Every language of a multilingual site with the root-relative link to its home page, the default first; empty for one language.
    let languageRoots: [(language: SiteLanguage, root: String)]
    /// The language's theme strings, dates, numbers and country names.
    let localization: Localization
    /// The theme's strings in that language, as every HTML page's `i18n`.
    let i18n: TemplateValue
    /// The navigation's links, and its context for each way a page can be in them (see `navigation(current:)`).
    let navigationItems = Memo<[NavigationItem]>()
    let navigationContexts = KeyedMemo<Int, TemplateValue>()
    typealias ChangeEntries = (corrections: [(HistoryChange, [Route])], recent: [(HistoryChange, [Route])])
    let changeEntriesMemo = Memo<ChangeEntries>()
    /// The sitemap's parts, when it is too large for one file (`sitemapSplit`).
    let sitemapSplitMemo = Memo<SitemapSplit?>()

    struct NavigationItem: Sendable {
        let title: String
        let url: String
    }

    public convenience init(site: Site, theme: Theme, options: RenderOptions = .init()) {
        self.init(site: site, theme: theme, options: options, edition: nil)
    }

    /// The renderer of the site in its default language (`edition` nil) or in another one (`site` is then `Site.inLanguage`'s).
    convenience init(site: Site, theme: Theme, options: RenderOptions, edition: SiteEdition?) {
        let summaries: [TemplateObject], sourceSummaries: [TemplateObject]
        if let edition {
            let marks = UntranslatedMarks(site: site, theme: theme, edition: edition)
            summaries = Array(site.incidents.indices).parallelMap { marks.incidentSummary(site, $0) }
            sourceSummaries = Array(site.sources.indices).parallelMap { marks.sourceSummary(site, $0) }
        } else {
            let (urls, localization) = (SiteURLs(config: site.config), theme.localization(site.config.language))
            summaries = site.incidents.parallelMap { Self.incidentSummary($0, urls: urls, localization: localization) }
            sourceSummaries = Array(site.sources.indices).parallelMap { index in
                Self.sourceSummary(site.sources[index], urls: urls, citedCount: site.citedBy[index].count, localization: localization)
            }
        }
        self.init(site: site, theme: theme, options: options, summaries: summaries, sourceSummaries: sourceSummaries,
                  fragments: RendererFragments(site: site, options: options), edition: edition)
    }

    /// What an edition's incident summary adds when the incident is not translated: a note saying so, with a link
    /// to it in the default language. Made once per renderer: the note is a theme string cut at its placeholders.
    struct UntranslatedMarks: Sendable {
        let urls: SiteURLs
        let localization: Localization
        let edition: SiteEdition
        let note: TemplateValue
        let label: String

        /// For `edition`'s renderer; `site` is that language's (`Site.inLanguage`).
        init(site: Site, theme: Theme, edition: SiteEdition) {
            urls = SiteURLs(config: site.config, language: edition.language.code)
            localization = theme.localization(edition.language.code)
            self.edition = edition
            note = SiteRenderer.pieces(localization, "untranslated_incident")
            label = localization.string("not_yet_translated")
        }

        /// Incident `index`'s summary in the edition.
        func incidentSummary(_ site: Site, _ index: Int) -> TemplateObject {
            var summary = SiteRenderer.incidentSummary(site.incidents[index], urls: urls, localization: localization)
            if edition.incidents[index] == nil {
                summary["untranslated"] = SiteRenderer.untranslatedNote(site.config.defaultLanguage, url: urls.inLanguage(nil).url(for: .incident(site.incidents[index].id)),
                                                                        note: note, label: label)
            }
            return summary
        }

        /// Source `index`'s summary in the edition.
        func sourceSummary(_ site: Site, _ index: Int) -> TemplateObject {
            SiteRenderer.sourceSummary(site.sources[index], urls: urls, citedCount: site.citedBy[index].count, localization: localization)
        }
    }

    /// With the summaries and fragments ready-made: the preview's rebuild reuses those of the incidents and sources that did not change,
    /// in the default language and, given `editions`, in the others (else their renderers are made anew).
    init(site: Site, theme: Theme, options: RenderOptions, summaries: [TemplateObject], sourceSummaries: [TemplateObject],
         fragments: RendererFragments, figures: (memos: RendererMemos, durationScale: DurationScale?)? = nil, edition: SiteEdition? = nil,
         editions: [SiteRenderer]? = nil) {
        self.site = site
        self.theme = theme
        self.options = options
        self.edition = edition
        language = edition?.language ?? site.config.defaultLanguage
        let urls = SiteURLs(config: site.config, language: edition?.language.code)
        self.urls = urls
        self.editions = edition != nil ? [] : editions ?? Array(site.editions.indices).parallelMap { index in
            SiteRenderer(site: site.inLanguage(index), theme: theme, options: options, edition: site.editions[index])
        }
        let languages = site.config.languages
        languageRoots = languages.count > 1 ? languages.enumerated().map { index, language in
            (language, urls.inLanguage(index == 0 ? nil : language.code).url(for: .home))
        } : []
        self.summaries = summaries
        self.fragments = fragments
        self.durationScaleStorage = figures.map(\.durationScale) ?? DurationScale(site.incidents)
        self.memos = figures?.memos ?? RendererMemos()
        self.countryTerm = Dictionary(uniqueKeysWithValues: site.countries.enumerated().map { ($1.slug.uppercased(), $0) })
        self.platformTerm = Dictionary(uniqueKeysWithValues: site.platforms.enumerated().map { ($1.slug, $0) })
        self.sourceSummaries = sourceSummaries
        incidentURLs = summaries.map(Self.url(in:))
        sourceURLs = sourceSummaries.map(Self.url(in:))
        citationPublisher = IncidentCitation.Publisher(author: site.config.author, siteTitle: site.config.title)
        let localization = theme.localization(language.code)
        self.localization = localization
        var i18n = TemplateObject()
        for key in theme.strings.keys { i18n[key] = .string(localization.string(key)) }
        self.i18n = .object(i18n)
        var siteContext: TemplateObject = [
            "title": .string(site.config.title),
            "language": .string(site.config.language),
            "author": .string(site.config.author),
            "root": .string(urls.url(for: .home)),
            "assets_url": .string(urls.url(for: .asset(""))),
            "language_name": .string(language.name),
            "base_url": .string(site.config.baseURL),
            "feed_url": .string(urls.url(for: .feed)),
            "stylesheet": .string(urls.url(for: .asset("style.css"))),
            "search_url": .string(urls.url(for: .search)),
            "changes_url": .string(urls.url(for: .changes)),
            "image_url": .string(urls.absoluteURL(for: .asset(Self.sharingImage))),
        ]
        if !site.config.description.isEmpty { siteContext["description"] = .string(site.config.description) }
        // `dir` is written where it says something: in a site of several languages, or in a right-to-left one.
        if !languageRoots.isEmpty || language.direction == .rtl { siteContext["dir"] = .string(language.direction.rawValue) }
        self.siteContext = siteContext
    }

    /// Every output file, in a stable order.
    public func jobs() -> [PageKind] {
        var jobs = PageKind.all(in: site, theme: theme)
        for list in paginatedLists { jobs += pages(of: list).dropFirst() }
        for (number, edition) in editions.enumerated() {
            for list in edition.paginatedLists { jobs += edition.pages(of: list).dropFirst().map { .translation(number, $0) } }
        }
        return jobs + sitemapPartJobs(among: jobs)
    }

    /// The output path of a job, relative to the output folder.
    public func path(of kind: PageKind) -> String { route(of: kind).outputPath }

    /// Where a job's output lives (see `Route`).
    func route(of kind: PageKind) -> Route { kind.route(in: site, theme: theme) }

    /// The file's bytes; `expectedSize` (its size in the last build, for the preview) saves growing the buffer.
    public func render(_ kind: PageKind, expectedSize: Int = 0) -> Data {
        renderChecked(kind, expectedSize: expectedSize).data
    }

    /// The file's bytes, and why they stop short when a template passed its limits (`TemplateLimits`).
    func renderChecked(_ kind: PageKind, expectedSize: Int = 0) -> (data: Data, stopReason: String?) {
        if case .asset(let i) = kind { return (theme.assets[i].data, nil) }
        if case .file(let i) = kind { return (FileTree.read(site.files[i].path) ?? Data(), nil) }
        var stopReason: String?
        let data = ByteBuffer.data(capacity: expectedSize + expectedSize / 16) { buffer in
            render(kind, into: buffer)
            stopReason = buffer.stopReason
        }
        return (data, stopReason)
    }

    /// Renders into `output`, which may stream to a file as it fills (`tracker build`).
    func render(_ kind: PageKind, into output: ByteBuffer) {
        switch kind {
        case .translation(let edition, let kind): editions[edition].render(kind, into: output)
        case .asset(let i): theme.assets[i].data.withUnsafeBytes { output.append($0.bindMemory(to: UInt8.self)) }
        case .file(let i):
            // A file that cannot be read (gone since it was listed, not readable) fails the build rather than
            // being written empty.
            if let error = output.appendFile(site.files[i].path) {
                output.stopReason = SiteFile.copyFailure(site.files[i].path, error)
            }
        case .feed: theme.render("feed.xml", feedContext(), into: output)
        case .countryFeed(let i): theme.render("feed.xml", termFeedContext(site.countries[i], feed: .countryFeed(site.countries[i].slug), page: .country(site.countries[i].slug)), into: output)
        case .platformFeed(let i): theme.render("feed.xml", termFeedContext(site.platforms[i], feed: .platformFeed(site.platforms[i].slug), page: .platform(site.platforms[i].slug)), into: output)
        case .incidentRows: IncidentRows.json(site, urls: urls, into: output, cache: fragments.incidentRows)
        case .sitemap: renderSitemap(into: output)
        case .sitemapPart(let number): renderSitemapPart(number, into: output)
        case .robots: output.append("User-agent: *\nAllow: /\n\nSitemap: \(urls.absoluteURL(for: .sitemap))\n")
        case .incidentsJSON: DataExport.incidentsJSON(site, urls: urls, into: output, cache: fragments.incidentJSON)
        case .incidentsCSV: DataExport.incidentsCSV(site, urls: urls, into: output, cache: fragments.incidentCSV)
        case .incidentsStopCSV: DataExport.incidentsStopCSV(site, into: output, cache: fragments.incidentStopCSV)
        case .sourcesJSON: DataExport.sourcesJSON(site, urls: urls, into: output)
        case .searchIndex: SearchIndex.json(site, urls: urls, localization: localization, into: output, cache: fragments.searchEntries)
        case .incidentCitation(let i, let file): citation(i).render(file, into: output)
        case .changesFeed: theme.render("changes.xml", changesFeedContext(), into: output)
        case .casesJSON: CaseExport.json(site, urls: urls, into: output)
        case .casesCSV: CaseExport.csv(site, urls: urls, into: output)
        default:
            let (template, context) = htmlContext(kind)
            let start = output.total
            theme.render(template, context, into: output)
            // Only the preview adds a footer, and it renders in memory: the whole page is in the buffer.
            if let footer = options.pageFooterHTML, output.flushed == 0, let end = output.lastIndex(of: Array("</body>".utf8)), end >= start {
                output.insert(Array(footer.utf8), at: end)
            }
        }
    }

    // MARK: - HTML pages

    func htmlContext(_ kind: PageKind) -> (String, TemplateObject) {
        switch kind {
        case .translation(let edition, let kind): return editions[edition].htmlContext(kind)
        case .home: return ("home", homeContext())
        case .incidentList, .timeline, .sourceList, .country, .platform: return listContext(kind, page: 1)
        case .listPage(let list, let number): return listContext(list, page: number)
        case .incident(let i): return ("incident", incidentContext(i))
        case .dataPage: return ("data", dataPageContext())
        case .changes: return ("changes", changesPageContext())
        case .caseList: return ("cases", caseListContext())
        case .legalCase(let i): return ("case", caseContext(i))
        case .search: return ("search", searchContext())
        case .source(let i): return ("source", sourceContext(i))
        case .countryList:
            var extra: TemplateObject = ["terms": TemplateValue(site.countries.map { termSummary($0, url: urls.url(for: .country($0.slug)), code: $0.slug.uppercased()) })]
            if let map = mapContext() { extra["map"] = .object(map) }
            return ("countries", page(kind, title: localization.string("countries_title"), description: localization.string("countries_description"),
                                      url: urls.url(for: .countryList), extra: extra))
        case .platformList:
            return ("platforms", page(kind, title: localization.string("platforms_title"), description: localization.string("platforms_description"), url: urls.url(for: .platformList),
                                      extra: ["terms": TemplateValue(site.platforms.map { termSummary($0, url: urls.url(for: .platform($0.slug)), code: nil) })]))
        case .page(let i):
            let content = site.pages[i]
            let headings = headingsContext(content.body.headings)
            var extra: TemplateObject = ["body_html": .string(content.body.html), "headings": .list(headings),
                                         "has_headings": .bool(!headings.isEmpty),
                                         "references": referenceList(content.body.citedSourceIDs),
                                         "has_references": .bool(!content.body.citedSourceIDs.isEmpty)]
            if let edition, edition.pages[i] == nil { extra["untranslated"] = untranslatedNote(.page(content.id)) }
            return ("page", page(kind, title: content.title, description: content.description ?? content.body.summaryText,
                                 url: urls.url(for: .page(content.id)), extra: extra))
        case .notFound:
            return ("404", page(kind, title: localization.string("not_found_title"), description: localization.string("not_found_description"), url: urls.url(for: .notFound),
                                extra: ["latest": cards(summaries.indices.prefix(Self.notFoundCards))]))
        case .alias(let i):
            let target = site.incidents[site.aliases[i].incident]
            let targetURL = urls.url(for: .incident(target.id))
            return ("alias", page(kind, title: target.title, description: localization.format("alias_description", ["url": targetURL]), url: targetURL,
                                  extra: ["target_url": .string(targetURL), "target_absolute_url": .string(urls.absolute(targetURL))]))
        default: preconditionFailure("not an HTML page: \(kind)")
        }
    }

    /// The template and context of page `number` of a paginated list.
    func listContext(_ list: PageKind, page number: Int) -> (String, TemplateObject) {
        switch list {
        case .incidentList: return ("incidents", incidentListContext(page: number))
        case .timeline: return ("timeline", timelineContext(page: number))
        case .sourceList: return ("sources", sourceListContext(page: number))
        case .country(let i): return ("country", countryContext(i, page: number))
        case .platform(let i): return ("platform", platformContext(i, page: number))
        default: preconditionFailure("not a paginated list: \(list)")
        }
    }

    /// The context every HTML page gets: the site, the navigation, and the page's own title and address.
    func page(_ kind: PageKind, title: String, description: String, url: String, extra: TemplateObject) -> TemplateObject {
        var context = extra
        // Room for these four names and the page's own (set by the caller): grown one name at a time, the
        // object was copied at two, four and eight.
        context.reserveCapacity(extra.count + 6)
        context["site"] = .object(siteContext)
        context["i18n"] = i18n
        context["nav"] = navigation(current: url)
        var entries: [TemplateObject.Entry] = [
            .init("title", .string(title)),
            .init("description", .string(description.isEmpty ? site.config.description : description)),
            .init("url", .string(url)),
            .init("canonical", .string(urls.absolute(url))),
            .init("is_home", .bool(kind == .home)),
            .init("og_type", .string(kind.isArticle ? "article" : "website")),
        ]
        if let structuredData = structuredData(kind, url: url) { entries.append(.init("json_ld", .string(structuredData))) }
        var page = TemplateObject(entries)
        addLanguageLinks(url: url, to: &page)
        context["page"] = .object(page)
        return context
    }

    /// `{lang, language, original_url}`: what a page in another language without a translation says of its original.
    func untranslatedNote(_ route: Route) -> TemplateValue {
        Self.untranslatedNote(site.config.defaultLanguage, url: urls.inLanguage(nil).url(for: route), note: Self.pieces(localization, "untranslated_page"),
                              label: localization.string("not_yet_translated"))
    }

    static func untranslatedNote(_ original: SiteLanguage, url: String, note: TemplateValue, label: String) -> TemplateValue {
        ["lang": .string(original.code), "language": .string(original.name), "dir": .string(original.direction.rawValue),
         "original_url": .string(url), "note": note, "label": .string(label)]
    }

    /// A string of the theme cut at its placeholders (`Localization.pieces`), as a list for a template:
    /// `{text}` for the words, `{is_<placeholder>: true}` where the template puts its markup.
    static func pieces(_ localization: Localization, _ key: String) -> TemplateValue {
        .list(localization.pieces(key).map { piece -> TemplateValue in
            if let text = piece.text { return ["text": .string(text)] }
            return .object(["is_" + piece.placeholder!: .bool(true)])
        })
    }

    /// In a site of several languages, the same page in each (`alternates`: `hreflang` links, with `x-default`
    /// the default language's; `translations`: the language switcher). Every page exists in every language.
    func addLanguageLinks(url: String, to page: inout TemplateObject) {
        guard !languageRoots.isEmpty else { return }
        let own = urls.url(for: .home)
        guard url.hasPrefix(own) else { return }
        let rest = url.dropFirst(own.count)
        var alternates: [TemplateValue] = []
        var translations: [TemplateValue] = []
        for (language, root) in languageRoots {
            let link = root + rest
            alternates.append(["hreflang": .string(language.code), "href": .string(urls.absolute(link))])
            var entry: TemplateObject = ["code": .string(language.code), "name": .string(language.name), "url": .string(link),
                                         "dir": .string(language.direction.rawValue)]
            if language.code == self.language.code { entry["current"] = .bool(true) }
            translations.append(.object(entry))
        }
        alternates.append(["hreflang": "x-default", "href": .string(urls.absolute(languageRoots[0].root + rest))])
        page["alternates"] = .list(alternates)
        page["translations"] = .list(translations)
        page["has_translations"] = .bool(true)
    }

    /// The site's navigation as the page at `current` shows it: "page" on its own link, "true" on the
    /// section it belongs to (WAI-ARIA aria-current). Made once for each such marking: most pages share one.
    func navigation(current: String) -> TemplateValue {
        let items = navigationItems.value {
            let l = localization
            var items = [NavigationItem(title: l.string("nav_incidents"), url: urls.url(for: .incidentList)),
                         NavigationItem(title: l.string("nav_timeline"), url: urls.url(for: .timeline)),
                         NavigationItem(title: l.string("nav_sources"), url: urls.url(for: .sourceList))]
            if !site.cases.all.isEmpty { items.append(NavigationItem(title: l.string("nav_cases"), url: urls.url(for: .caseList))) }
            for taxonomy in site.config.taxonomies {
                items.append(taxonomy == "countries" ? NavigationItem(title: l.string("nav_countries"), url: urls.url(for: .countryList))
                                                     : NavigationItem(title: l.string("nav_platforms"), url: urls.url(for: .platformList)))
            }
            items += site.pages.filter { $0.menuOrder != nil }.map { NavigationItem(title: $0.title, url: urls.url(for: .page($0.id))) }
            return items
        }
        // Each link's marking in two bits: 0 none, 1 "page", 2 "true".
        let marks = items.map { current == $0.url ? 1 : current.hasPrefix($0.url) ? 2 : 0 }
        let make = {
            TemplateValue(zip(items, marks).map { item, mark -> TemplateObject in
                var object: TemplateObject = ["title": .string(item.title), "url": .string(item.url)]
                if mark == 1 { object["current"] = "page" } else if mark == 2 { object["current"] = "true" }
                return object
            })
        }
        guard items.count <= 31 else { return make() }
        return navigationContexts.value(marks.reduce(0) { $0 << 2 | $1 }, make)
    }

    /// How many of the first incidents the home page and the 404 page show as cards.
    static let homeCards = 10
    static let notFoundCards = 5

    func homeContext() -> TemplateObject {
        let ongoing = isOngoing.count { $0 }
        let counts: TemplateObject = [
            "incidents": .int(site.incidents.count), "ongoing": .int(ongoing), "countries": .int(site.countries.count),
            "platforms": .int(site.platforms.count), "sources": .int(site.sources.count),
        ]
        var extra: TemplateObject = ["counts": .object(counts), "latest": cards(summaries.indices.prefix(Self.homeCards)),
                                     "has_more": .bool(summaries.count > Self.homeCards)]
        if let chart = chartContext() { extra["chart"] = .object(chart) }
        if let map = mapContext() { extra["map"] = .object(map) }
        return page(.home, title: site.config.title, description: site.config.description, url: urls.url(for: .home), extra: extra)
    }

    func incidentContext(_ index: Int) -> TemplateObject {
        let incident = site.incidents[index]
        // The page's own names, laid over the incident's shared summary rather than added to a copy of it.
        var context: TemplateObject = [:]
        context.reserveCapacity(22)
        let referenceIDs = site.references[index]
        // A reference's number by its id: most incidents cite a few sources, found faster in their list (whose
        // ids share storage with the events' own, so most comparisons are one word) than by hashing each id.
        let numbers = referenceIDs.count > 16 ? Dictionary(uniqueKeysWithValues: referenceIDs.enumerated().map { ($1, $0 + 1) }) : nil
        func number(_ id: String) -> Int {
            if let numbers { return numbers[id] ?? 0 }
            return referenceIDs.firstIndex(of: id).map { $0 + 1 } ?? 0
        }
        context["body_html"] = incident.body.htmlStorage.templateValue
        let headings = headingsContext(incident.body.headings)
        context["headings"] = .list(headings)
        context["has_headings"] = .bool(!headings.isEmpty)
        context["references"] = referenceList(referenceIDs)
        let origins = site.origins[index]
        context["timeline"] = .list(zip(incident.timeline, origins.events).map { event, eventOrigins -> TemplateValue in
            let citations = TemplateValue.list(event.sources.map { reference in
                .object(TemplateObject([.init("number", .int(number(reference.id))), .init("id", .string(reference.id)),
                                        .init("title", .string(sourceTitle(reference.id)))]))
            })
            var entry = [TemplateObject.Entry("date", dateContext(event.date)), .init("text", .string(event.text)), .init("citations", citations)]
            if let summary = originSummary(eventOrigins) { entry.append(.init("origins", .object(summary))) }
            return .object(TemplateObject(entry))
        })
        if var summary = originSummary(origins.whole) {
            // Each origin with the references carrying it: copies of one story, grouped, their numbers unchanged.
            summary["groups"] = TemplateValue(origins.whole.origins.map { origin -> TemplateObject in
                let sources = origin.sources
                let carriers = sources.compactMap { position -> TemplateObject? in
                    guard let source = site.sourceIndex[referenceIDs[position]] else { return nil }
                    return ["number": .int(position + 1), "publisher": .string(site.sources[source].publisher), "first": .bool(position == sources[0])]
                }
                let own = sources.count == 1
                    && site.sourceIndex[referenceIDs[sources[0]]].map { site.sources[$0].publisher.trimmedOfWhitespace.lowercased() == origin.name.lowercased() } == true
                return ["name": .string(origin.name), "own": .bool(own), "sources": TemplateValue(carriers)]
            })
            context["origins"] = .object(summary)
        }
        let citation = citation(index)
        context["cite"] = .object(TemplateObject([
            .init("text", .string(citation.text)), .init("bibtex", .string(citation.bibtex)), .init("csl_json", .string(citation.cslJSON)),
            .init("updated", dateContext(citation.updated)),
            .init("text_url", .string(citationURL(index, .text))),
            .init("bibtex_url", .string(citationURL(index, .bibtex))),
            .init("csl_json_url", .string(citationURL(index, .cslJSON))),
        ]))
        context["has_timeline"] = .bool(!incident.timeline.isEmpty)
        context["tags"] = TemplateValue(incident.tags)
        context["has_tags"] = .bool(!incident.tags.isEmpty)
        if !incident.regions.isEmpty { context["regions"] = .string(incident.regions.joined(separator: ", ")) }
        if let orderedBy = incident.orderedBy { context["ordered_by"] = .string(orderedBy) }
        if let justification = incident.justification { context["justification"] = .string(justification) }
        if let updated = incident.updated { context["updated"] = dateContext(updated) }
        context["last_known"] = dateContext(incident.lastKnownDate)
        context["duration"] = .object(durationContext(index))
        let cases = site.cases.ofIncident[index]
        context["cases"] = incidentCases(index)
        context["has_cases"] = .bool(!cases.isEmpty)
        let related = relatedIncidents(index)
        context["related"] = cards(related)
        context["has_related"] = .bool(!related.isEmpty)
        addCustomFields(site.config.fields.incidents, incident.customFields, to: &context)
        if let history = recordHistory(at: incident.path) { context["history"] = .object(historyContext(history)) }
        var result = page(.incident(index), title: incident.title, description: incident.body.summaryText, url: incidentURLs[index], extra: TemplateObject())
        result["incident"] = .object(context, over: summaries[index])
        return result
    }

    /// Incident `index`'s citation, at its page's absolute address (made from the link its summary holds).
    func citation(_ index: Int) -> IncidentCitation {
        IncidentCitation.of(site, index, url: urls.absolute(incidentURLs[index]), publisher: citationPublisher)
    }

    /// The link to one of incident `index`'s citation files: its page's link (from its summary) and the file's
    /// name, as `urls.url(for: .incidentCitation)` makes it from the route again (a test checks they agree).
    func citationURL(_ index: Int, _ file: CitationFile) -> String { .concatenating(incidentURLs[index], file.name) }

    /// Up to five other incidents in the same country or on a shared platform, newest first.
    /// Each term lists its incidents in site order, so the first six of each list hold the answer.
    func relatedIncidents(_ index: Int) -> [Int] {
        let incident = site.incidents[index]
        // At most five from each of a few lists: a short array searched in order (a set's inserts cost
        // some 600 instructions each, most of the work for every incident page).
        var candidates: [Int] = []
        func take(_ list: [Int]) {
            var taken = 0
            for other in list where other != index {
                guard taken < 5 else { return }
                taken += 1
                if !candidates.contains(other) { candidates.append(other) }
            }
        }
        if let term = countryTerm[incident.country] { take(site.countries[term].incidents) }
        for platform in incident.platforms {
            if let term = platformTerm[Slug.make(platform)] { take(site.platforms[term].incidents) }
        }
        candidates.sort()
        return Array(candidates.prefix(5))
    }

    /// The context of entry `position` of the site's timeline.
    func timelineEvent(_ position: Int) -> TemplateValue {
        let entry = site.timeline[position]
        if entry.proceeding { return proceedingEvent(entry) }
        // Fields read in place: copying the `Incident` would retain every one of its fields.
        let event = site.incidents[entry.incident].timeline[entry.event]
        let incident = TemplateObject([.init("title", .string(site.incidents[entry.incident].title)), .init("url", .string(incidentURLs[entry.incident]))])
        var context = [TemplateObject.Entry("date", dateContext(event.date)), .init("text", .string(event.text)), .init("incident", .object(incident)),
                       .init("sources", .list(event.sources.map { sourceLink($0.id) }))]
        if let summary = originSummary(site.origins[entry.incident].events[entry.event]) { context.append(.init("origins", .object(summary))) }
        return .object(TemplateObject(context))
    }

    func sourceContext(_ index: Int) -> TemplateObject {
        let source = site.sources[index]
        var context: TemplateObject = [:]
        if !source.body.html.isEmpty { context["notes_html"] = .string(source.body.html) }
        if let url = source.url, let record = site.deadLinks[url], let checked = record.checkedDay {
            context["original_dead"] = ["reason": .string(record.reason), "checked": dateContext(checked)]
        }
        context["references"] = referenceList(source.body.citedSourceIDs)
        context["has_references"] = .bool(!source.body.citedSourceIDs.isEmpty)
        addCustomFields(site.config.fields.sources, source.customFields, to: &context)
        if let history = recordHistory(at: source.path) { context["history"] = .object(historyContext(history)) }
        context["cited_by"] = .list(site.citedBy[index].map { citing -> TemplateValue in
            return .object(TemplateObject([
                .init("incident", .object(summaries[citing.incident])),
                .init("in_body", .bool(citing.inBody)),
                .init("reference_url", .string(.concatenating(incidentURLs[citing.incident], "#ref-", String(citing.reference)))),
                .init("has_events", .bool(!citing.events.isEmpty)),
                .init("events", .list(citing.events.map { event in
                    let event = site.incidents[citing.incident].timeline[event]
                    return .object(TemplateObject([.init("date", dateContext(event.date)), .init("text", .string(event.text))]))
                })),
            ]))
        })
        var result = page(.source(index), title: source.title, description: localization.format("source_description", ["publisher": source.publisher, "date": localization.date(source.published)]),
                          url: sourceURLs[index], extra: [:])
        result["source"] = .object(context, over: sourceSummaries[index])
        return result
    }

    // MARK: - Shared pieces

    /// Incident summaries with their table row, rendered once per incident (`partials/incident-row`).
    /// With `sections`, what the list's section wrote for each incident is kept there (the preview's incidents page).
    func rows<C: RandomAccessCollection & Sendable>(_ indices: C, sections: FragmentCache? = nil) -> TemplateValue where C.Element == Int, C.Index == Int {
        .generated(indices, cache: sections) { [unowned self] index in
            .object(TemplateObject([.init("row_html", .string(fragments.rows.fragment(index) { theme.render("partials/incident-row", summaries[index]) }))]),
                    over: summaries[index])
        }
    }

    /// Incident summaries with their card, rendered once per incident (`partials/incident-card`).
    func cards<C: RandomAccessCollection & Sendable>(_ indices: C) -> TemplateValue where C.Element == Int, C.Index == Int {
        .generated(indices) { [unowned self] index in
            .object(TemplateObject([.init("card_html", .string(fragments.cards.fragment(index) { theme.render("partials/incident-card", summaries[index]) }))]),
                    over: summaries[index])
        }
    }

    static func incidentSummary(_ incident: Incident, urls: SiteURLs, localization l: Localization) -> TemplateObject {
        let interner = TemplateInterner.shared
        // The links differ by language: so do the shared values holding them.
        let root = urls.url(for: .home)
        let code = l.code
        var summary: [TemplateObject.Entry] = [
            .init("id", .string(incident.id)),
            .init("url", .string(urls.url(for: .incident(incident.id)))),
            .init("title", .string(incident.title)),
            .init("country", interner.value(.init(.country, language: code, root: root, incident.country)) {
                ["code": .string(incident.country), "name": .string(l.countryName(incident.country)),
                 "url": .string(urls.url(for: .country(incident.country)))]
            }),
            .init("platforms", .list(incident.platforms.map { platform in
                interner.value(.init(.platform, root: root, platform)) {
                    ["name": .string(platform), "slug": .string(Slug.make(platform)), "url": .string(urls.url(for: .platform(Slug.make(platform))))]
                }
            })),
            .init("type", interner.value(.init(.type, language: code, incident.type.rawValue)) {
                ["value": .string(incident.type.rawValue), "label": .string(l.label(incident.type))]
            }),
            .init("status", interner.value(.init(.status, language: code, incident.status.rawValue)) {
                ["value": .string(incident.status.rawValue), "label": .string(l.label(incident.status)), "ongoing": .bool(incident.status == .ongoing)]
            }),
            .init("verification", interner.value(.init(.verification, language: code, incident.verification.rawValue)) {
                ["value": .string(incident.verification.rawValue), "label": .string(l.label(incident.verification))]
            }),
            .init("start", dateContext(incident.start, l)),
            .init("year", .int(incident.start.year)),
            .init("summary_text", .string(incident.body.summaryText)),
            .init("summary_html", incident.body.summaryHTMLStorage.templateValue),
        ]
        // Kept per incident for the whole build: room for one more name, not twice the room (build memory).
        if let end = incident.end {
            summary.reserveCapacity(summary.count + 1)
            summary.append(.init("end", dateContext(end, l)))
        }
        return TemplateObject(summary)
    }

    static func sourceSummary(_ source: Source, urls: SiteURLs, citedCount: Int, localization l: Localization) -> TemplateObject {
        var summary: [TemplateObject.Entry] = [
            .init("id", .string(source.id)),
            .init("url", .string(urls.url(for: .source(source.id)))),
            .init("title", .string(source.title)),
            .init("publisher", .string(source.publisher)),
            .init("published", dateContext(source.published, l)),
            .init("kind", TemplateInterner.shared.value(.init(.kind, language: l.code, source.kind.rawValue)) {
                ["value": .string(source.kind.rawValue), "label": .string(l.label(source.kind))]
            }),
            .init("cited_count", .int(citedCount)),
            .init("cited_once", .bool(citedCount == 1)),
            .init("cited_label", .string(l.plural("cited_by_count", count: citedCount))),
        ]
        summary.reserveCapacity(summary.count + [source.url, source.origin, source.language, source.archive].count { $0 != nil } + (source.accessed == nil ? 0 : 1))
        if let url = source.url { summary.append(.init("external_url", .string(url))) }
        if let origin = source.origin { summary.append(.init("origin", .string(origin))) }
        if let language = source.language { summary.append(.init("language", .string(language))) }
        if let archive = source.archive { summary.append(.init("archive_url", .string(archive))) }
        if let accessed = source.accessed { summary.append(.init("accessed", dateContext(accessed, l))) }
        return TemplateObject(summary)
    }

    /// `{summary, names}` ("3 sources from 1 origin", "NetBlocks"); nil when nothing was counted.
    func originSummary(_ count: OriginCount) -> TemplateObject? {
        guard count.sourceCount > 0 else { return nil }
        let l = localization
        return TemplateObject([.init("summary", .string(l.originSummary(count))), .init("names", .string(count.names(joinedBy: l.listSeparator)))])
    }

    /// `{iso, display}`, shared by every context that shows the same date.
    static func dateContext(_ date: PartialDate, _ localization: Localization) -> TemplateValue {
        localization.dateContext(date)
    }

    func dateContext(_ date: PartialDate) -> TemplateValue { Self.dateContext(date, localization) }

    func termSummary(_ term: TaxonomyTerm, url: String, code: String?) -> TemplateObject {
        var summary: TemplateObject = ["name": .string(code.map(localization.countryName) ?? term.name), "slug": .string(term.slug), "url": .string(url),
                                       "count": .int(term.incidents.count), "one": .bool(term.incidents.count == 1)]
        if let code { summary["code"] = .string(code) }
        let ongoing = isOngoing
        let ongoingCount = term.incidents.count { ongoing[$0] }
        summary["ongoing"] = .int(ongoingCount)
        summary["counts_label"] = .string(localization.format("term_counts", ["incidents": localization.plural("incidents_count", count: term.incidents.count),
                                                                              "ongoing": localization.plural("ongoing_count", count: ongoingCount)]))
        return summary
    }

    /// A reference list: the summaries of the sources `ids` names, numbered from 1 in that order (`ref-N` on the page).
    func referenceList(_ ids: [String]) -> TemplateValue {
        .list(ids.enumerated().compactMap { offset, id -> TemplateValue? in
            guard let sourceIndex = site.sourceIndex[id] else { return nil }
            return .object(TemplateObject([.init("number", .int(offset + 1))]), over: sourceSummaries[sourceIndex])
        })
    }

    func headingsContext(_ headings: [MarkdownHeading]) -> [TemplateValue] {
        headings.filter { $0.level == 2 }.map { .object(TemplateObject([.init("text", .string($0.text)), .init("id", .string($0.id))])) }
    }

    /// Per incident, whether it is ongoing (one contiguous array, made once).
    var isOngoing: [Bool] { memos.ongoing.value { site.incidents.map { $0.status == .ongoing } } }

    /// `{title, publisher, url}` of the source `id`, found with one look-up (for a missing one: its id, no
    /// publisher, and the link its page would have).
    func sourceLink(_ id: String) -> TemplateValue {
        guard let index = site.sourceIndex[id] else {
            return ["title": .string(id), "publisher": .string(""), "url": .string(urls.url(for: .source(id)))]
        }
        let source = site.sources[index]
        return .object(TemplateObject([.init("title", .string(source.title)), .init("publisher", .string(source.publisher)), .init("url", .string(sourceURLs[index]))]))
    }

    /// The link a summary holds (`incidentSummary`, `sourceSummary`).
    static func url(in summary: TemplateObject) -> String {
        guard case .string(let url)? = summary["url"] else { preconditionFailure("a summary without its url") }
        return url
    }

    func sourceTitle(_ id: String) -> String { site.sourceIndex[id].map { site.sources[$0].title } ?? id }
}

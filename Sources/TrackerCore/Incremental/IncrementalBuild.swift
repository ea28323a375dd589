import Foundation

/// The preview's rebuild engine: keeps every decoded content file and the last good output in memory,
/// and after a change re-decodes only the files that changed, links the whole site again (cheap), and
/// re-renders only the pages `PageInvalidation` names. A change to site.yml or the theme renders everything.
/// The result is always a whole site, byte-identical to what a cold build of the same files gives.
public final class IncrementalBuild {
    public struct Output: Sendable {
        /// Every output file of the new build.
        public let files: OutputFiles
        /// Paths added or whose bytes changed, sorted.
        public let changed: [String]
        /// Paths the previous build had and this one has not, sorted.
        public let removed: [String]
        /// True for the first build of the engine.
        public let isFirst: Bool
        public let decodedFiles: Int
        public let renderedPages: Int
        public let seconds: Double
    }

    public enum Outcome: Sendable {
        case built(Output)
        /// Nothing the output depends on changed.
        case unchanged
        /// The last good build is kept.
        case failed(DiagnosticList)
    }

    public let options: BuildOptions
    /// Its `translationCodes` follow site.yml's languages.
    var loader: ContentLoader
    var cache = ContentFileCache()
    /// The cached files' paths of each folder in order (incidents, sources, pages, cases, translations), kept
    /// between the rebuilds that link the site again.
    var pathOrders = [SortedPaths](repeating: SortedPaths(), count: 5)
    /// The hash of site.yml's bytes as last read (nil inside: the file was missing); nil before the first read.
    var configHash: ContentHash.Digest??
    var config: (config: SiteConfig, diagnostics: [Diagnostic], unread: Bool) = (SiteConfig(title: "", baseURL: "/"), [], false)
    var theme: Result<Theme, DiagnosticList>?
    var last: (renderer: SiteRenderer, files: OutputFiles)?
    /// Files changed since the last good build: a failed rebuild keeps them for the next one.
    var pendingIncidents: Set<String> = []
    var pendingSources: Set<String> = []
    var pendingPages: Set<String> = []
    var pendingTranslations: Set<String> = []
    /// Court cases are few: a changed case links the site again (never patched).
    var pendingCases: Set<String> = []
    /// Incidents and sources (their files' paths) whose git history changed since the last good build, with
    /// nothing else: their pages, and `/changes/` with its feed, are rendered again.
    var pendingHistory: Set<String> = []
    /// The history was read again since the last good build: `/changes/` and its feed are rendered again.
    var pendingChangesPages = false
    var pendingEverything = true
    /// The files copied as they are, listed again when `static/` or a bundle's files change.
    var staticFiles: [SiteFile]?
    var bundleFiles: [BundleFile]?
    /// A copied file came, went or changed since the last good build: the site is linked again and every file copied again.
    var pendingFiles = true
    /// The paths the changes since the last good build named (`SiteFile.path`: a file, or a folder holding files), of
    /// which a copied file is read again to tell whether it changed; nil: every copied file is. Read again at every
    /// change of `static/`, a tracker's archive of scans and videos (gigabytes) was read whole for a CSS fix.
    var changedCopies: Set<String>?
    /// The copied files reached through a symbolic link (the file, or a folder above it, is one): a change to what
    /// they lead to is named by another path, or none, so they are read again whenever the copies are.
    var linkedCopies: Set<String> = []
    /// The dead links of `.tracker-cache/links.json` as last read; nil before the first read.
    var deadLinks: [String: LinkRecord]?
    /// The git state the history was last read at, and that history (`GitHistory`); read at the first
    /// rebuild and again whenever the watcher reports `GitHistory.changeMarker` (a commit, a checkout).
    var gitState: GitHistory.State?
    var history: SiteHistory?
    var historyRead = false
    /// The pages of the last failed rebuild that repeat an id, by the path its diagnostics name, for the error overlay
    /// (the preview never writes them out).
    public private(set) var failedPages: [String: Data] = [:]
    /// Whether the last rebuild could skip linking, for tests and reports.
    public private(set) var lastRebuildPatched = false
    /// Where the last rebuild spent its time (milliseconds by step), for `TRACKER_SERVE_TIMINGS=1`.
    public private(set) var lastTimings: [(step: String, milliseconds: Double)] = []
    /// The three slowest pages of the last rebuild, for the same report.
    public private(set) var slowestPages: [(path: String, milliseconds: Double)] = []
    private var stepStarted = Date()

    private func step(_ name: String) {
        let now = Date()
        lastTimings.append((name, now.timeIntervalSince(stepStarted) * 1000))
        stepStarted = now
    }

    /// The pages of single items, kept out of the heap between rebuilds (nil: in memory).
    public let pageStore = PageStore.make()

    public init(options: BuildOptions) {
        self.options = options
        var loader = ContentLoader(siteDirectory: options.siteDirectory)
        loader.baseURLOverride = options.baseURL
        // Bodies wait on disk until their page is rendered again, as in a full build (`BodySpill`).
        loader.bodySpill = BodySpill.make()
        loader.boundary = SiteBoundary(siteDirectory: options.siteDirectory)
        self.loader = loader
    }

    /// Rebuilds after the given paths (relative to the site folder) changed; nil means look at everything.
    public func rebuild(changedPaths: Set<String>?) -> Outcome {
        let started = Date()
        lastTimings = []
        stepStarted = started
        let paths = changedPaths ?? ["content", "templates", "static", ThemeStrings.siteFolder]
        var contentPaths: Set<String> = []
        var configMayHaveChanged = theme == nil
        var themeMayHaveChanged = theme == nil
        if changedPaths == nil {
            changedCopies = nil
        } else if changedCopies != nil {
            for path in paths where path.hasPrefix("content") || path.hasPrefix(ContentFiles.staticFolder) {
                changedCopies?.insert(loader.displayPath(path))
            }
        }
        for path in paths {
            if path == "content" || path == "content/site.yml" { configMayHaveChanged = true }
            if path == "content" { contentPaths.formUnion(ContentLoader.ContentFolder.allCases.map(\.rawValue)) }
            if path.hasPrefix("templates") || path.hasPrefix(ThemeStrings.siteFolder) { themeMayHaveChanged = true }
            if path == ContentFiles.staticFolder || path.hasPrefix(ContentFiles.staticFolder + "/") { staticFiles = nil }
            if path.hasPrefix("content/") { contentPaths.insert(path) }
        }
        if changedPaths == nil || paths.contains(where: { $0.hasPrefix(BuildCache.folderName) }) {
            let dead = LinkCache.load(siteDirectory: options.siteDirectory).dead
            if dead != deadLinks {
                deadLinks = dead
                pendingEverything = true
            }
        }
        if !historyRead || changedPaths == nil || paths.contains(GitHistory.changeMarker) {
            let state = GitHistory.state(siteDirectory: options.siteDirectory)
            if !historyRead || state != gitState {
                gitState = state
                var reader = loader
                reader.gitState = .known(state)
                let previous = history
                history = reader.readHistory()?.history
                step("git history")
                // A commit changes the history of the records it touched: their pages are rendered again. When the
                // history appeared, went or became complete, every record's page shows it otherwise: everything is.
                if historyRead, let changed = SiteHistory.changedRecords(from: previous, to: history,
                                                                          among: Array(cache.incidents.keys) + Array(cache.sources.keys)) {
                    pendingHistory.formUnion(changed)
                    pendingChangesPages = true
                } else {
                    pendingEverything = true
                }
                historyRead = true
                step("records' history")
            }
        }
        var decoded = 0
        if configMayHaveChanged && reloadConfig() {
            cache.loadAll(loader, options: decodeOptions)
            decoded = cache.decodedCount
            pendingEverything = true
            bundleFiles = nil
        } else if !contentPaths.isEmpty {
            cache.refresh(paths: contentPaths, loader: loader, options: decodeOptions, bundleFiles: bundleFiles)
            decoded = cache.decodedCount
            if cache.bundleFilesChanged { bundleFiles = nil }
            pendingIncidents.formUnion(cache.changedIncidentPaths)
            pendingSources.formUnion(cache.changedSourcePaths)
            pendingPages.formUnion(cache.changedPagePaths)
            pendingTranslations.formUnion(cache.changedTranslationPaths)
            pendingCases.formUnion(cache.changedCasePaths)
        }
        if themeMayHaveChanged {
            let previous = try? theme?.get().fingerprint
            theme = Theme.load(siteDirectory: options.siteDirectory)
            if (try? theme?.get().fingerprint) != previous { pendingEverything = true }
        }
        guard let theme else { preconditionFailure("the first rebuild loads the theme") }
        var listed = false
        if staticFiles == nil {
            staticFiles = ContentFiles.staticFiles(loader)
            pendingFiles = true
            listed = true
        }
        if bundleFiles == nil {
            bundleFiles = ContentLoader.ContentFolder.allCases.flatMap { ContentFiles(folder: $0, loader: loader).bundleFiles }
            pendingFiles = true
            listed = true
        }
        if listed {
            let paths = (staticFiles ?? []).map(\.path) + (bundleFiles ?? []).map(\.path)
            linkedCopies = Set(paths.filter { FileTree.passesThroughLink($0, below: options.siteDirectory) })
        }
        if !pendingEverything && !pendingFiles && pendingIncidents.isEmpty && pendingSources.isEmpty && pendingPages.isEmpty
            && pendingTranslations.isEmpty && pendingCases.isEmpty && pendingHistory.isEmpty && !pendingChangesPages {
            return .unchanged
        }
        step("read")
        lastRebuildPatched = false
        let renderer: SiteRenderer
        if let patched = patchedRenderer() {
            renderer = patched
            lastRebuildPatched = true
        } else {
            switch link(theme: theme) {
            case .failure(let list): return .failed(list)
            case .success(let (site, theme)): renderer = makeRenderer(site, theme)
            }
        }
        step(lastRebuildPatched ? "summaries" : "link")
        let output: Output
        switch render(renderer, decoded: decoded, started: started) {
        case .failure(let list): return .failed(list)
        case .success(let built): output = built
        }
        pendingIncidents = []
        pendingSources = []
        pendingPages = []
        pendingTranslations = []
        pendingCases = []
        pendingHistory = []
        pendingChangesPages = false
        pendingEverything = false
        pendingFiles = false
        changedCopies = []
        return .built(output)
    }

    /// The last site with the changed files put in place, when they are all valid and none can change the graph.
    func patchedRenderer() -> SiteRenderer? {
        guard let last, !pendingEverything, !pendingFiles, pendingCases.isEmpty, case .success(let theme)? = theme else { return nil }
        func values<Value>(_ paths: Set<String>, _ entries: [String: ContentFileCache.Entry<Value>]) -> [Value]? {
            var values: [Value] = []
            for path in paths {
                guard let result = entries[path]?.result, result.valid, let value = result.value else { return nil }
                values.append(value)
            }
            return values
        }
        // A file holding an error that holds only if one of its ids names a source (a link whose text is a
        // citation: `Decoded.ifSource`) is linked again, where the linker decides.
        func conditional<Value>(_ paths: Set<String>, _ entries: [String: ContentFileCache.Entry<Value>]) -> Bool {
            paths.contains { entries[$0]?.result.ifSource.isEmpty == false }
        }
        guard !conditional(pendingIncidents, cache.incidents), !conditional(pendingSources, cache.sources),
              !conditional(pendingPages, cache.pages), !conditional(pendingTranslations, cache.translations) else { return nil }
        guard let incidents = values(pendingIncidents, cache.incidents)?.compactMap(\.incident),
              incidents.count == pendingIncidents.count,
              let sources = values(pendingSources, cache.sources), let pages = values(pendingPages, cache.pages),
              var site = SitePatch.apply(to: last.renderer.site, incidents: incidents, sources: sources, pages: pages) else { return nil }
        site.history = history
        // Every item keeps its index: each language's translations are where they were, the changed ones put in place.
        // What the linker checks of a translation against its original (its timeline's dates, its cited sources) is
        // what a patch of either keeps.
        guard let translated = patchedTranslations(of: last.renderer.site) else { return nil }
        site.editions = translated.editions
        step("patch site")
        // A patched site keeps every index, so only the changed summaries are made again.
        let old = last.renderer
        let urls = SiteURLs(config: site.config)
        let localization = theme.localization(site.config.language)
        var summaries = old.summaries
        for incident in incidents { summaries[site.incidentIndex[incident.id]!] = SiteRenderer.incidentSummary(incident, urls: urls, localization: localization) }
        var sourceSummaries = old.sourceSummaries
        for source in sources {
            let index = site.sourceIndex[source.id]!
            sourceSummaries[index] = SiteRenderer.sourceSummary(source, urls: urls, citedCount: site.citedBy[index].count, localization: localization)
        }
        // Every index stays, so the fragment caches are shared with the old renderer, the changed items' fragments forgotten.
        let changed = Set(incidents.map { site.incidentIndex[$0.id]! })
        let changedSources = Set(sources.map { site.sourceIndex[$0.id]! })
        // The timeline entries of the changed incidents and of those citing a changed source in an event; a
        // proceeding's entry is never kept: cases are few, and its sources may have changed.
        func staleEvents(_ incidents: Set<Int>, citing sources: Set<Int>) -> [Int] {
            var stale = incidents
            for source in sources {
                for citing in site.citedBy[source] where !citing.events.isEmpty { stale.insert(citing.incident) }
            }
            return site.timeline.indices.filter { site.timeline[$0].proceeding || stale.contains(site.timeline[$0].incident) }
        }
        let events = staleEvents(changed, citing: changedSources)
        // An incident's STOP row shows its sources' addresses and kinds.
        let citing = changedSources.flatMap { site.citedBy[$0].map(\.incident) }
        let fragments = old.fragments.forgetting(incidents: Array(changed), sources: Array(changedSources), events: events,
                                                 citing: citing, incidentCount: site.incidents.count)
        // The site-wide figures (chart, filters, duration scale, ongoing counts) stay unless a changed
        // incident's dates, type or status moved.
        let figuresStay = incidents.allSatisfy { incident in
            let before = old.site.incidents[site.incidentIndex[incident.id]!]
            return before.start == incident.start && before.end == incident.end && before.lastKnownDate == incident.lastKnownDate
                && before.type == incident.type && before.status == incident.status
        }
        // Each other language's renderer keeps its own the same way, its changed translations' items made again too
        // (a source's title shows in the timeline's entries citing it).
        let editions = old.editions.enumerated().map { number, before in
            let inLanguage = site.inLanguage(number)
            let marks = SiteRenderer.UntranslatedMarks(site: inLanguage, theme: theme, edition: site.editions[number])
            let (changed, changedSources) = (changed.union(translated.incidents[number]), changedSources.union(translated.sources[number]))
            var summaries = before.summaries
            for index in changed { summaries[index] = marks.incidentSummary(inLanguage, index) }
            var sourceSummaries = before.sourceSummaries
            for index in changedSources { sourceSummaries[index] = marks.sourceSummary(inLanguage, index) }
            let events = staleEvents(changed, citing: changedSources)
            return SiteRenderer(site: inLanguage, theme: theme, options: renderOptions, summaries: summaries, sourceSummaries: sourceSummaries,
                                fragments: before.fragments.forgetting(incidents: Array(changed), sources: Array(changedSources), events: events,
                                                                       citing: citing, incidentCount: site.incidents.count),
                                figures: figuresStay ? (before.memos, before.durationScaleStorage) : nil, edition: site.editions[number])
        }
        return SiteRenderer(site: site, theme: theme, options: renderOptions, summaries: summaries, sourceSummaries: sourceSummaries,
                            fragments: fragments, figures: figuresStay ? (old.memos, old.durationScaleStorage) : nil, editions: editions)
    }

    /// `site`'s translations with the pending ones in their places, and the indices of each language's incidents and
    /// sources whose translation changed; nil when one was added or removed, is not valid, or changed something the
    /// linker checks of it (`SiteLinker.checkTranslations`, `checkCitations`): its timeline's dates, the sources its
    /// body cites, its body's links and headings. The site is then linked again.
    func patchedTranslations(of site: Site) -> (editions: [SiteEdition], incidents: [Set<Int>], sources: [Set<Int>])? {
        var editions = site.editions
        var incidents = [Set<Int>](repeating: [], count: editions.count), sources = incidents
        var pageIndex: [String: Int] = [:]
        if pendingTranslations.contains(where: { ContentLoader.folder(ofFile: $0) == .pages }) {
            pageIndex = Dictionary(site.pages.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        }
        for path in pendingTranslations {
            guard let result = cache.translations[path]?.result, result.valid, let translation = result.value,
                  let number = editions.firstIndex(where: { $0.language.code == translation.language }) else { return nil }
            // The same file's earlier version, which the linker passed.
            func replaces(_ old: Translation?) -> Bool {
                guard let old, old.path == translation.path, old.id == translation.id else { return false }
                switch (old.body, translation.body) {
                case (nil, nil): break
                case let (before?, after?): guard before.citedSourceIDs == after.citedSourceIDs, before.keepsLinkChecks(after) else { return false }
                default: return false
                }
                return old.timeline?.map(\.date) == translation.timeline?.map(\.date)
            }
            let edition = editions[number]
            var (incidentTranslations, sourceTranslations, pageTranslations) = (edition.incidents, edition.sources, edition.pages)
            switch ContentLoader.folder(ofFile: path) {
            case .incidents?:
                guard let index = site.incidentIndex[translation.id], replaces(edition.incidents[index]) else { return nil }
                incidentTranslations[index] = translation
                incidents[number].insert(index)
            case .sources?:
                guard let index = site.sourceIndex[translation.id], replaces(edition.sources[index]) else { return nil }
                sourceTranslations[index] = translation
                sources[number].insert(index)
            case .pages?:
                guard let index = pageIndex[translation.id], replaces(edition.pages[index]) else { return nil }
                pageTranslations[index] = translation
            default: return nil
            }
            editions[number] = SiteEdition(language: edition.language, incidents: incidentTranslations, sources: sourceTranslations, pages: pageTranslations)
        }
        return (editions, incidents, sources)
    }

    /// For each entry of `site`'s timeline, its position in `old`'s, when its event can have rendered the
    /// same: the incident did not change (`earlier`) and no source the event shows changed.
    static func earlierEvents(_ old: Site, _ site: Site, earlier: [Int?], changedSources: Set<String>) -> [Int?] {
        // Old timeline positions by (incident, event), flat: incident j's events start at first[j].
        var first = [Int](repeating: 0, count: old.incidents.count + 1)
        for index in old.incidents.indices { first[index + 1] = first[index] + old.incidents[index].timeline.count }
        var position = [Int](repeating: -1, count: first[old.incidents.count])
        for (at, entry) in old.timeline.enumerated() where !entry.proceeding { position[first[entry.incident] + entry.event] = at }
        var stale: Set<Int> = []
        for id in changedSources {
            guard let source = old.sourceIndex[id] else { continue }
            for citing in old.citedBy[source] where !citing.events.isEmpty { stale.insert(citing.incident) }
        }
        return site.timeline.map { entry -> Int? in
            guard !entry.proceeding, let before = earlier[entry.incident], !stale.contains(before),
                  entry.event < first[before + 1] - first[before] else { return nil }
            let at = position[first[before] + entry.event]
            return at >= 0 ? at : nil
        }
    }

    /// A renderer that reuses the summaries of the incidents and sources that did not change.
    func makeRenderer(_ site: Site, _ theme: Theme) -> SiteRenderer {
        guard let old = last?.renderer, !pendingEverything else { return SiteRenderer(site: site, theme: theme, options: renderOptions) }
        let urls = SiteURLs(config: site.config)
        let localization = theme.localization(site.config.language)
        let changedIncidents = Set(pendingIncidents.map(ContentLoader.id(ofFile:)))
        let changedSources = Set(pendingSources.map(ContentLoader.id(ofFile:)))
        // An incident that did not change keeps its summary and its rendered fragments, whatever its new index;
        // one citing a changed source does not (its export records count the sources' origins).
        var stale = changedIncidents
        for id in changedSources {
            for graph in [old.site, site] {
                guard let source = graph.sourceIndex[id] else { continue }
                for citing in graph.citedBy[source] { stale.insert(graph.incidents[citing.incident].id) }
            }
        }
        let earlier = site.incidents.map { stale.contains($0.id) ? nil : old.site.incidentIndex[$0.id] }
        let summaries = zip(site.incidents, earlier).map { incident, index in
            index.map { old.summaries[$0] } ?? SiteRenderer.incidentSummary(incident, urls: urls, localization: localization)
        }
        let sourceSummaries = site.sources.enumerated().map { index, source in
            let citedCount = site.citedBy[index].count
            if !changedSources.contains(source.id), let before = old.site.sourceIndex[source.id], old.site.citedBy[before].count == citedCount {
                return old.sourceSummaries[before]
            }
            return SiteRenderer.sourceSummary(source, urls: urls, citedCount: citedCount, localization: localization)
        }
        let earlierSources = site.sources.map { changedSources.contains($0.id) ? nil : old.site.sourceIndex[$0.id] }
        let fragments = old.fragments.carried(from: old.site, to: earlier, sources: earlierSources,
                                              events: Self.earlierEvents(old.site, site, earlier: earlier, changedSources: changedSources))
        return SiteRenderer(site: site, theme: theme, options: renderOptions, summaries: summaries, sourceSummaries: sourceSummaries,
                            fragments: fragments, editions: editionRenderers(old: old, site: site, theme: theme, stale: stale, changedSources: changedSources))
    }

    /// The renderers of `site`'s other languages after it was linked again, each keeping what its old renderer made
    /// for the items that did not change, as the default language's does, nor their translation; nil (made anew)
    /// when the site's languages changed.
    func editionRenderers(old: SiteRenderer, site: Site, theme: Theme, stale: Set<String>, changedSources: Set<String>) -> [SiteRenderer]? {
        guard !site.editions.isEmpty, old.editions.map(\.language.code) == site.editions.map(\.language.code) else { return nil }
        // A changed translation (or one added or removed) changes its item in that language.
        var translated: [String: (incidents: Set<String>, sources: Set<String>)] = [:]
        for path in pendingTranslations {
            guard let folder = ContentLoader.folder(ofFile: path),
                  let code = ContentFiles.translationLanguage(ofFile: ContentLoader.fileName(path), codes: loader.translationCodes) else { continue }
            let id = ContentLoader.original(ofTranslation: path, code: code).id
            if folder == .incidents { translated[code, default: ([], [])].incidents.insert(id) }
            if folder == .sources { translated[code, default: ([], [])].sources.insert(id) }
        }
        return site.editions.indices.map { number in
            let before = old.editions[number]
            let inLanguage = site.inLanguage(number)
            let marks = SiteRenderer.UntranslatedMarks(site: inLanguage, theme: theme, edition: site.editions[number])
            let changes = translated[site.editions[number].language.code] ?? ([], [])
            // A source's translation is only text: the origins its citing incidents count stay (`makeRenderer`).
            let changedSources = changedSources.union(changes.sources)
            let stale = stale.union(changes.incidents)
            let earlier = inLanguage.incidents.map { stale.contains($0.id) ? nil : before.site.incidentIndex[$0.id] }
            let summaries = earlier.enumerated().map { index, at in at.map { before.summaries[$0] } ?? marks.incidentSummary(inLanguage, index) }
            let sourceSummaries = inLanguage.sources.enumerated().map { index, source in
                if !changedSources.contains(source.id), let at = before.site.sourceIndex[source.id],
                   before.site.citedBy[at].count == inLanguage.citedBy[index].count {
                    return before.sourceSummaries[at]
                }
                return marks.sourceSummary(inLanguage, index)
            }
            let earlierSources = inLanguage.sources.map { changedSources.contains($0.id) ? nil : before.site.sourceIndex[$0.id] }
            let fragments = before.fragments.carried(from: before.site, to: earlier, sources: earlierSources,
                                                     events: Self.earlierEvents(before.site, inLanguage, earlier: earlier, changedSources: changedSources))
            return SiteRenderer(site: inLanguage, theme: theme, options: renderOptions, summaries: summaries, sourceSummaries: sourceSummaries,
                                fragments: fragments, edition: site.editions[number])
        }
    }

    /// The preview keeps each item's fragments of the site-wide pages for its next rebuild.
    var renderOptions: RenderOptions {
        var render = options.render
        render.keepsItemFragments = true
        render.fragmentStore = pageStore
        return render
    }

    var decodeOptions: DecodeOptions { loader.decodeOptions(config.config) }

    /// Reads site.yml again; true when its bytes changed (every file is then decoded again: it holds the Markdown options and the custom fields).
    func reloadConfig() -> Bool {
        let data = FileManager.default.contents(atPath: loader.displayPath("content/site.yml"))
        let hash = data.map(ContentFileCache.hash)
        if let configHash, configHash == hash { return false }
        configHash = hash
        config = loader.loadConfig()
        loader.translationCodes = config.config.otherLanguages.map(\.code)
        loader.rejectedTranslationCodes = config.config.rejectedLanguageCodes
        return true
    }

    /// The cached files put together and linked as a full load is (`ContentLoader.assemble`, `SiteBuilder.link`).
    func link(theme: Result<Theme, DiagnosticList>) -> Result<(Site, Theme), DiagnosticList> {
        let content = assembled()
        let linked = SiteBuilder.link(content, theme: theme, options: options)
        // What the site does not keep of it is freed on another thread, as a build frees it.
        freeInBackground(consume content)
        return linked
    }

    /// The cached files put together as a full load puts the files it reads.
    private func assembled() -> LoadedContent {
        if config.unread { return loader.configErrorsOnly(config.config, config.diagnostics) }
        var content = loader.assemble(config: config.config, configDiagnostics: config.diagnostics,
                                      incidents: pathOrders[0].entries(cache.incidents), sources: pathOrders[1].entries(cache.sources),
                                      pages: pathOrders[2].entries(cache.pages), cases: pathOrders[3].entries(cache.cases),
                                      translations: pathOrders[4].entries(cache.translations))
        content.staticFiles = staticFiles ?? []
        content.bundleFiles = bundleFiles ?? []
        content.deadLinks = deadLinks ?? [:]
        content.history = history
        return content
    }

    /// Renders the pages the changes reach; fails, keeping the last good build, when one of them repeats an id.
    func render(_ renderer: SiteRenderer, decoded: Int, started: Date) -> Result<Output, DiagnosticList> {
        var jobs: [PageKind]
        var files = last?.files ?? OutputFiles()
        var removed: [String] = []
        if let last, !pendingEverything {
            var invalidation = PageInvalidation(old: last.renderer, new: renderer)
            for path in pendingIncidents { invalidation.incidentChanged(ContentLoader.id(ofFile: path)) }
            for path in pendingSources { invalidation.sourceChanged(ContentLoader.id(ofFile: path)) }
            for path in pendingPages { invalidation.pageChanged(ContentLoader.id(ofFile: path)) }
            for path in pendingCases { invalidation.caseChanged(ContentLoader.id(ofFile: path)) }
            historyChanged(&invalidation)
            invalidation.globalsChanged()
            invalidation.sitemapPartsChanged()
            jobs = invalidation.everything ? renderer.jobs() : Array(invalidation.jobs)
            if !invalidation.everything, let translated = translatedPages(old: last.renderer, new: renderer) {
                jobs += translated
            } else if !renderer.editions.isEmpty {
                jobs = renderer.jobs()
            }
            if pendingFiles && !invalidation.everything {
                // Copying is cheap next to rendering: every file is read again and compared.
                jobs += renderer.site.files.indices.map(PageKind.file)
            }
            if (invalidation.structureChanged || pendingFiles) && !invalidation.everything {
                let all = renderer.jobs()
                let paths = Set(all.map(renderer.path(of:)))
                removed = last.files.paths.filter { !paths.contains($0) }
                let named = Set(jobs)
                jobs += all.filter { !named.contains($0) && last.files[renderer.path(of: $0)] == nil }
            }
            if invalidation.everything { removed = Self.removedPaths(last.files, renderer) }
        } else {
            jobs = renderer.jobs()
            if let last { removed = Self.removedPaths(last.files, renderer) }
        }
        // Site-wide pages (the timeline, the exports, the lists) take longest: start them first, one per core.
        jobs.sort { Self.isSiteWide($0) && !Self.isSiteWide($1) }
        step("choose pages")
        let previous = files
        let outputPrefix = options.outputPrefix
        let store = pageStore
        let (namedCopies, linked) = (changedCopies, linkedCopies)
        let rendered = jobs.parallelMap { job in
            let jobStarted = Date()
            let path = renderer.path(of: job)
            if case .file(let i) = job {
                // Served from where it is: read only to tell whether it changed, and only when a change named it.
                let source = renderer.site.files[i].path
                if let before = previous.diskFile(path), before.path == source, let named = namedCopies,
                   !linked.contains(source), !Self.names(named, source) {
                    return (path: path, data: Data(), disk: before as DiskFile?, problems: [Diagnostic](), milliseconds: 0.0, siteWide: false, changed: false)
                }
                let (file, error) = DiskFile.read(source)
                let problems = file != nil ? [] : [SiteBuilder.stopped(outputPrefix + path, SiteFile.copyFailure(renderer.site.files[i].path, error))]
                return (path: path, data: Data(), disk: file, problems: problems, milliseconds: Date().timeIntervalSince(jobStarted) * 1000,
                        siteWide: false, changed: file != previous.diskFile(path))
            }
            let (data, stopReason) = renderer.renderChecked(job, expectedSize: previous[path]?.count ?? 0)
            let siteWide = Self.isSiteWide(job)
            let changed = Self.remadeAnother(job, renderer) || data != previous[path]
            // Only the pages rendered now are checked: the rest passed when they were.
            let problems = if let stopReason {
                [SiteBuilder.stopped(outputPrefix + path, stopReason)]
            } else if job.isHTMLPage && changed {
                data.withUnsafeBytes { DuplicateIDs.diagnostics(path: outputPrefix + path, bytes: $0.assumingMemoryBound(to: UInt8.self)) }
            } else {
                [Diagnostic]()
            }
            // A changed page of one item goes to the store at once, and the buffer it was rendered in is
            // freed before the next page is rendered; an unchanged page's is freed at once too (only a
            // page with problems is shown as it was rendered). Held until every page was done, the first
            // build's buffers (46,088 of at least 64 KB each for 10,000 incidents) took 3 GB of the heap's
            // address space, and the small objects made between them kept 130 MB of it resident for good;
            // so did a template edit's, which renders every page again and changes few.
            let kept = if !problems.isEmpty || (changed && siteWide) {
                data
            } else if changed {
                store?.keep(data) ?? data
            } else {
                Data()
            }
            return (path: path, data: kept, disk: nil as DiskFile?, problems: problems, milliseconds: Date().timeIntervalSince(jobStarted) * 1000,
                    siteWide: siteWide, changed: changed)
        }
        step("render \(jobs.count)")
        let problems = rendered.flatMap(\.problems)
        failedPages = Dictionary(uniqueKeysWithValues: rendered.filter { !$0.problems.isEmpty }.map { (outputPrefix + $0.path, $0.data) })
        guard problems.isEmpty else { return .failure(DiagnosticList(problems)) }
        slowestPages = rendered.sorted { $0.milliseconds > $1.milliseconds }.prefix(3).map { ($0.path, $0.milliseconds) }
        var changed: [String] = []
        for file in rendered where file.changed {
            if let disk = file.disk {
                files.set(file.path, disk)
                changed.append(file.path)
                continue
            }
            files.set(file.path, file.data, siteWide: file.siteWide)
            if file.siteWide && pageStore != nil { unsettled.insert(file.path) }
            changed.append(file.path)
        }
        for path in removed { files.remove(path) }
        // A rebuild that rendered most of the site folds its pages into one map (a few milliseconds next to its seconds).
        if files.changeCount > max(1024, files.count / 8) { files = files.compacted() }
        step("compare")
        let isFirst = last == nil
        retired = last?.renderer
        last = (renderer, files)
        return .success(Output(files: files, changed: changed.sorted(), removed: removed.sorted(), isFirst: isFirst,
                               decodedFiles: decoded, renderedPages: rendered.count, seconds: Date().timeIntervalSince(started)))
    }

    /// The pages of the site's other languages the pending changes reach, each language judged as the default
    /// one is (`PageInvalidation` over its renderers), whether the original or a translation changed; nil when
    /// that is every page.
    func translatedPages(old: SiteRenderer, new: SiteRenderer) -> [PageKind]? {
        guard !new.editions.isEmpty else { return [] }
        guard old.editions.count == new.editions.count else { return nil }
        var ids: [ContentLoader.ContentFolder: Set<String>] = [
            .incidents: Set(pendingIncidents.map(ContentLoader.id(ofFile:))),
            .sources: Set(pendingSources.map(ContentLoader.id(ofFile:))),
            .pages: Set(pendingPages.map(ContentLoader.id(ofFile:))),
        ]
        for path in pendingTranslations {
            guard let folder = ContentLoader.folder(ofFile: path),
                  let code = ContentFiles.translationLanguage(ofFile: ContentLoader.fileName(path), codes: loader.translationCodes) else { continue }
            ids[folder, default: []].insert(ContentLoader.original(ofTranslation: path, code: code).id)
        }
        var jobs: [PageKind] = []
        for (number, (before, after)) in zip(old.editions, new.editions).enumerated() {
            var invalidation = PageInvalidation(old: before, new: after)
            for id in ids[.incidents] ?? [] { invalidation.incidentChanged(id) }
            for id in ids[.sources] ?? [] { invalidation.sourceChanged(id) }
            for id in ids[.pages] ?? [] { invalidation.pageChanged(id) }
            historyChanged(&invalidation)
            invalidation.globalsChanged()
            if invalidation.everything { return nil }
            jobs += invalidation.jobs.filter { after.route(of: $0).isPerLanguage }.map { .translation(number, $0) }
        }
        return jobs
    }

    /// The pages showing the records' history, for the records whose history changed.
    func historyChanged(_ invalidation: inout PageInvalidation) {
        for path in pendingHistory {
            switch ContentLoader.folder(ofFile: path) {
            case .incidents: invalidation.incidentHistoryChanged(ContentLoader.id(ofFile: path))
            case .sources: invalidation.sourceHistoryChanged(ContentLoader.id(ofFile: path))
            default: break
            }
        }
        if pendingChangesPages { invalidation.changesPages() }
    }

    /// Whether the page, one written whole from one cache of kept fragments, wrote again a fragment that differs
    /// from the one it had: then it differs from the last build's, and comparing tens of megabytes (an export
    /// rendered to a file that must be read back) is saved. False when not known: the page is compared.
    static func remadeAnother(_ kind: PageKind, _ renderer: SiteRenderer) -> Bool {
        let fragments = renderer.fragments
        let cache: FragmentCache?
        switch kind {
        case .incidentsJSON: cache = fragments.incidentJSON
        case .incidentsCSV: cache = fragments.incidentCSV
        case .incidentsStopCSV: cache = fragments.incidentStopCSV
        case .incidentRows: cache = fragments.incidentRows
        case .searchIndex: cache = fragments.searchEntries
        default: cache = nil
        }
        return cache?.remadeAnother ?? false
    }

    /// Whether `paths` holds `path` or a folder above it.
    static func names(_ paths: Set<String>, _ path: String) -> Bool {
        var current = Substring(path)
        while true {
            if paths.contains(String(current)) { return true }
            guard let slash = current.lastIndex(of: "/") else { return false }
            current = current[..<slash]
        }
    }

    static func isSiteWide(_ kind: PageKind) -> Bool {
        switch kind {
        case .incident, .incidentCitation, .source, .country, .platform, .page, .alias, .asset, .file: return false
        default: return true
        }
    }

    /// The site-wide pages of the last rebuilds still in the heap, until `settle`.
    var unsettled: Set<String> = []

    /// Moves the site-wide pages the last rebuild made out of the heap (`MappedPage`) and returns every
    /// file of the build, the same bytes, to be served from now on; nil when nothing moved. Writing tens
    /// of megabytes takes a few milliseconds: the preview calls it once the rebuild is announced, off
    /// every waiting path, and the heap copies are freed when the snapshot that served them goes.
    public func settle() -> OutputFiles? {
        guard let last, !unsettled.isEmpty else { return nil }
        let current = last.files
        let paths = unsettled.filter { current[$0] != nil }.sorted()
        unsettled = []
        var files = current
        var moved = false
        for (path, data) in paths.parallelMap({ ($0, MappedPage.keep(current[$0]!)) }) {
            guard let data else { continue }
            files.set(path, data, siteWide: true)
            moved = true
        }
        guard moved else { return nil }
        self.last = (last.renderer, files)
        return files
    }

    /// The renderer the last rebuild replaced, until `releaseRetired`.
    var retired: SiteRenderer?

    /// Frees the renderer the last rebuild replaced (tens of thousands of values: milliseconds), on another
    /// thread. The preview calls it once the rebuild's files are served, off every waiting path.
    public func releaseRetired() {
        guard let value = retired else { return }
        retired = nil
        DispatchQueue.global(qos: .utility).async { withExtendedLifetime(value) {} }
    }

    static func removedPaths(_ files: OutputFiles, _ renderer: SiteRenderer) -> [String] {
        let paths = Set(renderer.jobs().map(renderer.path(of:)))
        return files.paths.filter { !paths.contains($0) }
    }

    /// Renders the current content from scratch, as `tracker build` would, and names the output files
    /// that differ from the incremental result: the check behind the tests and `TRACKER_VERIFY_INCREMENTAL`.
    public func verify() -> [String] {
        guard let last else { return [] }
        guard case .success(let (site, theme)) = SiteBuilder.load(options) else { return ["(the site no longer loads)"] }
        let renderer = SiteRenderer(site: site, theme: theme, options: options.render)
        var differing: Set<String> = []
        var seen: Set<String> = []
        for job in renderer.jobs() {
            let path = renderer.path(of: job)
            seen.insert(path)
            if last.files[path] != renderer.render(job) { differing.insert(path) }
        }
        differing.formUnion(last.files.paths.filter { !seen.contains($0) })
        return differing.sorted()
    }
}

/// A folder's cached files in the order of their paths, as a build lists them. The order is kept for the next
/// time: sorting 10,000 paths (by comparing strings) took a tenth of a rebuild that links the site again, and
/// most such rebuilds (a date changed) add and remove no file. The order is made again when the paths are not
/// the ones it has.
struct SortedPaths {
    private var paths: [String] = []

    /// Each path of `entries` with its decoded result, sorted by path.
    mutating func entries<Value>(_ entries: [String: ContentFileCache.Entry<Value>]) -> [(path: String, result: ContentLoader.Decoded<Value>)] {
        if paths.count == entries.count {
            var list: [(path: String, result: ContentLoader.Decoded<Value>)] = []
            list.reserveCapacity(paths.count)
            for path in paths {
                guard let entry = entries[path] else { break }
                list.append((path, entry.result))
            }
            if list.count == paths.count { return list }
        }
        paths = entries.keys.sorted()
        return paths.map { ($0, entries[$0]!.result) }
    }
}

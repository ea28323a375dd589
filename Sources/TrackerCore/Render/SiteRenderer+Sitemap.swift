import Foundation

/// How much one sitemap file may hold. sitemaps.org allows 50,000 addresses and 50 MB (52,428,800 bytes)
/// uncompressed per file; a site with more has its sitemap split into parts (`sitemap-1.xml`, `sitemap-2.xml`…)
/// that `sitemap.xml`, then a sitemap index, lists: search engines read the index and each part. A part's
/// bytes are reckoned from the built-in template's layout (`SitemapSizing`) and kept under
/// 50,000,000, which leaves a theme room to write a little more for each address.
public struct SitemapLimits: Sendable, Hashable {
    public var addresses: Int
    public var bytes: Int

    public init(addresses: Int, bytes: Int) {
        self.addresses = max(1, addresses)
        self.bytes = bytes
    }

    public static let standard = SitemapLimits(addresses: 50_000, bytes: 50_000_000)
}

/// One address of the sitemap: a page of the site in one language.
struct SitemapEntry: Sendable {
    let location: String
    let lastModified: String?
    /// The page's route in the default language: each language's address of it is one of its alternates.
    let route: Route
    /// The job that writes the page.
    let job: PageKind
}

/// A sitemap too large for one file: the jobs of its pages in the order of their addresses, the ones each part
/// holds, and each part's latest change. A part's entries are made again when it is written: kept for the whole
/// build, the entries of a site of 100,000 incidents (160,000 addresses) took 29 MB.
struct SitemapSplit: Sendable {
    let jobs: [PageKind]
    let parts: [Range<Int>]
    /// Each part's latest `lastmod`, which the index gives it.
    let latest: [String?]
}

/// The bytes of an entry as the built-in template writes it (`<url><loc>…</loc><lastmod>…</lastmod>`, an
/// `xhtml:link` for each language and `x-default`, and the line break; every value escaped as the template
/// escapes it), reckoned from its address and `lastmod` alone. An entry's address is the base, its language's
/// folder (`ur/`) and its page's location; each alternate's `href` is the base, that language's folder and the
/// same location. So the alternates add the same bytes to every entry, plus the location once for each.
/// Made by the renderer of the default language, whose addresses have no folder but a translation's.
struct SitemapSizing {
    /// The base URL, escaped.
    let base: Int
    /// The folder of edition `n` (`Site.editions`), percent-encoded and escaped: how a `.translation(n, _)`
    /// job's address starts after the base.
    let folders: [Int]
    /// How many alternates an entry has (the site's languages and `x-default`; none in one language), and
    /// their bytes but the page's location.
    let alternates: Int
    let alternatesBytes: Int

    init(_ renderer: SiteRenderer) {
        func folder(_ code: String?) -> Int { code.map { SiteRenderer.xmlEscapedCount(SiteURLs.encoded($0 + "/")) } ?? 0 }
        let base = SiteRenderer.xmlEscapedCount(renderer.urls.base)
        self.base = base
        folders = renderer.site.editions.map { folder($0.language.code) }
        let languages = renderer.sitemapLanguages
        alternates = languages.isEmpty ? 0 : languages.count + 1
        alternatesBytes = languages.isEmpty ? 0 : languages.reduce(0) { bytes, language in
            bytes + SiteRenderer.alternateLayout + SiteRenderer.xmlEscapedCount(language.code) + base + folder(language.urls.language)
        } + SiteRenderer.alternateLayout + SiteRenderer.xmlEscapedCount("x-default") + base + folder(renderer.urls.language)
    }

    /// The bytes of the entry at `location` (`job`'s page, which tells its folder) with `lastModified`.
    func size(location: String, lastModified: String?, job: PageKind) -> Int {
        let escaped = SiteRenderer.xmlEscapedCount(location)
        var size = SiteRenderer.entryLayout + escaped
        if let lastModified { size += SiteRenderer.lastModifiedLayout + lastModified.utf8.count }
        if alternates > 0 {
            var page = escaped - base
            if case .translation(let edition, _) = job { page -= folders[edition] }
            size += alternatesBytes + alternates * page
        }
        return size
    }
}

extension SiteRenderer {
    /// Every page worth indexing, in every language, sorted by address: every HTML page but the not-found
    /// page, the alias pages (each says where its incident is), the search page and a list's later pages.
    func sitemapEntries() -> [SitemapEntry] {
        var entries: [SitemapEntry] = []
        for job in PageKind.all(in: site, theme: theme) {
            if let entry = sitemapEntry(of: job) { entries.append(entry) }
        }
        entries.sort { $0.location < $1.location }
        return entries
    }

    /// A job's page as a sitemap entry; nil when the sitemap leaves it out.
    private func sitemapEntry(of job: PageKind) -> SitemapEntry? {
        guard let kind = Self.sitemapKind(job) else { return nil }
        return SitemapEntry(location: urls.absoluteURL(for: route(of: job)), lastModified: sitemapLastModified(kind), route: route(of: kind), job: job)
    }

    /// The `lastmod` of a page (`sitemapKind`): the day an incident was last known of, a source was accessed or
    /// published, a case last moved; nil for the other pages.
    private func sitemapLastModified(_ kind: PageKind) -> String? {
        switch kind {
        case .incident(let index): site.incidents[index].lastKnownDate.earliestDay
        case .source(let index): (site.sources[index].accessed ?? site.sources[index].published).earliestDay
        case .legalCase(let index): site.cases.all[index].lastKnownDate?.earliestDay
        default: nil
        }
    }

    /// The page a job writes, in the default language, when it is in the sitemap; nil when it is not.
    static func sitemapKind(_ job: PageKind) -> PageKind? {
        guard job.isHTMLPage else { return nil }
        var kind = job
        if case .translation(_, let inner) = job { kind = inner }
        switch kind {
        case .notFound, .alias, .search, .listPage: return nil
        default: return kind
        }
    }

    /// A page's address in each language of a multilingual site, then `x-default` (the default language's): an
    /// entry's alternates, from its `route` in the default language. None in a site of one language.
    static func alternates(of route: Route, languages: [(code: String, urls: SiteURLs)], urls: SiteURLs) -> [(hreflang: String, href: String)] {
        guard !languages.isEmpty else { return [] }
        return languages.map { ($0.code, $0.urls.absoluteURL(for: route)) } + [("x-default", urls.absoluteURL(for: route))]
    }

    /// Each language of a multilingual site with its links (none for a site in one language): the alternates
    /// of every entry.
    var sitemapLanguages: [(code: String, urls: SiteURLs)] {
        languageRoots.enumerated().map { number, entry in (entry.language.code, urls.inLanguage(number == 0 ? nil : entry.language.code)) }
    }

    /// The sitemap's parts when it does not fit one file (`RenderOptions.sitemapLimits`); nil when it does.
    /// Worked out once per renderer, by `jobs()`, the preview's rebuild or the sitemap's rendering, whichever
    /// asks first; `jobs`, when given, are the site's jobs (`PageKind.all` and more), not listed again.
    /// Before any page is written, so on both cores: only each page's address is made (entries are made when
    /// their part is written), and an entry's size is reckoned from it (`SitemapSizing`).
    func sitemapSplit(among jobs: [PageKind]? = nil) -> SitemapSplit? {
        sitemapSplitMemo.value {
            let limits = options.sitemapLimits
            let jobs = jobs ?? PageKind.all(in: site, theme: theme)
            // Most sites are far from the limits: told from a bound on every address's length, without making them.
            if sitemapFitsOneFile(limits, among: jobs) { return nil }
            let pages = sitemapPagesInOrder(jobs.filter { Self.sitemapKind($0) != nil })
            let room = limits.bytes - Self.headLayout
            var parts: [Range<Int>] = []
            var latest: [String?] = []
            var start = 0
            var bytes = 0
            var newest: String?
            for (index, page) in pages.enumerated() {
                let (size, lastModified) = (page.size, page.lastModified)
                if index > start, index - start == limits.addresses || bytes + size > room {
                    parts.append(start ..< index)
                    latest.append(newest)
                    start = index
                    bytes = 0
                    newest = nil
                }
                bytes += size
                if let lastModified, newest.map({ lastModified > $0 }) ?? true { newest = lastModified }
            }
            parts.append(start ..< pages.count)
            latest.append(newest)
            guard parts.count > 1 else { return nil }
            return SitemapSplit(jobs: pages.map(\.job), parts: parts, latest: latest)
        }
    }

    /// A page of the sitemap as its split needs it: its job, address, entry's bytes and `lastmod`.
    struct SitemapPage: Sendable {
        let job: PageKind
        let location: String
        let size: Int
        let lastModified: String?
    }

    /// The pages of `jobs` (each in the sitemap) sorted by address, the order `sitemapEntries` gives (addresses
    /// are unique). Each half is measured and sorted on its own core, then the two are merged: at 160,000
    /// addresses this was a fifth of a second with a core idle.
    private func sitemapPagesInOrder(_ jobs: [PageKind]) -> [SitemapPage] {
        let sizing = SitemapSizing(self)
        let measure = { @Sendable [self] (range: Range<Int>) -> [SitemapPage] in
            var pages: [SitemapPage] = []
            pages.reserveCapacity(range.count)
            for job in jobs[range] {
                let location = urls.absoluteURL(for: route(of: job))
                let lastModified = sitemapLastModified(Self.sitemapKind(job)!)
                pages.append(SitemapPage(job: job, location: location,
                                         size: sizing.size(location: location, lastModified: lastModified, job: job),
                                         lastModified: lastModified))
            }
            pages.sort { $0.location < $1.location }
            return pages
        }
        let half = jobs.count / 2
        let (first, second) = concurrently({ measure(0 ..< half) }, { measure(half ..< jobs.count) })
        var merged: [SitemapPage] = []
        merged.reserveCapacity(jobs.count)
        var (left, right) = (0, 0)
        while left < first.count, right < second.count {
            if second[right].location < first[left].location {
                merged.append(second[right])
                right += 1
            } else {
                merged.append(first[left])
                left += 1
            }
        }
        merged.append(contentsOf: first[left...])
        merged.append(contentsOf: second[right...])
        return merged
    }

    /// The jobs of the sitemap's parts (none when one file holds it).
    func sitemapPartJobs(among jobs: [PageKind]? = nil) -> [PageKind] {
        guard let split = sitemapSplit(among: jobs) else { return [] }
        return split.parts.indices.map { .sitemapPart($0 + 1) }
    }

    /// Whether the whole sitemap surely fits one file: its number of addresses, and a bound on its bytes from
    /// the longest id or slug (each of its bytes percent-encoded at worst) and the longest language code.
    private func sitemapFitsOneFile(_ limits: SitemapLimits, among jobs: [PageKind]) -> Bool {
        let count = jobs.count { Self.sitemapKind($0) != nil }
        guard count <= limits.addresses else { return false }
        var longestName = 0
        for id in site.incidents.lazy.map(\.id) { longestName = max(longestName, id.utf8.count) }
        for id in site.sources.lazy.map(\.id) { longestName = max(longestName, id.utf8.count) }
        for id in site.pages.lazy.map(\.id) { longestName = max(longestName, id.utf8.count) }
        for id in site.cases.all.lazy.map(\.id) { longestName = max(longestName, id.utf8.count) }
        for slug in site.countries.lazy.map(\.slug) { longestName = max(longestName, slug.utf8.count) }
        for slug in site.platforms.lazy.map(\.slug) { longestName = max(longestName, slug.utf8.count) }
        let languages = sitemapLanguages
        let longestCode = languages.map(\.code.utf8.count).max() ?? 0
        // The base, the language's folder, the section's folder ("incidents/"), the name percent-encoded, "/".
        let location = Self.xmlEscapedCount(urls.base) + longestCode + 1 + 32 + 3 * longestName + 1
        let alternates = languages.isEmpty ? 0 : (languages.count + 1) * (Self.alternateLayout + max(longestCode, "x-default".utf8.count) + location)
        let entry = Self.entryLayout + location + Self.lastModifiedLayout + 10 + alternates
        let (bytes, overflow) = count.multipliedReportingOverflow(by: entry)
        return !overflow && bytes <= limits.bytes - Self.headLayout
    }

    /// The bytes the built-in template writes around an entry (`  <url><loc></loc></url>` and its line break),
    /// its `<lastmod>`, and each alternate's `<xhtml:link rel="alternate" hreflang="" href=""/>`.
    static let entryLayout = 25, lastModifiedLayout = 19, alternateLayout = 49
    /// Room kept for what is around the entries: the XML declaration, `<urlset>` with its namespaces, `</urlset>`.
    static let headLayout = 256

    /// The length of a text escaped for XML: `&` and `'` as five bytes, `"` as six, `<` and `>` as four.
    static func xmlEscapedCount(_ text: String) -> Int {
        var count = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"), UInt8(ascii: "'"): count += 5
            case UInt8(ascii: "\""): count += 6
            case UInt8(ascii: "<"), UInt8(ascii: ">"): count += 4
            default: count += 1
            }
        }
        return count
    }

    /// `sitemap.xml`: the whole sitemap, or, when it is split, the index of its parts.
    func renderSitemap(into output: ByteBuffer) {
        guard let split = sitemapSplit() else {
            theme.render("sitemap.xml", sitemapContext(sitemapEntries()[...]), into: output)
            return
        }
        output.append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n")
        for number in split.parts.indices {
            output.append("  <sitemap><loc>")
            // Escaped as the templates escape: a base_url may hold `&` or `'`.
            output.appendEscapedMarkup(urls.absoluteURL(for: .sitemapPart(number + 1)))
            output.append("</loc>")
            // The part's last change: its latest page's.
            if let latest = split.latest[number] {
                output.append("<lastmod>")
                output.append(latest)
                output.append("</lastmod>")
            }
            output.append("</sitemap>\n")
        }
        output.append("</sitemapindex>\n")
    }

    /// Part `number` of a split sitemap, with the sitemap's template; empty when the sitemap is no longer split
    /// (a job of an earlier build of the preview).
    func renderSitemapPart(_ number: Int, into output: ByteBuffer) {
        guard let split = sitemapSplit(), split.parts.indices.contains(number - 1) else { return }
        let entries = split.jobs[split.parts[number - 1]].compactMap(sitemapEntry(of:))
        theme.render("sitemap.xml", sitemapContext(entries[...]), into: output)
    }

    /// The sitemap template's context for some entries; in a site of several languages each with its
    /// `xhtml:link` alternates (the same page in each language, and `x-default`).
    func sitemapContext(_ entries: ArraySlice<SitemapEntry>) -> TemplateObject {
        let (languages, urls) = (sitemapLanguages, urls)
        var context: TemplateObject = ["entries": .generated(Array(entries)) { entry in
            var object: TemplateObject = ["loc": .string(entry.location)]
            if let lastModified = entry.lastModified { object["lastmod"] = .string(lastModified) }
            let alternates = Self.alternates(of: entry.route, languages: languages, urls: urls)
            if !alternates.isEmpty {
                object["alternates"] = .list(alternates.map { ["hreflang": .string($0.hreflang), "href": .string($0.href)] })
            }
            return .object(object)
        }]
        if !languages.isEmpty { context["multilingual"] = .bool(true) }
        return context
    }
}

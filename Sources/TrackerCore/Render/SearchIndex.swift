import Foundation

/// `/search/index.json`: what the search page's script searches, in the browser, with no
/// third-party service. Short on purpose: titles, places, platforms, summaries and links.
enum SearchIndex {
    struct Entry: Encodable {
        /// "incident", "source", "page" or "case".
        let kind: String
        let title: String
        let url: String
        /// One line under the title: date, country, type and status; or publisher and date.
        let meta: String
        let country: String?
        let platforms: [String]?
        let text: String
    }

    static func entries(_ site: Site, urls: SiteURLs, localization l: Localization) -> [Entry] {
        (0 ..< entryCount(site)).map { entry(site, $0, urls: urls, localization: l) }
    }

    /// Incidents, then sources, then pages, then court cases.
    static func entryCount(_ site: Site) -> Int { site.incidents.count + site.sources.count + site.pages.count + site.cases.all.count }

    static func entry(_ site: Site, _ index: Int, urls: SiteURLs, localization l: Localization) -> Entry {
        if index < site.incidents.count { return incidentEntry(site.incidents[index], urls: urls, localization: l) }
        let sourceIndex = index - site.incidents.count
        if sourceIndex < site.sources.count {
            let source = site.sources[sourceIndex]
            return Entry(kind: "source", title: source.title, url: urls.url(for: .source(source.id)),
                         meta: "\(source.publisher) · \(l.date(source.published)) · \(l.label(source.kind))",
                         country: nil, platforms: nil, text: source.origin.map { "\(l.string("via")) \($0)" } ?? "")
        }
        let pageIndex = sourceIndex - site.sources.count
        if pageIndex >= site.pages.count {
            let legalCase = site.cases.all[pageIndex - site.pages.count]
            return Entry(kind: "case", title: legalCase.title, url: urls.url(for: .legalCase(legalCase.id)),
                         meta: "\(legalCase.court) · \(legalCase.jurisdiction) · \(legalCase.status.label)",
                         country: l.countryName(legalCase.country), platforms: nil,
                         text: legalCase.body.summaryText)
        }
        let page = site.pages[pageIndex]
        return Entry(kind: "page", title: page.title, url: urls.url(for: .page(page.id)), meta: l.string("page"),
                     country: nil, platforms: nil, text: page.description ?? page.body.summaryText)
    }

    /// Borrows the incident: copying an `Incident` retains every one of its fields.
    static func incidentEntry(_ incident: borrowing Incident, urls: SiteURLs, localization l: Localization) -> Entry {
        let country = l.countryName(incident.country)
        return Entry(kind: "incident", title: incident.title, url: urls.url(for: .incident(incident.id)),
                     meta: "\(l.date(incident.start)) · \(country) · \(l.label(incident.type)) · \(l.label(incident.status))",
                     country: country, platforms: incident.platforms, text: incident.body.summaryText)
    }

    /// Written entry by entry, compact, keys in sorted order (as `JSONEncoder` with `.sortedKeys` writes them).
    /// With a cache (the preview), each incident's and source's entry is written once and copied after that.
    static func json(_ site: Site, urls: SiteURLs, localization l: Localization, into output: ByteBuffer, cache: FragmentCache? = nil) {
        var json = JSONWriter(pretty: false, output: output)
        // Pages are few: only the incidents' and the sources' entries are worth keeping.
        json.objects(entryCount(site), cache: cache, cachedBelow: site.incidents.count + site.sources.count) { json, index in
            write(entry(site, index, urls: urls, localization: l), to: &json)
        }
    }

    static func write(_ entry: Entry, to json: inout JSONWriter) {
        json.field("country", entry.country)
        json.field("kind", entry.kind)
        json.field("meta", entry.meta)
        if let platforms = entry.platforms { json.field("platforms", platforms) }
        json.field("text", entry.text)
        json.field("title", entry.title)
        json.field("url", entry.url)
    }
}

import Foundation

/// `/search/index.json`: what the search page's script searches, in the browser, with no
/// third-party service. Short on purpose: titles, places, platforms, summaries and links.
enum SearchIndex {
    struct Entry: Encodable {
        /// "incident", "source" or "page".
        let kind: String
        let title: String
        let url: String
        /// One line under the title: date, country, type and status; or publisher and date.
        let meta: String
        let country: String?
        let platforms: [String]?
        let text: String
    }

    static func entries(_ site: Site, urls: SiteURLs) -> [Entry] {
        var entries = site.incidents.map { incident in
            let country = CountryCodes.names[incident.country] ?? incident.country
            return Entry(kind: "incident", title: incident.title, url: urls.incident(incident.id),
                         meta: "\(incident.start.display) · \(country) · \(incident.type.label) · \(incident.status.label)",
                         country: country, platforms: incident.platforms, text: incident.body.summaryText)
        }
        entries += site.sources.map { source in
            Entry(kind: "source", title: source.title, url: urls.source(source.id),
                  meta: "\(source.publisher) · \(source.published.display) · \(source.kind.label)",
                  country: nil, platforms: nil, text: source.origin.map { "via \($0)" } ?? "")
        }
        entries += site.pages.map { page in
            Entry(kind: "page", title: page.title, url: urls.page(page.id), meta: "Page",
                  country: nil, platforms: nil, text: page.description ?? page.body.summaryText)
        }
        return entries
    }

    /// Written entry by entry, compact, keys in sorted order (as `JSONEncoder` with `.sortedKeys` writes them).
    static func json(_ site: Site, urls: SiteURLs, into output: ByteBuffer) {
        var json = JSONWriter(pretty: false, output: output)
        let entries = entries(site, urls: urls)
        json.objects(entries.count) { json, index in
            let entry = entries[index]
            json.field("country", entry.country)
            json.field("kind", entry.kind)
            json.field("meta", entry.meta)
            if let platforms = entry.platforms { json.field("platforms", platforms) }
            json.field("text", entry.text)
            json.field("title", entry.title)
            json.field("url", entry.url)
        }
    }
}

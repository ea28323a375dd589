/// Contexts for the Atom feed and the sitemap. Their templates escape every value with
/// swift-mustache's escaping, which is valid XML escaping (&, <, >, ", ').
extension SiteRenderer {
    func feedContext() -> [String: Any] {
        let order = site.incidents.indices.sorted {
            let (a, b) = (site.incidents[$0], site.incidents[$1])
            return (a.lastKnownDate, a.start, b.id) > (b.lastKnownDate, b.start, a.id)
        }
        let entries = order.prefix(site.config.feedItems).map { index -> [String: Any] in
            let incident = site.incidents[index]
            let url = urls.absolute(urls.incident(incident.id))
            return [
                "title": incident.title,
                "url": url,
                "id": url,
                "published": incident.start.rfc3339,
                "updated": incident.lastKnownDate.rfc3339,
                "country": CountryCodes.names[incident.country] ?? incident.country,
                "type": incident.type.label,
                "summary": incident.body.summaryText,
                "content_html": absolutizingFragmentLinks(incident.body.html, pageURL: url),
            ]
        }
        let updated = order.first.map { site.incidents[$0].lastKnownDate.rfc3339 } ?? "1970-01-01T00:00:00Z"
        return [
            "site": siteContext,
            "feed_url": urls.absolute(urls.feed),
            "home_url": site.config.baseURL,
            "updated": updated,
            "entries": entries,
        ]
    }

    /// Feed readers resolve `#ref-1` against the feed, not the page: point citations at the page.
    func absolutizingFragmentLinks(_ html: String, pageURL: String) -> String {
        html.replacingOccurrences(of: "href=\"#", with: "href=\"\(pageURL)#")
    }

    func sitemapContext() -> [String: Any] {
        var entries: [[String: Any]] = []
        for job in jobs() where job.isHTMLPage {
            switch job {
            case .notFound, .alias, .search: continue
            default: break
            }
            let path = self.path(of: job)
            let location = urls.base + (path.hasSuffix("index.html") ? String(path.dropLast("index.html".count)) : path)
            var entry: [String: Any] = ["loc": location]
            switch job {
            case .incident(let index): entry["lastmod"] = site.incidents[index].lastKnownDate.earliestDay
            case .source(let index): entry["lastmod"] = (site.sources[index].accessed ?? site.sources[index].published).earliestDay
            default: break
            }
            entries.append(entry)
        }
        entries.sort { ($0["loc"] as! String) < ($1["loc"] as! String) }
        return ["entries": entries]
    }
}

import Foundation

/// Contexts for the Atom feeds (the sitemap's: `SiteRenderer+Sitemap`). Their templates escape every value with the template
/// engine's HTML escaping (`TemplateRenderer`), which is also valid XML escaping (&, <, >, ", ').
extension SiteRenderer {
    /// The site's feed: its most recently updated incidents.
    func feedContext() -> TemplateObject {
        feedContext(feedOrder(among: site.incidents.indices), title: site.config.title, feed: .feed, page: .home)
    }

    /// A country's or platform's feed (`countries/pk/feed.xml`): the same feed over the term's incidents,
    /// its alternate link the term's page.
    func termFeedContext(_ term: TaxonomyTerm, feed: Route, page: Route) -> TemplateObject {
        feedContext(feedOrder(among: term.incidents), title: termFeedTitle(term), feed: feed, page: page)
    }

    /// `feed.xml`'s context: `entries` (the incidents in `order`), the feed's own address and its page's.
    func feedContext(_ order: [Int], title: String, feed: Route, page: Route) -> TemplateObject {
        let entries = order.map { index -> TemplateObject in
            let incident = site.incidents[index]
            let url = urls.absoluteURL(for: .incident(incident.id))
            return [
                "title": .string(incident.title),
                "url": .string(url),
                "id": .string(url),
                "published": .string(incident.start.rfc3339),
                "updated": .string(incident.lastKnownDate.rfc3339),
                "country": .string(localization.countryName(incident.country)),
                "type": .string(localization.label(incident.type)),
                "summary": .string(incident.body.summaryText),
                "content_html": .string(absolutizingFragmentLinks(incident.body.html, pageURL: url)),
            ]
        }
        let updated = order.first.map { site.incidents[$0].lastKnownDate.rfc3339 } ?? "1970-01-01T00:00:00Z"
        return [
            "site": .object(siteContext),
            "title": .string(title),
            "feed_url": .string(urls.absoluteURL(for: feed)),
            "home_url": .string(urls.absoluteURL(for: page)),
            "updated": .string(updated),
            "entries": TemplateValue(entries),
        ]
    }

    /// A feed's incidents among `candidates` (site indices): the `feedItems` most recently updated, newest
    /// first by (last known date, start), then id. Picked in one pass, without sorting every incident.
    func feedOrder<C: Collection>(among candidates: C) -> [Int] where C.Element == Int {
        let limit = site.config.feedItems
        func isNewer(_ a: Int, _ b: Int) -> Bool {
            let (x, y) = (site.incidents[a], site.incidents[b])
            return (x.lastKnownDate, x.start, y.id) > (y.lastKnownDate, y.start, x.id)
        }
        var chosen: [Int] = []
        chosen.reserveCapacity(limit + 1)
        for index in candidates {
            if chosen.count == limit, let last = chosen.last, !isNewer(index, last) { continue }
            let position = chosen.firstIndex { isNewer(index, $0) } ?? chosen.count
            chosen.insert(index, at: position)
            if chosen.count > limit { chosen.removeLast() }
        }
        return chosen
    }

    /// Feed readers resolve `#ref-1` against the feed, not the page: point citations at the page.
    /// The same text as `replacingOccurrences(of: "href=\"#", with: "href=\"<page>#")`, found by scanning
    /// the bytes (Foundation's search took most of a build of long bodies). Foundation compares whole
    /// characters, so where a `#` is followed by a non-ASCII byte (it may carry a combining mark) its
    /// answer is kept.
    func absolutizingFragmentLinks(_ html: String, pageURL: String) -> String {
        let pattern: [UInt8] = Array("href=\"#".utf8)
        var html = html
        var unchanged = false
        let result: String? = html.withUTF8 { bytes -> String? in
            // Each `#` (found with memchr) whose six bytes before are `href="`.
            var matches: [Int] = []
            guard let base = bytes.baseAddress else { return nil }
            var index = pattern.count - 1
            while index < bytes.count, let found = memchr(base + index, Int32(UInt8(ascii: "#")), bytes.count - index) {
                let hash = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
                if memcmp(base + hash - (pattern.count - 1), pattern, pattern.count - 1) == 0 {
                    if hash + 1 < bytes.count, bytes[hash + 1] >= 0x80 { return nil }
                    matches.append(hash - (pattern.count - 1))
                }
                index = hash + 1
            }
            if matches.isEmpty {
                unchanged = true
                return nil
            }
            var url = pageURL
            return url.withUTF8 { urlBytes in
                String(unsafeUninitializedCapacity: bytes.count + matches.count * urlBytes.count) { output in
                    var written = 0
                    var copied = 0
                    func copy(_ part: UnsafeBufferPointer<UInt8>) {
                        _ = UnsafeMutableBufferPointer(rebasing: output[written ..< written + part.count]).initialize(from: part)
                        written += part.count
                    }
                    for match in matches {
                        let hash = match + pattern.count - 1
                        copy(UnsafeBufferPointer(rebasing: bytes[copied ..< hash]))
                        copy(urlBytes)
                        copied = hash
                    }
                    copy(UnsafeBufferPointer(rebasing: bytes[copied...]))
                    return written
                }
            }
        }
        if unchanged { return html }
        return result ?? html.replacingOccurrences(of: "href=\"#", with: "href=\"\(pageURL)#")
    }
}

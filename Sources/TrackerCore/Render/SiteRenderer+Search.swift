/// The search page and its index. The page works without JavaScript as a pointer to the
/// incidents table and the country and platform pages; with it, `assets/search.js` searches
/// `search/index.json` in the browser.
extension SiteRenderer {
    var searchURL: String { urls.root + "search/" }
    var searchIndexURL: String { urls.root + "search/index.json" }

    func searchContext() -> TemplateObject {
        page(.search, title: "Search", description: "Search the incidents, sources and pages of \(site.config.title).", url: searchURL,
             extra: ["index_url": .string(searchIndexURL), "count": .int(site.incidents.count)])
    }
}

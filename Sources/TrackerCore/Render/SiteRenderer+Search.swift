/// The search page and its index. The page works without JavaScript as a pointer to the
/// incidents table and the country and platform pages; with it, `assets/search.js` searches
/// `search/index.json` in the browser.
extension SiteRenderer {
    func searchContext() -> TemplateObject {
        page(.search, title: localization.string("search_title"), description: localization.format("search_description", ["site": site.config.title]), url: urls.url(for: .search),
             extra: ["index_url": .string(urls.url(for: .searchIndex)), "count": .int(site.incidents.count),
                     "count_label": .string(localization.plural("search_all_incidents", count: site.incidents.count))])
    }
}

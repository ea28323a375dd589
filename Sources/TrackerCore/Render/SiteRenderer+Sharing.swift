/// What sharing and search engines read: the Open Graph and Twitter card tags of every page (in
/// `base.mustache`, from `page` and `site`), JSON-LD (`Article` on an incident's page, `Dataset` on the
/// data page) and the data page itself, which describes the exports.
extension SiteRenderer {
    /// The theme's default sharing image, under `assets/` (1200 × 630).
    static let sharingImage = "og-image.png"

    /// The page's JSON-LD, or nil. Written with `JSONWriter` escaping `<`, `>` and `&`, so no value from
    /// front matter can end the `<script>` element it sits in. Only the content's own dates: deterministic.
    func structuredData(_ kind: PageKind, url: String) -> String? {
        switch kind {
        case .incident(let i): return incidentArticle(i, url: urls.absolute(url))
        case .dataPage: return dataset(url: urls.absolute(url))
        default: return nil
        }
    }

    private func jsonLD(type: String, _ fields: (inout JSONWriter) -> Void) -> String {
        var json = JSONWriter(pretty: false)
        json.escapesForScript = true
        json.openObject()
        json.field("@context", "https://schema.org")
        json.field("@type", type)
        fields(&json)
        json.closeObject()
        return json.text
    }

    /// The site as an organisation: its title as the publisher, its author (site.yml) as the author.
    private func organisation(_ json: inout JSONWriter, key: StaticString, name: String) {
        json.key(key)
        json.openObject()
        json.field("@type", "Organization")
        json.field("name", name)
        json.field("url", site.config.baseURL)
        json.closeObject()
    }

    func incidentArticle(_ index: Int, url: String) -> String {
        let incident = site.incidents[index]
        return jsonLD(type: "Article") { json in
            json.field("headline", incident.title)
            json.field("description", incident.body.summaryText.isEmpty ? nil : incident.body.summaryText)
            json.field("datePublished", incident.start.iso)
            json.field("dateModified", incident.lastKnownDate.iso)
            json.field("url", url)
            json.field("mainEntityOfPage", url)
            json.field("image", urls.absoluteURL(for: .asset(Self.sharingImage)))
            json.field("inLanguage", site.config.language)
            json.field("about", CountryCodes.names[incident.country] ?? incident.country)
            organisation(&json, key: "author", name: site.config.author)
            organisation(&json, key: "publisher", name: site.config.title)
        }
    }

    /// The exports, each with its file name, route, media type and what it holds.
    var exports: [(name: String, route: Route, format: String, description: String)] {
        var exports: [(name: String, route: Route, format: String, description: String)] = [
            ("incidents.json", .incidentsJSON, "application/json", localization.string("export_incidents_json")),
            ("incidents.csv", .incidentsCSV, "text/csv", localization.string("export_incidents_csv")),
            ("incidents.stop.csv", .incidentsStopCSV, "text/csv", localization.string("export_incidents_stop_csv")),
            ("sources.json", .sourcesJSON, "application/json", localization.string("export_sources_json")),
        ]
        if !site.cases.all.isEmpty {
            exports += [
                ("cases.json", .casesJSON, "application/json", localization.string("export_cases_json")),
                ("cases.csv", .casesCSV, "text/csv", localization.string("export_cases_csv")),
            ]
        }
        return exports
    }

    var dataDescription: String {
        localization.format("data_description", ["site": site.config.title,
                                                 "incidents": localization.plural("incidents_count", count: site.incidents.count),
                                                 "sources": localization.plural("sources_count", count: site.sources.count)])
    }

    func dataset(url: String) -> String {
        jsonLD(type: "Dataset") { json in
            json.field("name", "\(site.config.title): \(localization.string("feed_incidents"))")
            json.field("description", dataDescription)
            json.field("url", url)
            json.field("inLanguage", site.config.language)
            if let first = site.incidents.last?.start, let last = site.incidents.map(\.lastKnownDate).max() {
                json.field("temporalCoverage", "\(first.iso)/\(last.iso)")
            }
            json.key("spatialCoverage")
            json.openArray()
            for country in site.countries { json.string(localization.countryName(country.slug.uppercased())) }
            json.closeArray()
            organisation(&json, key: "creator", name: site.config.author)
            organisation(&json, key: "publisher", name: site.config.title)
            json.key("distribution")
            json.openArray()
            for export in exports {
                json.openObject()
                json.field("@type", "DataDownload")
                json.field("name", export.name)
                json.field("description", export.description)
                json.field("contentUrl", urls.absoluteURL(for: export.route))
                json.field("encodingFormat", export.format)
                json.closeObject()
            }
            json.closeArray()
        }
    }

    func dataPageContext() -> TemplateObject {
        page(.dataPage, title: localization.string("data_title"), description: dataDescription, url: urls.url(for: .dataPage), extra: [
            "exports": TemplateValue(exports.map { export -> TemplateObject in
                ["name": .string(export.name), "url": .string(urls.url(for: export.route)), "format": .string(export.format),
                 "description": .string(export.description)]
            }),
            "count": .int(site.incidents.count), "source_count": .int(site.sources.count),
        ])
    }
}

extension PageKind {
    /// A page about one incident: `og:type` article.
    var isArticle: Bool {
        if case .incident = self { return true }
        return false
    }
}

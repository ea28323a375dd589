import Foundation

extension SiteLinker {
    /// What `tracker check` warns about when the site shows the world map: each country that has
    /// incidents but no outline in `WorldGeometry` (the map lists it under itself instead), once, at the
    /// `country` field of its first incident.
    public static func mapWarnings(_ site: Site) -> [Diagnostic] {
        guard site.config.showMap, site.config.taxonomies.contains("countries") else { return [] }
        return site.countries.compactMap { term -> Diagnostic? in
            let code = term.slug.uppercased()
            guard WorldGeometry.index[code] == nil, let first = term.incidents.first else { return nil }
            let path = site.incidents[first].path
            // Read again only for the few countries warned about, after the site is loaded.
            let at = FrontMatterLocations.read(path, keys: ["country"])["country"] ?? SourceLocation(line: 1, column: 1)
            return Diagnostic(path: path, line: at.line, column: at.column,
                              message: "country '\(code)' (\(term.name)) has no outline on the world map; the map lists it under itself instead",
                              isWarning: true)
        }.sorted()
    }
}

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
            let (line, column) = countryFieldPosition(in: path)
            return Diagnostic(path: path, line: line, column: column,
                              message: "country '\(code)' (\(term.name)) has no outline on the world map; the map lists it under itself instead",
                              isWarning: true)
        }.sorted()
    }

    /// The line and column of the value of the file's top-level `country:` key; 1:1 when it is not found.
    /// Read only for the few countries warned about, after the site is loaded.
    static func countryFieldPosition(in path: String) -> (Int, Int) {
        guard let data = FileTree.read(path), let text = String(data: data, encoding: .utf8) else { return (1, 1) }
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where line.hasPrefix("country:") {
            let value = line.dropFirst("country:".count)
            let spaces = value.prefix { $0 == " " || $0 == "\t" }.count
            return (number + 1, "country:".count + spaces + 1)
        }
        return (1, 1)
    }
}

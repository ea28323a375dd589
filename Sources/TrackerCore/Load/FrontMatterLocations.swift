import Foundation

/// Where a content file gives the values of top-level keys (a source's `url` and `archive` by default), for
/// reporting at their place: read again only for the few files reported.
enum FrontMatterLocations {
    static func read(_ path: String, keys: [String] = ["url", "archive"]) -> [String: SourceLocation] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(validating: data, as: UTF8.self),
              let frontMatter = try? FrontMatter.split(text) else { return [:] }
        let collector = DiagnosticCollector(path: path)
        let offset = frontMatter.yamlFirstLine - 1
        guard let mapping = parseYAML(frontMatter.yaml, collector: collector, lineOffset: offset) else { return [:] }
        let reader = FieldReader(mapping: mapping, collector: collector, lineOffset: offset, ownLocation: SourceLocation(line: 1, column: 1),
                                 what: "front matter")
        var locations: [String: SourceLocation] = [:]
        for key in keys {
            if let entry = reader.entry(key) { locations[key] = reader.location(of: entry.value) }
        }
        return locations
    }
}

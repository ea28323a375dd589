import Foundation

/// The loader's steps one file at a time, for the preview's incremental rebuild: the same decoding
/// as `load()`, so a site put together from these results links and renders exactly like a cold build
/// (`IncrementalBuildTestSuite` checks the bytes are identical).
extension ContentLoader {
    enum ContentFolder: String, CaseIterable, Sendable {
        case incidents = "content/incidents"
        case sources = "content/sources"
        case pages = "content/pages"
    }

    func loadConfig() -> (config: SiteConfig, diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let configPath = displayPath("content/site.yml")
        let fallbackConfig = SiteConfig(title: "", baseURL: "/")
        var config = fallbackConfig
        if let text = readText(configPath, into: &diagnostics) {
            let collector = DiagnosticCollector(path: configPath)
            if let mapping = parseYAML(FrontMatter.normalizedLineEnds(text), collector: collector, lineOffset: 0) {
                let reader = FieldReader(mapping: mapping, collector: collector, lineOffset: 0,
                                         ownLocation: SourceLocation(line: 1, column: 1), what: "site.yml")
                config = SiteConfig.decode(reader) ?? fallbackConfig
            }
            diagnostics += collector.diagnostics
        }
        return (config, diagnostics)
    }

    func decodeIncident(_ relative: String, options: MarkdownOptions) -> Decoded<Incident.Decoded> {
        decodeFile(relative, kind: "incident") { id, path, reader, frontMatter in
            let body = MarkdownRenderer.render(frontMatter.body, options: options)
            return Incident.decode(id: id, path: path, reader: reader, body: body, bodyFirstLine: frontMatter.bodyFirstLine)
        }
    }

    func decodeSource(_ relative: String, options: MarkdownOptions) -> Decoded<Source> {
        decodeFile(relative, kind: "source") { id, path, reader, frontMatter in
            Source.decode(id: id, path: path, reader: reader, body: MarkdownRenderer.render(frontMatter.body, options: options))
        }
    }

    func decodePage(_ relative: String, options: MarkdownOptions) -> Decoded<Page> {
        decodeFile(relative, kind: "page") { id, path, reader, frontMatter in
            Page.decode(id: id, path: path, reader: reader, body: MarkdownRenderer.render(frontMatter.body, options: options))
        }
    }

    /// Puts per-file results (each list sorted by path, as `markdownFiles` gives them) together as `load()` does.
    func assemble(config: SiteConfig, configDiagnostics: [Diagnostic],
                  incidents: [(path: String, result: Decoded<Incident.Decoded>)],
                  sources: [(path: String, result: Decoded<Source>)],
                  pages: [(path: String, result: Decoded<Page>)]) -> LoadedContent {
        let diagnostics = configDiagnostics + incidents.flatMap(\.result.diagnostics) + sources.flatMap(\.result.diagnostics)
            + pages.flatMap(\.result.diagnostics)
        return LoadedContent(
            config: config,
            incidents: incidents.compactMap { $0.result.valid ? $0.result.value?.incident : nil },
            sources: sources.compactMap { $0.result.valid ? $0.result.value : nil },
            pages: pages.compactMap { $0.result.valid ? $0.result.value : nil },
            incidentReferences: incidents.map { (displayPath($0.path), $0.result.value?.references ?? []) },
            sourceIDsOnDisk: Set(sources.map { String(Self.fileName($0.path).dropLast(3)) }),
            diagnostics: diagnostics)
    }
}

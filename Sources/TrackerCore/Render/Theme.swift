import Foundation

/// The templates and static assets a site is rendered with: the site's own `templates/` folder,
/// or the default theme built into the binary when the site has none.
public struct Theme: Sendable {
    /// Every template a site needs; a theme missing one fails before anything is rendered.
    public static let requiredTemplates = [
        "base", "home", "incidents", "incident", "timeline", "sources", "source",
        "countries", "country", "platforms", "platform", "page", "404", "alias", "search", "data", "feed.xml", "sitemap.xml",
        "partials/incident-row", "partials/incident-card",
    ]

    let library: TemplateLibrary
    /// The text of each template, by name (tests render it with swift-mustache too and compare).
    let sources: [String: String]
    /// Files under `assets/`, copied to the output's `assets/` folder.
    public let assets: [(path: String, data: Data)]
    /// A fingerprint of every template and asset, for caches.
    public let fingerprint: String

    /// Loads the built-in theme with the site's `templates/` folder laid over it, file by file,
    /// as Hugo and Zola themes work: a site overrides only the templates and assets it wants to change.
    public static func load(siteDirectory: String) -> Result<Theme, DiagnosticList> {
        let folder = siteDirectory == "." ? "templates" : (siteDirectory as NSString).appendingPathComponent("templates")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            return builtIn()
        }
        var files = EmbeddedTheme.data.mapValues { ($0, "(built-in theme)") }
        for (path, data) in readFolder(folder) { files[path] = (data, folder) }
        return load(files: files.map { ($0.key, $0.value.0, $0.value.1) })
    }

    public static func builtIn() -> Result<Theme, DiagnosticList> {
        load(files: EmbeddedTheme.data.map { ($0.key, $0.value, "(built-in theme)") })
    }

    static func readFolder(_ folder: String) -> [(String, Data)] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
        var files: [(String, Data)] = []
        while let item = enumerator.nextObject() as? String {
            guard enumerator.fileAttributes?[.type] as? FileAttributeType == .typeRegular,
                  !(item as NSString).lastPathComponent.hasPrefix("."),
                  let data = FileManager.default.contents(atPath: folder + "/" + item) else { continue }
            files.append((item, data))
        }
        return files
    }

    /// Parses every template, then checks that each required template and each partial or parent
    /// a template names exists (swift-mustache would silently render a missing one as empty text).
    static func load(files: [(String, Data, String)]) -> Result<Theme, DiagnosticList> {
        let files = files.sorted { $0.0 < $1.0 }
        var folderOf: [String: String] = [:]
        var diagnostics: [Diagnostic] = []
        var templates: [String: CompiledTemplate] = [:]
        var sources: [String: String] = [:]
        var assets: [(String, Data)] = []
        var hasher = ContentHash()
        for (path, data, displayFolder) in files {
            hasher.combine(path)
            hasher.combine(data)
            if path.hasPrefix("assets/") {
                assets.append((String(path.dropFirst("assets/".count)), data))
                continue
            }
            guard path.hasSuffix(".mustache") else { continue }
            let name = String(path.dropLast(".mustache".count))
            let display = "\(displayFolder)/\(path)"
            folderOf[name] = displayFolder
            guard let text = String(data: data, encoding: .utf8) else {
                diagnostics.append(Diagnostic(path: display, line: 1, column: 1, message: "template is not valid UTF-8 text"))
                continue
            }
            do {
                templates[name] = try TemplateParser.compile(text)
                sources[name] = text
            } catch {
                diagnostics.append(Diagnostic(path: display, line: error.line, column: error.column, message: "template syntax: \(error.message)"))
            }
        }
        for name in requiredTemplates where templates[name] == nil && !diagnostics.contains(where: { $0.path.hasSuffix("/\(name).mustache") }) {
            diagnostics.append(Diagnostic(path: "templates/\(name).mustache", line: 1, column: 1,
                                          message: "missing template '\(name)': every theme needs \(requiredTemplates.joined(separator: ", "))"))
        }
        for (name, text) in sources.sorted(by: { $0.key < $1.key }) {
            for reference in TemplateReferences.scan(text) where templates[reference.name] == nil {
                let kind = reference.isParent ? "parent template" : "partial"
                diagnostics.append(Diagnostic(path: "\(folderOf[name]!)/\(name).mustache", line: reference.line, column: reference.column,
                                              message: "\(kind) '\(reference.name)' not found (no \(reference.name).mustache in the theme)\(Suggestion.hint(for: reference.name, in: templates.keys.sorted()))"))
            }
        }
        guard diagnostics.isEmpty else { return .failure(DiagnosticList(diagnostics)) }
        return .success(Theme(library: TemplateLibrary(templates: templates), sources: sources, assets: assets, fingerprint: hasher.hexDigest))
    }

    func render(_ template: String, _ context: TemplateObject) -> String {
        library.render(template, .object(context)) ?? ""
    }

    /// Renders into `output` (appending), for pages written straight to disk.
    func render(_ template: String, _ context: TemplateObject, into output: ByteBuffer) {
        _ = library.render(template, .object(context), into: output)
    }
}

import Foundation

/// The templates and static assets a site is rendered with: the site's own `templates/` folder,
/// or the default theme built into the binary when the site has none.
public struct Theme: Sendable {
    /// Every template a site needs; a theme missing one fails before anything is rendered.
    public static let requiredTemplates = [
        "base", "home", "incidents", "incident", "timeline", "sources", "source",
        "countries", "country", "platforms", "platform", "page", "404", "alias", "search", "data", "feed.xml", "sitemap.xml",
        "changes", "changes.xml",
        "partials/incident-row", "partials/incident-card",
    ]

    let library: TemplateLibrary
    /// The text of each template, by name (tests render it with swift-mustache too and compare).
    let sources: [String: String]
    /// The path each template's errors name: `templates/x.mustache` in the site, or in the built-in theme.
    let paths: [String: String]
    /// The site's templates that nothing uses, as errors (reported with the unknown names, by `problems`).
    let unusedTemplates: [Diagnostic]
    /// Sees every template the renderer renders directly, with its context (tests compare the contexts
    /// with `TemplateContexts`); nil outside tests.
    var observer: (@Sendable (String, TemplateObject) -> Void)?
    /// Files under `assets/`, copied to the output's `assets/` folder.
    public let assets: [(path: String, data: Data)]
    /// A fingerprint of every template, asset and strings file, for caches.
    public let fingerprint: String
    /// The labels in each language (`i18n/<lang>.yml`, the site's own laid over the theme's).
    public let strings: ThemeStrings
    /// `problems` for the last configuration asked about: every build checks the theme's names against its
    /// contexts (about 72 million instructions for the built-in theme), and a preview's rebuilds, which keep
    /// the theme until a template changes, ask again with the same configuration after each save.
    private let checked = CheckedNames()

    /// Everything localized for the language `code` (BCP 47): the theme's strings and CLDR's dates, numbers and names.
    public func localization(_ code: String) -> Localization { Localization(code: code, strings: strings) }

    /// The folder name errors give the built-in theme's templates.
    static let builtInFolder = "(built-in theme)"

    /// Loads the built-in theme with the site's `templates/` folder laid over it, file by file,
    /// as Hugo and Zola themes work: a site overrides only the templates and assets it wants to change.
    public static func load(siteDirectory: String) -> Result<Theme, DiagnosticList> {
        let folder = siteDirectory == "." ? "templates" : (siteDirectory as NSString).appendingPathComponent("templates")
        // The site's own strings (Hugo's `i18n/` folder), laid over the theme's key by key.
        let stringsFolder = siteDirectory == "." ? ThemeStrings.siteFolder : (siteDirectory as NSString).appendingPathComponent(ThemeStrings.siteFolder)
        // Either folder a link out of the site (`SiteBoundary`): an error, and not read (`templates -> /` read the machine).
        let boundary = SiteBoundary(siteDirectory: siteDirectory)
        let outside = [folder, stringsFolder].compactMap { path in
            boundary.outsideTarget(of: path).map { Diagnostic(path: path, line: 1, column: 1, message: SiteBoundary.message(target: $0)) }
        }
        guard outside.isEmpty else { return .failure(DiagnosticList(outside)) }
        var unread: [Diagnostic] = []
        let siteStrings = readFolder(stringsFolder, boundary: boundary, into: &unread).filter { !$0.0.contains("/") }
            .map { ("i18n/" + $0.0, $0.1, stringsFolder + "/" + $0.0) }
        var files = EmbeddedTheme.data.mapValues { ($0, builtInFolder) }
        for (path, data) in readFolder(folder, boundary: boundary, into: &unread) { files[path] = (data, folder) }
        guard unread.isEmpty else { return .failure(DiagnosticList(unread)) }
        return load(files: files.map { ($0.key, $0.value.0, $0.value.1) }, siteStrings: siteStrings)
    }

    public static func builtIn() -> Result<Theme, DiagnosticList> {
        load(files: EmbeddedTheme.data.map { ($0.key, $0.value, builtInFolder) })
    }

    /// The files under `folder` (none when there is no such folder), by their paths inside it; hidden names are
    /// skipped. A symbolic link is followed where it stays in the site; one leading out of it or to nothing, and a
    /// file that cannot be read, is an error in `diagnostics` (links were left out without a word, valid or not).
    static func readFolder(_ folder: String, boundary: SiteBoundary, into diagnostics: inout [Diagnostic]) -> [(String, Data)] {
        var problems: [String: EntryProblem] = [:]
        var files: [(String, Data)] = []
        for item in FileTree.files(under: folder, skipHidden: true, boundary: boundary, problems: &problems) {
            let path = folder + "/" + item
            if let problem = problems[item] {
                diagnostics.append(Diagnostic(path: path, line: 1, column: 1, message: problem.message))
            } else if let data = FileTree.read(path) {
                files.append((item, data))
            } else {
                diagnostics.append(Diagnostic(path: path, line: 1, column: 1, message: "cannot read the file: \(ContentLoader.whyUnreadable(path))"))
            }
        }
        return files
    }

    /// Parses every template, then checks that each required template and each partial or parent
    /// a template names exists (swift-mustache would silently render a missing one as empty text),
    /// and that each of the site's own templates is used: it overrides a built-in one, or a template
    /// includes it (`incdent.mustache` would otherwise be ignored without a word).
    static func load(files: [(String, Data, String)], siteStrings: [(String, Data, String)] = []) -> Result<Theme, DiagnosticList> {
        let files = files.sorted { $0.0 < $1.0 }
        let siteStrings = siteStrings.sorted { $0.0 < $1.0 }
        var folderOf: [String: String] = [:]
        var diagnostics: [Diagnostic] = []
        var templates: [String: CompiledTemplate] = [:]
        // Templates whose file is there but could not be read or compiled (an error of its own): not also "not found".
        var unreadable: Set<String> = []
        var sources: [String: String] = [:]
        var assets: [(String, Data)] = []
        var hasher = ContentHash()
        var themeStrings: [(path: String, data: Data, display: String)] = []
        for (_, data, display) in siteStrings {
            hasher.combine("site " + display)
            hasher.combine(data)
        }
        for (path, data, displayFolder) in files {
            hasher.combine(path)
            hasher.combine(data)
            if path.hasPrefix("assets/") {
                assets.append((String(path.dropFirst("assets/".count)), data))
                continue
            }
            if ThemeStrings.language(of: path) != nil {
                themeStrings.append((path, data, "\(displayFolder)/\(path)"))
                continue
            }
            guard path.hasSuffix(".mustache") else { continue }
            let name = String(path.dropLast(".mustache".count))
            let display = "\(displayFolder)/\(path)"
            folderOf[name] = displayFolder
            guard let text = String(data: data, encoding: .utf8) else {
                diagnostics.append(InvalidUTF8.diagnostic(path: display, data, what: "the template"))
                unreadable.insert(name)
                continue
            }
            do {
                templates[name] = try TemplateParser.compile(text)
                sources[name] = text
            } catch {
                diagnostics.append(Diagnostic(path: display, line: error.line, column: error.column, message: "template syntax: \(error.message)"))
                unreadable.insert(name)
            }
        }
        for name in requiredTemplates where templates[name] == nil && !diagnostics.contains(where: { $0.path.hasSuffix("/\(name).mustache") }) {
            diagnostics.append(Diagnostic(path: "templates/\(name).mustache", line: 1, column: 1,
                                          message: "missing template '\(name)': every theme needs \(requiredTemplates.joined(separator: ", "))"))
        }
        var referenced: Set<String> = []
        var picksByValue = false
        var references: [String: [TemplateReferences.Reference]] = [:]
        for (name, text) in sources.sorted(by: { $0.key < $1.key }) {
            references[name] = TemplateReferences.scan(text)
            for reference in references[name]! {
                referenced.insert(reference.name)
                guard templates[reference.name] == nil, !unreadable.contains(reference.name) else { continue }
                let kind = reference.isParent ? "parent template" : "partial"
                diagnostics.append(Diagnostic(path: "\(folderOf[name]!)/\(name).mustache", line: reference.line, column: reference.column,
                                              message: "\(kind) '\(reference.name)' not found (no \(reference.name).mustache in the theme)\(Suggestion.hint(for: reference.name, in: templates.keys.sorted()))"))
            }
            picksByValue = picksByValue || templates[name]!.picksPartialByValue
        }
        for (name, reference, chain) in TemplateReferences.cycles(references) {
            diagnostics.append(Diagnostic(path: "\(folderOf[name]!)/\(name).mustache", line: reference.line, column: reference.column,
                                          message: "\(reference.isParent ? "parent template" : "partial") '\(reference.name)' includes itself (\(TemplateReferences.describe(chain))): rendering it would never end"))
        }
        let (strings, stringProblems) = ThemeStrings.load(theme: themeStrings, site: siteStrings.map { (path: $0.0, data: $0.1, display: $0.2) })
        diagnostics += stringProblems
        guard diagnostics.isEmpty else { return .failure(DiagnosticList(diagnostics)) }
        // A site's template that overrides nothing and that no template includes. (With `{{>*name}}`,
        // a template named by a value, any template may be used: then none is reported.)
        var unused: [Diagnostic] = []
        let builtIn = Set(EmbeddedTheme.files.keys.filter { $0.hasSuffix(".mustache") }.map { String($0.dropLast(".mustache".count)) })
        for (name, folder) in folderOf.sorted(by: { $0.key < $1.key })
        where folder != builtInFolder && !builtIn.contains(name) && !referenced.contains(name) && !picksByValue {
            unused.append(Diagnostic(path: "\(folder)/\(name).mustache", line: 1, column: 1,
                                     message: "template '\(name)' is not used: it overrides no template of the built-in theme, and no template includes it as a partial or parent\(Suggestion.hint(for: name, in: builtIn.sorted()))"))
        }
        let paths = Dictionary(uniqueKeysWithValues: folderOf.map { ($0.key, "\($0.value)/\($0.key).mustache") })
        return .success(Theme(library: TemplateLibrary(templates: templates), sources: sources, paths: paths, unusedTemplates: unused,
                              assets: assets, fingerprint: hasher.hexDigest, strings: strings))
    }

    /// The strict-template errors, which need the site's configuration: the site's templates that nothing
    /// uses, and every name a template uses that its contexts cannot provide (see `TemplateNameCheck`).
    func problems(config: SiteConfig) -> [Diagnostic] {
        if let known = checked.problems(config) { return known }
        let problems = unusedTemplates + TemplateNameCheck.check(templates: library.templates, paths: paths,
                                                                 roots: TemplateContexts.roots(for: config, strings: strings.keys))
        checked.remember(problems, config)
        return problems
    }

    /// A theme's `problems` and the configuration they were found with (under an `NSLock`, which
    /// ThreadSanitizer sees, unlike a `Mutex`'s futex).
    private final class CheckedNames: @unchecked Sendable {
        private var last: (config: SiteConfig, problems: [Diagnostic])?
        private let lock = NSLock()

        func problems(_ config: SiteConfig) -> [Diagnostic]? {
            lock.withLock { last.flatMap { $0.config == config ? $0.problems : nil } }
        }

        func remember(_ problems: [Diagnostic], _ config: SiteConfig) { lock.withLock { last = (config, problems) } }
    }

    func render(_ template: String, _ context: TemplateObject) -> String {
        observer?(template, context)
        return library.render(template, .object(context)) ?? ""
    }

    /// Renders into `output` (appending), for pages written straight to disk.
    func render(_ template: String, _ context: TemplateObject, into output: ByteBuffer) {
        observer?(template, context)
        _ = library.render(template, .object(context), into: output)
    }
}

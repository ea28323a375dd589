import Foundation
import Yams

/// Everything read from a site's `content/` folder, each file parsed and checked on its own.
public struct LoadedContent: Sendable {
    public var config: SiteConfig
    public var incidents: [Incident]
    public var sources: [Source]
    public var pages: [Page]
    /// Court cases (`content/cases/`).
    public var cases: [LegalCase] = []
    /// Every source id each file names (an incident's even when the file has other errors; a source's or page's citations).
    public var references: [(path: String, references: [SourceReference])]
    /// Ids of every source file, even those with errors, so a citation of a broken source is not also "unknown".
    public var sourceIDsOnDisk: Set<String>
    /// The incident ids each case file names, with their positions (an invalid file's too).
    public var caseIncidentReferences: [(path: String, references: [SourceReference])] = []
    /// Ids of every incident file, even those with errors, so a case naming a broken incident is not also "unknown".
    public var incidentIDsOnDisk: Set<String> = []
    public var diagnostics: [Diagnostic]
    /// What the files warn about (`DiagnosticCollector.warning`): reported by `tracker check`, fatal with `--strict`.
    public var warnings: [Diagnostic] = []
    /// Errors that hold only if an id names a source (`ConditionalDiagnostic`): the linker reports those that do.
    var ifSource: [ConditionalDiagnostic] = []
    /// Every file of `static/`, and of every bundle (drafts' too: the linker keeps those of published items).
    public var staticFiles: [SiteFile] = []
    var bundleFiles: [BundleFile] = []
    /// The dead addresses recorded by the last `tracker check --links` (`LinkCache.dead`).
    public var deadLinks: [String: LinkRecord] = [:]
    /// The git history of `content/`; nil when the site is not in git (`GitHistory`).
    public var history: SiteHistory?
    /// How long reading `history` took (`git log` and its parsing; it runs while the files are decoded), for
    /// `--timings`; nil when the site is not in git.
    public var historySeconds: Double?
    /// The translations into the site's other languages, by path (`Translation`); with `diagnostics` empty, all valid.
    var translations: [(folder: ContentLoader.ContentFolder, translation: Translation)] = []
    /// The id of every item file on disk, per folder (those with errors too): a translation needs its original.
    var originalIDs: [ContentLoader.ContentFolder: Set<String>] = [:]
}

/// Reads and decodes content files, in parallel, collecting every error rather than stopping at the first.
/// A full load and the preview's rebuild use the same steps: `loadConfig`, one `decode…` call per file,
/// then `assemble`; the preview only chooses which files to decode again.
public struct ContentLoader: Sendable {
    public let siteDirectory: String
    /// Where incident bodies' HTML goes once rendered (`tracker build`); nil keeps it in memory.
    var bodySpill: BodySpill?
    /// Whether `load` shares one copy of each repeated string among the files (`StringInterner`): `tracker build`,
    /// whose whole site stays in memory until its pages are written.
    var internsStrings = false
    /// The interner of one `load` (set by it when `internsStrings`), dropped with the loader's copy when it returns.
    var interner: StringInterner?
    /// Collects the size and hash of every file read, for the build cache's key (`tracker build`).
    var digests: FileDigests?
    /// `--base-url`, which sets the base path the bodies' links are rewritten with (when it is an http(s) address).
    var baseURLOverride: String?
    /// The git state the history is read at, when the caller already asked (the build cache's key needs it first).
    var gitState: GitStateChoice = .read
    /// The codes of the site's other languages (set from site.yml by `load`): `<id>.<code>.md` files are translations.
    var translationCodes: [String] = []
    /// The codes site.yml's `languages:` writes but rejects (`SiteConfig.rejectedLanguageCodes`): their
    /// translations are left unread rather than read as items, each failing on the keys an item needs.
    var rejectedTranslationCodes: [String] = []
    /// Where the files read may lead through symbolic links (set by `load`); nil: anywhere.
    var boundary: SiteBoundary?

    enum GitStateChoice: Sendable {
        /// Ask git while loading.
        case read
        /// Already known (nil: no history).
        case known(GitHistory.State?)
        /// Being asked on another thread.
        case asked(GitHistory.Query)
    }

    enum ContentFolder: String, CaseIterable, Sendable {
        case incidents = "content/incidents"
        case sources = "content/sources"
        case pages = "content/pages"
        case cases = "content/cases"

        /// The route of an item of this folder.
        func route(_ id: String) -> Route {
            switch self {
            case .incidents: return .incident(id)
            case .sources: return .source(id)
            case .pages: return .page(id)
            case .cases: return .legalCase(id)
            }
        }
    }

    public init(siteDirectory: String) {
        self.siteDirectory = siteDirectory
    }

    /// The path shown in messages: relative to the working directory as the user named the site.
    func displayPath(_ relative: String) -> String {
        siteDirectory == "." || siteDirectory.isEmpty ? relative : (siteDirectory.hasSuffix("/") ? siteDirectory + relative : siteDirectory + "/" + relative)
    }

    /// The id a content file's name gives ("content/incidents/pk-2024.md" → "pk-2024"); a bundle's
    /// `index.md` takes its folder's name ("content/incidents/pk-2024/index.md" → "pk-2024").
    static func id(ofFile relative: String) -> String {
        if let folder = bundleFolder(ofFile: relative) { return String(fileName(folder)) }
        return String(fileName(relative).dropLast(3))
    }

    /// The folder a content file is in, by its path.
    static func folder(ofFile relative: String) -> ContentFolder? {
        ContentFolder.allCases.first { relative.hasPrefix($0.rawValue + "/") }
    }

    /// The original's id a translation's file name gives ("content/incidents/x.ur.md" → "x"; a bundle's
    /// "content/incidents/x/index.ur.md" → "x"), and the path of the original's file.
    static func original(ofTranslation relative: String, code: String) -> (id: String, relative: String) {
        let name = fileName(relative)
        let folder = String(relative.dropLast(name.count + 1))
        if name == "index.\(code).md", folder.utf8.count(where: { $0 == UInt8(ascii: "/") }) >= 2 {
            return (String(fileName(folder)), folder + "/" + ContentFiles.bundleIndex)
        }
        let id = String(name.dropLast(code.count + 4))
        return (id, folder + "/" + id + ".md")
    }

    /// The bundle folder of a bundle's `index.md` ("content/incidents/x/index.md" → "content/incidents/x"), nil for
    /// any other file. The content folder's own index.md is not a bundle: "content/incidents/index.md" is the incident "index".
    static func bundleFolder(ofFile relative: String) -> String? {
        let name = fileName(relative)
        guard name == ContentFiles.bundleIndex else { return nil }
        let folder = String(relative.dropLast(name.count + 1))
        return folder.utf8.count(where: { $0 == UInt8(ascii: "/") }) >= 2 ? folder : nil
    }

    /// The Markdown options site.yml (and `--base-url`) give.
    func decodeOptions(_ config: SiteConfig) -> DecodeOptions {
        let baseURL = baseURLOverride.flatMap { WebAddress.isHTTP($0) ? $0 : nil } ?? config.baseURL
        return DecodeOptions(markdown: MarkdownOptions(allowRawHTML: config.allowRawHTML, basePath: SiteConfig.basePath(of: baseURL)),
                             fields: config.fields)
    }

    public func load() -> LoadedContent {
        let (config, configDiagnostics, configUnread) = loadConfig()
        guard !configUnread else { return configErrorsOnly(config, configDiagnostics) }
        var loader = self
        loader.translationCodes = config.otherLanguages.map(\.code)
        loader.rejectedTranslationCodes = config.rejectedLanguageCodes
        loader.boundary = SiteBoundary(siteDirectory: siteDirectory)
        if internsStrings { loader.interner = StringInterner() }
        let content = loader.load(config: config, configDiagnostics: configDiagnostics)
        // The interner's table (every repeated value read, once) is freed on another thread: linking comes next.
        if let interner = loader.interner {
            loader.interner = nil
            freeInBackground(consume interner)
        }
        return content
    }

    private func load(config: SiteConfig, configDiagnostics: [Diagnostic]) -> LoadedContent {
        let options = decodeOptions(config)
        // The folders are listed two at once: listing (and sorting) a large site's thousands of names is serial work.
        let (first, rest) = concurrently({ ContentFiles(folder: ContentFolder.allCases[0], loader: self) },
                                         { [self] in ContentFolder.allCases.dropFirst().map { ContentFiles(folder: $0, loader: self) } })
        let folders = [first] + rest
        // git runs while the files are decoded.
        let (assembled, history) = concurrently({
            let incidents = decodeAll(folders[0]) { decodeIncident($0, options: options) }
            let sources = decodeAll(folders[1]) { decodeSource($0, options: options) }
            let pages = decodeAll(folders[2]) { decodePage($0, options: options) }
            let cases = decodeAll(folders[3]) { decodeCase($0, options: options) }
            let translations = folders.flatMap(\.translations).parallelMap { (path: $0, result: decodeTranslation($0, options: options)) }
            let content = assemble(config: config, configDiagnostics: configDiagnostics + folders.compactMap { folder in
                                       folder.outsideRoot.map { Diagnostic(path: $0.path, line: 1, column: 1, message: SiteBoundary.message(target: $0.target)) }
                                   },
                                   incidents: incidents, sources: sources, pages: pages, cases: cases, translations: translations)
            // What was decoded, as read (the content holds its items), is freed on another thread: a large site's
            // hundreds of thousands of values, between loading and linking, which wait for it.
            freeInBackground((consume incidents, consume sources, consume pages, consume cases, consume translations))
            return content
        }, { [self] in readHistory() })
        var content = assembled
        content.historySeconds = history?.seconds
        content.bundleFiles = folders.flatMap(\.bundleFiles)
        content.staticFiles = ContentFiles.staticFiles(self)
        content.deadLinks = LinkCache.load(siteDirectory: siteDirectory).dead
        content.history = history?.history
        return content
    }

    /// The history of `content/` at the git state chosen (`gitState`), and how long reading it took; nil
    /// without git (or when git fails).
    func readHistory() -> (history: SiteHistory, seconds: Double)? {
        let state: GitHistory.State?
        switch gitState {
        case .read: state = GitHistory.state(siteDirectory: siteDirectory)
        case .known(let known): state = known
        case .asked(let query): state = query.state
        }
        guard let state else { return nil }
        let (history, seconds) = RenderTimings.measured { GitHistory.read(siteDirectory: siteDirectory, state: state, contentPrefix: displayPath("content/")) }
        return history.map { ($0, seconds) }
    }

    /// Every Markdown file of a folder decoded, in parallel, listed by path.
    private func decodeAll<Value>(_ files: ContentFiles, _ decode: @Sendable (String) -> Decoded<Value>) -> [(path: String, result: Decoded<Value>)] {
        files.markdown.parallelMap { (path: $0, result: decode($0)) }
    }

    /// The content when site.yml could not be read (`loadConfig`'s `unread`): its errors alone. Without its
    /// settings (its languages, its fields) every other file would be read wrongly, each misreading an error
    /// of its own that hides the one that matters.
    func configErrorsOnly(_ config: SiteConfig, _ diagnostics: [Diagnostic]) -> LoadedContent {
        assemble(config: config, configDiagnostics: diagnostics, incidents: [], sources: [], pages: [])
    }

    /// site.yml's settings and errors; `unread` when it could not be read at all (not UTF-8, not YAML, not a
    /// mapping), so that none of its settings are known.
    func loadConfig() -> (config: SiteConfig, diagnostics: [Diagnostic], unread: Bool) {
        var diagnostics: [Diagnostic] = []
        var unread = true
        let configPath = displayPath("content/site.yml")
        let fallbackConfig = SiteConfig(title: "", baseURL: "/")
        var config = fallbackConfig
        if var text = readText(configPath, into: &diagnostics) {
            // A byte order mark (which Windows' Notepad may write) is not YAML: libyaml read the file as a second
            // document and said "did not find expected <document start>". Content files skip it too.
            if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
            let collector = DiagnosticCollector(path: configPath)
            ForbiddenCharacters.reportLiteral(in: text, collector: collector)
            if let mapping = parseYAML(FrontMatter.normalizedLineEnds(text), collector: collector, lineOffset: 0, source: .file("site.yml")) {
                let reader = FieldReader(mapping: mapping, collector: collector, lineOffset: 0,
                                         ownLocation: SourceLocation(line: 1, column: 1), what: "site.yml")
                config = SiteConfig.decode(reader)
                unread = false
            }
            diagnostics += collector.diagnostics
        }
        return (config, diagnostics, unread && !diagnostics.isEmpty)
    }

    /// How a body's links are rewritten and recorded: relative to the item's page, with the digests of the files beside it.
    func links(_ relative: String, route: Route, frontMatter: FrontMatter) -> MarkdownLinks {
        let bundle = Self.bundleFolder(ofFile: relative).map(displayPath)
        let location = route.location
        return MarkdownLinks(pageLocation: location, firstLine: frontMatter.bodyFirstLine) { target in
            // Only a file of this item's own bundle has a digest shown (a court order beside the incident).
            guard let bundle, target.hasPrefix(location) else { return nil }
            let file = target.dropFirst(location.count)
            guard !file.isEmpty, !file.split(separator: "/").contains(where: { $0.hasPrefix(".") }),
                  let data = FileTree.read(bundle + "/" + file) else { return nil }
            return ContentHash.hex(ContentHash.digest(data))
        }
    }

    func decodeIncident(_ relative: String, options: DecodeOptions) -> Decoded<Incident.Decoded> {
        decodeFile(relative, kind: "incident") { id, path, reader, frontMatter in
            // The body's HTML goes to the spill as cmark writes it (`bodySpill`; in memory without one).
            let body = renderBody(frontMatter, options: options, links: links(relative, route: .incident(id), frontMatter: frontMatter),
                                  collector: reader.collector, spill: bodySpill)
            return Incident.decode(id: id, path: path, reader: reader, body: body, bodyFirstLine: frontMatter.bodyFirstLine,
                                   fields: options.fields.incidents)
        }
    }

    func decodeSource(_ relative: String, options: DecodeOptions) -> Decoded<Source> {
        decodeFile(relative, kind: "source") { id, path, reader, frontMatter in
            Source.decode(id: id, path: path, reader: reader,
                          body: renderBody(frontMatter, options: options, links: links(relative, route: .source(id), frontMatter: frontMatter),
                                           collector: reader.collector),
                          bodyFirstLine: frontMatter.bodyFirstLine, fields: options.fields.sources)
        }
    }

    func decodePage(_ relative: String, options: DecodeOptions) -> Decoded<Page> {
        decodeFile(relative, kind: "page") { id, path, reader, frontMatter in
            Page.decode(id: id, path: path, reader: reader,
                        body: renderBody(frontMatter, options: options, links: links(relative, route: .page(id), frontMatter: frontMatter),
                                         collector: reader.collector),
                        bodyFirstLine: frontMatter.bodyFirstLine)
        }
    }

    /// A translation (`<id>.<code>.md`): its text, with the body's links rewritten from the original's page.
    func decodeTranslation(_ relative: String, options: DecodeOptions) -> Decoded<Translation> {
        let folder = Self.folder(ofFile: relative) ?? .incidents
        let code = ContentFiles.translationLanguage(ofFile: Self.fileName(relative), codes: translationCodes) ?? ""
        let original = Self.original(ofTranslation: relative, code: code)
        let kind = String(String(describing: folder).dropLast())
        return decodeFile(relative, kind: kind + " translation", id: original.id) { id, path, reader, frontMatter in
            let blank = frontMatter.body.allSatisfy(\.isWhitespace)
            let body = blank ? nil : renderBody(frontMatter, options: options, links: links(original.relative, route: folder.route(id), frontMatter: frontMatter),
                                                collector: reader.collector)
            return Translation.decode(language: code, id: id, path: path, original: displayPath(original.relative), folder: folder,
                                      reader: reader, body: body, bodyFirstLine: frontMatter.bodyFirstLine, fields: options.fields)
        }
    }

    func decodeCase(_ relative: String, options: DecodeOptions) -> Decoded<LegalCase.Decoded> {
        decodeFile(relative, kind: "case") { id, path, reader, frontMatter in
            LegalCase.decode(id: id, path: path, reader: reader,
                             body: renderBody(frontMatter, options: options, links: links(relative, route: .legalCase(id), frontMatter: frontMatter),
                                              collector: reader.collector),
                             bodyFirstLine: frontMatter.bodyFirstLine, bundle: Self.bundleFolder(ofFile: relative).map(displayPath))
        }
    }

    /// A file's body as HTML; each `[@…]` that cannot be a citation where it is written is an error at its position.
    func renderBody(_ frontMatter: FrontMatter, options: DecodeOptions, links: MarkdownLinks, collector: DiagnosticCollector,
                    spill: BodySpill? = nil) -> RenderedMarkdown {
        var body = MarkdownRenderer.render(frontMatter.body, options: options.markdown, links: links, spill: spill)
        if let interner { body = body.interningSourceIDs(interner) }
        for problem in body.citationProblems {
            let location = SourceLocation(line: frontMatter.bodyFirstLine + problem.line - 1, column: problem.column)
            if problem.sourceIDs.isEmpty {
                collector.error(problem.message, at: location)
            } else {
                collector.error(problem.message, at: location, ifOneIsASource: problem.sourceIDs)
            }
        }
        return body
    }

    /// Puts per-file results together (each list sorted by path, as `markdownFiles` gives them): the
    /// valid values, every file's diagnostics and source references.
    func assemble(config: SiteConfig, configDiagnostics: [Diagnostic],
                  incidents: [(path: String, result: Decoded<Incident.Decoded>)],
                  sources: [(path: String, result: Decoded<Source>)],
                  pages: [(path: String, result: Decoded<Page>)],
                  cases: [(path: String, result: Decoded<LegalCase.Decoded>)] = [],
                  translations: [(path: String, result: Decoded<Translation>)] = []) -> LoadedContent {
        // The incidents' parts and the sources' are gathered at once: on a large site each is tens of thousands of
        // items, and this runs between decoding and linking, which keep every core busy.
        let (incidentParts, sourceParts) = concurrently({ [self] in
            gather(incidents, item: { $0.valid ? $0.value?.incident : nil }, references: { $0.value?.references ?? [] })
        }, { [self] in
            gather(sources, item: { $0.valid ? $0.value : nil }, references: { $0.value?.bodyCitations })
        })
        let (pageProblems, caseProblems, translationProblems) = (Self.problems(of: pages), Self.problems(of: cases), Self.problems(of: translations))
        // Each list as long as the site is copied once (a chain of `+` copied the first parts again at each step).
        var references: [(path: String, references: [SourceReference])] = []
        references.reserveCapacity(incidentParts.references.count + sourceParts.references.count + pages.count + cases.count)
        references += incidentParts.references
        references += sourceParts.references
        references += pages.compactMap { file in file.result.value.map { (path: displayPath(file.path), references: $0.bodyCitations) } }
        references += cases.map { (path: displayPath($0.path), references: $0.result.value?.references ?? []) }
        var content = LoadedContent(
            config: config,
            incidents: incidentParts.items,
            sources: sourceParts.items,
            pages: pages.compactMap { $0.result.valid ? $0.result.value : nil },
            references: references,
            sourceIDsOnDisk: sourceParts.ids,
            diagnostics: configDiagnostics + incidentParts.problems.errors + sourceParts.problems.errors + pageProblems.errors
                + caseProblems.errors + translationProblems.errors)
        content.warnings = incidentParts.problems.warnings + sourceParts.problems.warnings + pageProblems.warnings
            + caseProblems.warnings + translationProblems.warnings
        content.ifSource = incidentParts.problems.ifSource + sourceParts.problems.ifSource + pageProblems.ifSource
            + caseProblems.ifSource + translationProblems.ifSource
        content.cases = cases.compactMap { $0.result.valid ? $0.result.value?.legalCase : nil }
        content.incidentIDsOnDisk = incidentParts.ids
        content.caseIncidentReferences = cases.map { (displayPath($0.path), $0.result.value?.incidents ?? []) }
        guard !translations.isEmpty else { return content }
        content.references += translations.compactMap { file in file.result.value.map { (displayPath(file.path), $0.bodyCitations) } }
        // Those with errors too, checked against their originals: a build reports every error at once (and fails).
        content.translations = translations.compactMap { file in
            guard let value = file.result.value, let folder = Self.folder(ofFile: file.path) else { return nil }
            return (folder, value)
        }
        content.originalIDs[.incidents] = content.incidentIDsOnDisk
        content.originalIDs[.sources] = content.sourceIDsOnDisk
        content.originalIDs[.pages] = Set(pages.map { Self.id(ofFile: $0.path) })
        return content
    }

    /// The items of decoded files (`item` of each file, nil for none), the references of each (nil to leave the file
    /// out), the ids their names give, and their problems, in the files' order. One pass, each file read by index
    /// and in place: a `map` per part copied every decoded file (and retained each of its fields) once for each part.
    private func gather<Value, Item>(_ files: [(path: String, result: Decoded<Value>)], item: (Decoded<Value>) -> Item?,
                                     references: (Decoded<Value>) -> [SourceReference]?)
        -> (items: [Item], references: [(path: String, references: [SourceReference])], ids: Set<String>,
            problems: (errors: [Diagnostic], warnings: [Diagnostic], ifSource: [ConditionalDiagnostic])) {
        var items: [Item] = []
        var fileReferences: [(path: String, references: [SourceReference])] = []
        var ids = Set<String>(minimumCapacity: files.count)
        items.reserveCapacity(files.count)
        fileReferences.reserveCapacity(files.count)
        for index in files.indices {
            let path = files[index].path
            ids.insert(Self.id(ofFile: path))
            if let list = references(files[index].result) { fileReferences.append((path: displayPath(path), references: list)) }
            if let item = item(files[index].result) { items.append(item) }
        }
        return (items, fileReferences, ids, Self.problems(of: files))
    }

    /// The errors, warnings and conditional errors of decoded files, in the files' order: a loop over them, most
    /// with none (a key path per file and list cost more, on one core, at 100,000 files).
    static func problems<Value>(of files: [(path: String, result: Decoded<Value>)])
        -> (errors: [Diagnostic], warnings: [Diagnostic], ifSource: [ConditionalDiagnostic]) {
        var problems: (errors: [Diagnostic], warnings: [Diagnostic], ifSource: [ConditionalDiagnostic]) = ([], [], [])
        // By index, each list read in place (a loop over the elements copied each file's value).
        for index in files.indices {
            if !files[index].result.diagnostics.isEmpty { problems.errors += files[index].result.diagnostics }
            if !files[index].result.warnings.isEmpty { problems.warnings += files[index].result.warnings }
            if !files[index].result.ifSource.isEmpty { problems.ifSource += files[index].result.ifSource }
        }
        return problems
    }

    struct Decoded<Value: Sendable>: Sendable {
        var value: Value?
        /// False when the file had any error; its value is then only partial.
        var valid = false
        var diagnostics: [Diagnostic]
        var warnings: [Diagnostic] = []
        /// Errors that hold only if an id names a source (`ConditionalDiagnostic`).
        var ifSource: [ConditionalDiagnostic] = []
    }

    /// The items' Markdown files of a content folder, sorted, relative to the site (see `ContentFiles`).
    /// Walks with `readdir` (whose entries carry their type) rather than `FileManager`'s enumerator,
    /// which stats and bridges every entry: on a site of thousands of files that was a visible part of the load.
    func markdownFiles(in folder: ContentFolder) -> [String] {
        ContentFiles(folder: folder, loader: self).markdown
    }

    /// The last component of a relative path ("content/incidents/a.md" → "a.md"), without bridging to NSString.
    static func fileName(_ path: String) -> Substring {
        // The last "/" found in the bytes in place: the view's generic `lastIndex(of:)` cost about 850
        // instructions a path, for every content file.
        var bytes = path
        guard let slash = bytes.withUTF8({ $0.lastIndex(of: UInt8(ascii: "/")) }) else { return path[...] }
        return path[path.utf8.index(path.startIndex, offsetBy: slash + 1)...]
    }

    func decodeFile<Value: Sendable>(
        _ relative: String, kind: String, id givenID: String? = nil,
        _ decode: (String, String, FieldReader, FrontMatter) -> Value?
    ) -> Decoded<Value> {
        let path = displayPath(relative)
        if let message = Self.misnamed(relative) {
            return Decoded(value: nil, diagnostics: [Diagnostic(path: path, line: 1, column: 1, message: message)])
        }
        var diagnostics: [Diagnostic] = []
        guard let text = readText(path, into: &diagnostics, relative: relative) else { return Decoded(value: nil, diagnostics: diagnostics) }
        let collector = DiagnosticCollector(path: path)
        let id = givenID ?? Self.id(ofFile: relative)
        if !ContentID.isValid(id) {
            let named = Self.bundleFolder(ofFile: relative) == nil ? "file" : "folder"
            collector.error("the \(kind) id '\(id)' comes from the \(named) name and must be lowercase letters, digits, '-', '_' or '.', starting with a letter or digit; rename the \(named)", at: SourceLocation(line: 1, column: 1))
            return Decoded(value: nil, diagnostics: collector.diagnostics)
        }
        let frontMatter: FrontMatter
        do {
            frontMatter = try FrontMatter.split(text)
            ForbiddenCharacters.reportLiteral(in: text, collector: collector)
            ForbiddenCharacters.references(in: frontMatter.body, firstLine: frontMatter.bodyFirstLine, collector: collector)
        } catch {
            switch error {
            case .missingOpening:
                collector.error("missing front matter: the file must start with a line that is exactly '---'", at: SourceLocation(line: 1, column: 1))
            case .missingClosing:
                collector.error("front matter is not closed: end it with a line that is exactly '---'", at: SourceLocation(line: 1, column: 1))
            }
            return Decoded(value: nil, diagnostics: collector.diagnostics)
        }
        var value: Value?
        if let mapping = parseYAML(frontMatter.yaml, collector: collector, lineOffset: frontMatter.yamlFirstLine - 1) {
            var reader = FieldReader(mapping: mapping, collector: collector, lineOffset: frontMatter.yamlFirstLine - 1,
                                     ownLocation: SourceLocation(line: 1, column: 1), what: kind)
            reader.interner = interner
            if givenID == nil, let at = reader.keyLocation("translation_of") {
                // A translation whose language site.yml does not list (a typo there, a language removed): read as an
                // item, it would fail on every key an item needs. One error says what it is instead.
                collector.error(strayTranslationMessage(id: id, relative: relative), at: at)
                return Decoded(value: nil, diagnostics: collector.diagnostics)
            }
            value = decode(id, path, reader, frontMatter)
        }
        return Decoded(value: value, valid: collector.diagnostics.isEmpty, diagnostics: collector.diagnostics, warnings: collector.warnings,
                       ifSource: collector.ifSource)
    }

    /// The error for an item file holding `translation_of`: a translation into a language site.yml does not list.
    func strayTranslationMessage(id: String, relative: String) -> String {
        let listed = translationCodes.isEmpty ? "it lists none" : "it lists " + translationCodes.joined(separator: ", ")
        let start = "'translation_of' makes this file a translation, but "
        if Self.bundleFolder(ofFile: relative) == nil, let dot = id.lastIndex(of: ".") {
            let code = id[id.index(after: dot)...]
            return start + "'\(code)' in its name is not one of the site's other languages in site.yml (\(listed)); add the language there, or rename the file"
        }
        let name = Self.bundleFolder(ofFile: relative) == nil ? id + ".<code>.md" : "index.<code>.md"
        return start + "its name gives no language: name it \(name), with <code> one of the site's other languages in site.yml (\(listed))"
    }

    /// What is wrong with a content file's name that ends in another spelling of Markdown than `.md`
    /// (`ContentFiles.isMarkdownOtherwiseNamed`); nil for a name that ends in `.md`.
    static func misnamed(_ relative: String) -> String? {
        guard !relative.hasSuffix(".md") else { return nil }
        let name = fileName(relative)
        let stem = name.lastIndex(of: ".").map { name[..<$0] } ?? name
        return "a content file's name must end in '.md' (in lowercase) for the build to read it, not '\(name[stem.endIndex...])'; rename it \(stem).md"
    }

    /// Why a file listed as content could not be read: what it is instead of a file, or the system's reason.
    /// `openError`: the errno of the open that failed, if one did (a file the system refuses for want of a descriptor
    /// is still a readable file to `access`).
    static func whyUnreadable(_ path: String, openError: Int32 = 0) -> String {
        // A name that is not UTF-8 was listed with U+FFFD in its place, so no file has the name asked for.
        if path.unicodeScalars.contains("\u{FFFD}") { return "its name is not valid UTF-8; rename it" }
        var info = stat()
        guard stat(path, &info) == 0 else {
            let reason = errno
            var link = stat()
            if lstat(path, &link) == 0, link.st_mode & S_IFMT == S_IFLNK { return "it is a link to nothing" }
            return String(cString: strerror(reason))
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return "it is a folder"
        case S_IFREG:
            if openError != 0 { return String(cString: strerror(openError)) }
            return String(cString: strerror(access(path, R_OK) == 0 ? EIO : errno))
        default: return "it is not a regular file (a pipe, a socket or a device)"
        }
    }

    func readText(_ path: String, into diagnostics: inout [Diagnostic], relative: String? = nil) -> String? {
        // Not following a link at first: a link is followed only once it is known to stay in the site.
        // Non-blocking: a pipe named like a content file is reported, not waited on.
        var descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        if descriptor < 0, errno == ELOOP {
            if let target = boundary?.outsideTarget(of: path) {
                diagnostics.append(Diagnostic(path: path, line: 1, column: 1, message: SiteBoundary.message(target: target)))
                return nil
            }
            descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        }
        let openError = descriptor < 0 ? errno : 0
        var data: Data?
        if descriptor >= 0 {
            var info = stat()
            if fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG { data = FileTree.read(descriptor, size: Int(info.st_size)) }
            close(descriptor)
        }
        guard let data else {
            diagnostics.append(Diagnostic(path: path, line: 1, column: 1, message: "cannot read the file: \(Self.whyUnreadable(path, openError: openError))"))
            return nil
        }
        if let digests, let relative { digests.record(relative, BuildCache.digest(data)) }
        guard let text = String(validating: data, as: UTF8.self) else {
            diagnostics.append(InvalidUTF8.diagnostic(path: path, data, what: "the file"))
            return nil
        }
        return text
    }
}

/// `content/site.yml`: the tracker's name, address and options.
public struct SiteConfig: Sendable, Hashable {
    public var title: String
    public var description: String
    /// Always ends with "/".
    public var baseURL: String
    public var language: String
    public var author: String
    public var allowRawHTML: Bool
    public var feedItems: Int
    /// Taxonomies listed in the navigation, in order: "countries", "platforms".
    public var taxonomies: [String]
    /// Extra incident and source fields the site declares (`fields:`), in declaration order.
    public var fields = CustomFields()
    /// How many items a list page (incidents, timeline events, sources, a country's or platform's incidents)
    /// shows before it continues on `page/2/`. A list no longer than this is one page, as before.
    public var pageSize: Int
    /// Whether the home page and `/countries/` show the world map (`options: map:`, on by default).
    public var showMap = true
    /// Every language of a multilingual site (`languages:`), the default (`language`) first; empty for a
    /// site in one language, whose output is then exactly as before languages existed.
    public var languages: [SiteLanguage] = []
    /// The codes `languages:` writes that are not among `languages` (an error each: not a tag, listed twice,
    /// reserved, or all of them when the default is missing), lowercased as a file name would write them.
    /// Their translations (`<id>.<code>.md`) are left unread, not read as items: site.yml's error says why.
    var rejectedLanguageCodes: [String] = []

    static let keys = ["title", "description", "base_url", "language", "author", "options", "fields", "languages"]
    static let optionKeys = ["raw_html", "feed_items", "taxonomies", "page_size", "map"]
    public static let defaultPageSize = 100
    public static let knownTaxonomies = ["countries", "platforms"]

    public init(title: String, description: String = "", baseURL: String, language: String = "en", author: String? = nil,
                allowRawHTML: Bool = false, feedItems: Int = 20, taxonomies: [String] = SiteConfig.knownTaxonomies,
                pageSize: Int = SiteConfig.defaultPageSize) {
        self.title = title
        self.description = description
        self.baseURL = Self.normalizedBaseURL(baseURL)
        self.language = language
        self.author = author ?? title
        self.allowRawHTML = allowRawHTML
        self.feedItems = feedItems
        self.taxonomies = taxonomies
        self.pageSize = pageSize
    }

    /// The default language: the first of `languages`, or `language` with its script's direction.
    public var defaultLanguage: SiteLanguage { languages.first ?? SiteLanguage(code: language) }

    /// The languages other than the default, whose pages are under `/<code>/`.
    public var otherLanguages: ArraySlice<SiteLanguage> { languages.dropFirst() }

    static func normalizedBaseURL(_ url: String) -> String { url.hasSuffix("/") ? url : url + "/" }

    /// The same configuration published at another address (`--base-url`).
    public func replacingBaseURL(_ url: String) -> SiteConfig {
        var config = self
        config.baseURL = Self.normalizedBaseURL(url)
        return config
    }

    /// The path part of `baseURL` ("/" or "/tracker/"): every internal link starts with it.
    public var basePath: String { Self.basePath(of: baseURL) }

    /// The path of an address: "/" for `https://example.org/`, "/tracker/" for `https://example.org/tracker/`.
    static func basePath(of baseURL: String) -> String {
        guard let schemeEnd = baseURL.range(of: "://") else { return "/" }
        let afterScheme = baseURL[schemeEnd.upperBound...]
        guard let slash = afterScheme.firstIndex(of: "/") else { return "/" }
        return String(afterScheme[slash...])
    }

    /// Reads site.yml, recording every error. Without a title or base_url the result is a blank
    /// configuration that keeps the declared fields and languages.
    static func decode(_ reader: FieldReader) -> SiteConfig {
        reader.rejectUnknownKeys(allowed: keys)
        let title = reader.string("title", required: true)
        var baseURL = reader.url("base_url")
        if reader.entry("base_url") == nil { _ = reader.string("base_url", required: true) }
        if let url = baseURL, let problem = WebAddress.baseURLProblem(url), let entry = reader.entry("base_url") {
            reader.collector.error("'base_url' \(problem)", at: reader.location(of: entry.value))
            baseURL = nil
        }
        let language = reader.string("language") ?? "en"
        if !LanguageTag.isValid(language), let at = reader.entry("language").map({ reader.location(of: $0.value) }) {
            reader.collector.error("'language' must be a language tag such as en or pt-BR, not '\(language)'", at: at)
        }
        var config = SiteConfig(
            title: title ?? "", description: reader.string("description") ?? "", baseURL: baseURL ?? "/",
            language: language, author: reader.string("author"))
        config.fields = CustomFields.decode(reader)
        (config.languages, config.rejectedLanguageCodes) = decodeLanguages(reader, defaultLanguage: language)
        if let (_, optionsNode) = reader.entry("options") {
            decodeOptions(optionsNode, of: reader, into: &config)
        }
        guard title != nil, baseURL != nil else {
            // The declared fields and languages still count: without them every file using a field would also get
            // "unknown key", and every translation would be read as an item of its own.
            var fallback = SiteConfig(title: "", baseURL: "/")
            fallback.fields = config.fields
            fallback.languages = config.languages
            fallback.rejectedLanguageCodes = config.rejectedLanguageCodes
            return fallback
        }
        return config
    }

    /// `options:` of site.yml into `config`. Not a mapping, it is an error and the defaults stay: the rest of
    /// site.yml (its fields, its languages) still counts.
    private static func decodeOptions(_ optionsNode: FrontMatterNode, of reader: FieldReader, into config: inout SiteConfig) {
        guard let mapping = optionsNode.mapping else {
            reader.collector.error("'options' must be a mapping of option names to values", at: reader.location(of: optionsNode))
            return
        }
        let options = FieldReader(mapping: mapping, collector: reader.collector, lineOffset: reader.lineOffset,
                                  ownLocation: reader.location(of: optionsNode), what: "site options")
        options.rejectUnknownKeys(allowed: optionKeys)
        config.allowRawHTML = options.bool("raw_html") ?? false
        config.feedItems = options.integer("feed_items", in: 1...10_000) ?? 20
        config.pageSize = options.integer("page_size", in: 1...100_000) ?? defaultPageSize
        config.showMap = options.bool("map") ?? true
        if options.entry("taxonomies") != nil {
            var chosen: [String] = []
            for (name, at) in options.stringList("taxonomies") {
                if chosen.contains(name) {
                    reader.collector.error("taxonomy '\(name)' is listed twice", at: at)
                } else if knownTaxonomies.contains(name) {
                    chosen.append(name)
                } else {
                    reader.collector.error("unknown taxonomy '\(name)'; the tracker has \(knownTaxonomies.joined(separator: " and "))\(Suggestion.hint(for: name, in: knownTaxonomies))", at: at)
                }
            }
            config.taxonomies = chosen
        }
    }

    /// `languages:`, a list of `{code, name, direction, title, description}` that names the default language
    /// (`language`) too; returned with the default first, the others in the order written, and beside them the
    /// codes written but rejected (`rejectedLanguageCodes`).
    static func decodeLanguages(_ reader: FieldReader, defaultLanguage: String) -> (languages: [SiteLanguage], rejected: [String]) {
        var rejected: [String] = []
        func reject(_ code: String) {
            let name = code.lowercased()
            if !name.isEmpty, !name.contains("/"), !rejected.contains(name) { rejected.append(name) }
        }
        guard let items = reader.mappingList("languages", what: "language",
                                             notAList: "'languages' must be a list of languages, each with a code and a name",
                                             notAMapping: "each language must be a mapping with code and name, such as {code: ur, name: اردو}",
                                             allowsEmpty: false), !items.isEmpty else { return ([], []) }
        var languages: [SiteLanguage] = []
        for entry in items {
            entry.rejectUnknownKeys(allowed: SiteLanguage.keys)
            let code = entry.string("code", required: true)
            let name = entry.string("name", required: true)
            let direction = entry.oneOf("direction", TextDirection.allCases.map(\.rawValue)).flatMap(TextDirection.init)
            guard let code else { continue }
            let at = entry.location(of: entry.entry("code")!.value)
            if !LanguageTag.isValid(code) {
                reader.collector.error("language code must be a language tag such as en or pt-BR, not '\(code)'", at: at)
                reject(code)
                continue
            }
            if languages.contains(where: { $0.code == code }) {
                reader.collector.error("language '\(code)' is listed twice", at: at)
                continue
            }
            if code != defaultLanguage, Route.reservedSlugs.contains(code) {
                reader.collector.error("language '\(code)' would put its pages in /\(code)/, which the site uses for its own output", at: at)
                reject(code)
                continue
            }
            languages.append(SiteLanguage(code: code, name: name, direction: direction,
                                          title: entry.string("title"), description: entry.string("description")))
        }
        guard let first = languages.firstIndex(where: { $0.code == defaultLanguage }) else {
            reader.collector.error("'languages' must list the default language '\(defaultLanguage)' (set by 'language')", at: reader.keyLocation("languages") ?? reader.ownLocation)
            for language in languages { reject(language.code) }
            return ([], rejected)
        }
        let chosen = languages.remove(at: first)
        return ([chosen] + languages, rejected)
    }
}

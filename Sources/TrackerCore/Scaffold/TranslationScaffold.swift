import Foundation

/// The file `tracker new <kind> --lang <code> <id>` writes: a translation of an existing item
/// (`<id>.<code>.md` beside it, `index.<code>.md` in a bundle) with every key it may set left empty, the
/// original's whole text in comments to translate from, and the original's content hash in `translation_of`.
public struct TranslationScaffold: Sendable {
    public let kind: Scaffold.Kind
    public let id: String
    public let language: String

    public init(kind: Scaffold.Kind, id: String, language: String) {
        self.kind = kind
        self.id = id
        self.language = language
    }

    var folder: ContentLoader.ContentFolder {
        switch kind {
        case .incident: return .incidents
        case .source: return .sources
        case .page: return .pages
        case .case: return .cases
        }
    }

    /// The original's file and the translation's, relative to the site: a bundle's if the item is one.
    public func paths(siteDirectory: String) -> (original: String, translation: String) {
        let bundle = "\(folder.rawValue)/\(id)/\(ContentFiles.bundleIndex)"
        if FileTree.isRegularFile((siteDirectory as NSString).appendingPathComponent(bundle)) {
            return (bundle, "\(folder.rawValue)/\(id)/index.\(language).md")
        }
        return ("\(folder.rawValue)/\(id).md", "\(folder.rawValue)/\(id).\(language).md")
    }

    /// Why the translation cannot be written, or nil: the language must be another language of the site,
    /// the original must exist and the translation must not. Also gives the site's custom fields.
    public func problem(siteDirectory: String) -> (message: String?, fields: CustomFields) {
        let config = ContentLoader(siteDirectory: siteDirectory).loadConfig().config
        if kind == .case { return ("court cases are not translated: a case's page shows its original text in every language", config.fields) }
        let others = config.otherLanguages.map(\.code)
        if language == config.defaultLanguage.code, !others.isEmpty {
            return ("'\(language)' is the site's own language, the one its originals are written in: its other languages are " + others.joined(separator: ", "), config.fields)
        }
        guard others.contains(language) else {
            let listed = others.isEmpty ? "it has no other language ('languages:' in content/site.yml)" : "its other languages are " + others.joined(separator: ", ")
            return ("'\(language)' is not one of the site's other languages: \(listed)", config.fields)
        }
        guard ContentID.isValid(id) else { return ("'\(id)' is not the id of \(kind == .incident ? "an" : "a") \(kind): ids are the file names in \(folder.rawValue)/, without .md", config.fields) }
        // `x.ur` names the file x.ur.md, which is itself a translation: the one to translate is x.
        if let code = ContentFiles.translationLanguage(ofFile: Substring(id + ".md"), codes: others) {
            return ("'\(id)' is the '\(code)' translation of '\(id.dropLast(code.count + 1))'; translate the original: tracker new \(kind) --lang \(language) \(id.dropLast(code.count + 1))", config.fields)
        }
        let (original, translation) = paths(siteDirectory: siteDirectory)
        let site = { (path: String) in (siteDirectory as NSString).appendingPathComponent(path) }
        guard FileTree.isRegularFile(site(original)) else { return ("there is no \(kind) '\(id)' to translate: \(site(original)) does not exist", config.fields) }
        if FileManager.default.fileExists(atPath: site(translation)) { return ("\(site(translation)) already exists; edit that file", config.fields) }
        return (nil, config.fields)
    }

    /// The translation's text, from the original file's bytes.
    public func text(original: Data, originalPath: String, fields: CustomFields = CustomFields()) -> String {
        let keys = Translation.translatableKeys(folder, fields: fields).filter { $0 != "translation_of" && $0 != "timeline" }
        var lines = ["---",
                     "# The '\(language)' translation of \(originalPath). Translate its text (below, in comments) into the",
                     "# keys and the body; facts (dates, country, status, platforms, sources) come from the original.",
                     "# A key left empty, and an empty body, keep the original's text."]
        lines += keys.map { "\($0):" }
        lines.append("translation_of: \(Translation.contentHash(original))   # the original's content hash when translated")
        if kind == .incident {
            lines.append("# timeline:   # optional: one entry per event of the original, in order, with its date")
            lines.append("#   - date: YYYY-MM-DD")
            lines.append("#     text: ...")
        }
        lines.append("#")
        lines.append("# The original:")
        let text = String(decoding: original, as: UTF8.self)
        lines += text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "#" : "# " + $0 }
        while lines.last == "#" { lines.removeLast() }
        lines.append("---")
        lines.append("")
        return lines.joined(separator: "\n")
    }
}

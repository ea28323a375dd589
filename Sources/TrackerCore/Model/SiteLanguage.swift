/// The direction a language is written in: `dir` on a page's `<html>`.
public enum TextDirection: String, Sendable, Hashable, CaseIterable {
    case ltr, rtl
}

/// One language of a site (`languages:` in site.yml): the pages of the default one are at the site's root,
/// each other one's under `/<code>/`.
public struct SiteLanguage: Sendable, Hashable {
    /// The BCP 47 tag: `en`, `ur`, `pt-BR`.
    public var code: String
    /// The language's name in itself, for the language switcher: `English`, `اردو`.
    public var name: String
    public var direction: TextDirection
    /// The site's title and description in this language; nil keeps site.yml's.
    public var title: String?
    public var description: String?

    public init(code: String, name: String? = nil, direction: TextDirection? = nil, title: String? = nil, description: String? = nil) {
        self.code = code
        self.name = name ?? code
        self.direction = direction ?? LanguageTag.defaultDirection(of: code)
        self.title = title
        self.description = description
    }

    static let keys = ["code", "name", "direction", "title", "description"]
}

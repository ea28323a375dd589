/// `content/pages/<slug>.md`: a free page such as about or methodology.
public struct Page: Sendable {
    public let id: String
    public let path: String
    public var title: String
    public var description: String?
    public var draft: Bool
    /// Pages with an order are listed in the navigation, lowest first.
    public var menuOrder: Int?
    public var body: RenderedMarkdown
    /// The body's `[@id]` citations, with file positions: checked like an incident's, listed under the page.
    public var bodyCitations: [SourceReference] = []

    static let keys = ["title", "description", "draft", "menu_order"]

    static func decode(id: String, path: String, reader: FieldReader, body: RenderedMarkdown, bodyFirstLine: Int) -> Page? {
        reader.rejectUnknownKeys(allowed: keys)
        let title = reader.string("title", required: true)
        let description = reader.string("description")
        let draft = reader.bool("draft") ?? false
        let menuOrder = reader.integer("menu_order", in: -1000...1000)
        guard let title else { return nil }
        return Page(id: id, path: path, title: title, description: description, draft: draft, menuOrder: menuOrder, body: body,
                    bodyCitations: body.references(firstLine: bodyFirstLine))
    }
}

/// A heading of the rendered body, with the anchor id it was given.
public struct MarkdownHeading: Sendable, Hashable {
    public let level: Int
    /// Plain text, citation markers removed, whitespace collapsed.
    public let text: String
    public let id: String

    public init(level: Int, text: String, id: String) {
        self.level = level
        self.text = text
        self.id = id
    }
}

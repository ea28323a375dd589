/// How permissive Markdown rendering is.
public struct MarkdownOptions: Sendable, Hashable {
    /// `false` keeps libcmark's safe mode: raw HTML is omitted and `javascript:`, `vbscript:`, `file:`
    /// and non-image `data:` link targets are emptied.
    public var allowRawHTML: Bool

    public init(allowRawHTML: Bool = false) {
        self.allowRawHTML = allowRawHTML
    }
}

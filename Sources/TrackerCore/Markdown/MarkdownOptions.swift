/// How permissive Markdown rendering is.
public struct MarkdownOptions: Sendable, Hashable {
    /// `false` keeps libcmark's safe mode: raw HTML is omitted and `javascript:`, `vbscript:`, `file:`
    /// and non-image `data:` link targets are emptied.
    public var allowRawHTML: Bool
    /// The path every internal link starts with ("/", or "/tracker/" for a site under a sub-path):
    /// relative and root-relative links in bodies are rewritten to start with it.
    public var basePath: String

    public init(allowRawHTML: Bool = false, basePath: String = "/") {
        self.allowRawHTML = allowRawHTML
        self.basePath = basePath
    }
}

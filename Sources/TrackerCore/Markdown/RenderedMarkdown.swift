/// Everything a page template needs from one Markdown body.
public struct RenderedMarkdown: Sendable, Hashable {
    /// The body as HTML.
    public let html: String
    /// Inline HTML of the first top-level paragraph (no `<p>` wrapper), citation markers removed.
    public let summaryHTML: String
    /// Plain text of the first top-level paragraph, citation markers removed, whitespace collapsed.
    public let summaryText: String
    /// Every citation occurrence, in document order.
    public let citations: [Citation]
    /// Distinct cited ids in order of first appearance; an id's reference number is its index + 1.
    public let citedSourceIDs: [String]
    public let headings: [MarkdownHeading]

    public init(
        html: String, summaryHTML: String, summaryText: String,
        citations: [Citation], citedSourceIDs: [String], headings: [MarkdownHeading]
    ) {
        self.html = html
        self.summaryHTML = summaryHTML
        self.summaryText = summaryText
        self.citations = citations
        self.citedSourceIDs = citedSourceIDs
        self.headings = headings
    }
}

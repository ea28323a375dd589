// TEMPORARY until the Markdown branch lands.
import Ccmark
public struct MarkdownOptions: Sendable, Hashable { public var allowRawHTML: Bool; public init(allowRawHTML: Bool = false) { self.allowRawHTML = allowRawHTML } }
public struct Citation: Sendable, Hashable { public let sourceID: String; public let line: Int; public let column: Int }
public struct MarkdownHeading: Sendable, Hashable { public let level: Int; public let text: String; public let id: String }
public struct RenderedMarkdown: Sendable, Hashable {
    public let html: String; public let summaryHTML: String; public let summaryText: String
    public let citations: [Citation]; public let citedSourceIDs: [String]; public let headings: [MarkdownHeading]
}
public enum MarkdownRenderer {
    public static func render(_ markdown: String, options: MarkdownOptions = .init()) -> RenderedMarkdown {
        let html = String(cString: cmark_markdown_to_html(markdown, markdown.utf8.count, 0))
        return RenderedMarkdown(html: html, summaryHTML: "", summaryText: "", citations: [], citedSourceIDs: [], headings: [])
    }
}

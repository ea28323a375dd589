/// Everything a page template needs from one Markdown body.
public struct RenderedMarkdown: Sendable, Hashable {
    /// The body as HTML.
    public var html: String { htmlStorage.text }
    var htmlStorage: HTMLStorage
    /// Inline HTML of the first top-level paragraph (no `<p>` wrapper), citation markers removed.
    public var summaryHTML: String { summaryHTMLStorage.text }
    /// `summaryHTML`, spilled with the body when the body is: the default theme never shows it, and a large
    /// site's summaries were a tenth of its build's memory.
    let summaryHTMLStorage: HTMLStorage
    /// Plain text of the first top-level paragraph, citation markers removed, whitespace collapsed.
    public let summaryText: String
    /// Every citation occurrence, in document order. Empty in a decoded incident's body, whose
    /// `bodyCitations` hold the same at their file positions (`droppingCitations`).
    public private(set) var citations: [Citation]
    /// Distinct cited ids in order of first appearance; an id's reference number is its index + 1.
    public private(set) var citedSourceIDs: [String]
    public let headings: [MarkdownHeading]
    /// Internal links and images, in document order, with their file positions: the build checks each resolves.
    public let links: [MarkdownLink]
    /// Each `[@…]` that cannot be a citation where it was written (link text, a link definition's label),
    /// at its body line and column: the loader reports them as errors.
    public let citationProblems: [CitationProblem]

    public init(
        html: String, summaryHTML: String, summaryText: String,
        citations: [Citation], citedSourceIDs: [String], headings: [MarkdownHeading], links: [MarkdownLink] = [],
        citationProblems: [CitationProblem] = []
    ) {
        self.init(htmlStorage: .inline(html), summaryHTMLStorage: .inline(summaryHTML), summaryText: summaryText, citations: citations,
                  citedSourceIDs: citedSourceIDs, headings: headings, links: links, citationProblems: citationProblems)
    }

    init(
        htmlStorage: HTMLStorage, summaryHTMLStorage: HTMLStorage, summaryText: String,
        citations: [Citation], citedSourceIDs: [String], headings: [MarkdownHeading], links: [MarkdownLink],
        citationProblems: [CitationProblem]
    ) {
        self.links = links
        self.citationProblems = citationProblems
        self.htmlStorage = htmlStorage
        self.summaryHTMLStorage = summaryHTMLStorage
        self.summaryText = summaryText
        self.citations = citations
        self.citedSourceIDs = citedSourceIDs
        self.headings = headings
    }
}

extension RenderedMarkdown {
    /// The citations at their file positions, the body starting at line `firstLine` of its file.
    func references(firstLine: Int) -> [SourceReference] {
        citations.map { SourceReference(id: $0.sourceID, location: SourceLocation(line: firstLine + $0.line - 1, column: $0.column)) }
    }

    /// Whether the link check of the site gives the same answer with `other` in this body's place:
    /// the same links from it, and the same heading anchors for links into it.
    func keepsLinkChecks(_ other: RenderedMarkdown) -> Bool {
        links == other.links && headings.map(\.id) == other.headings.map(\.id)
    }

    /// The same body with its cited ids sharing the storage of equal ids met before (and its citations' array
    /// no larger than they are): a source cited by many bodies is then held once.
    func interningSourceIDs(_ interner: StringInterner) -> RenderedMarkdown {
        guard !citedSourceIDs.isEmpty else { return self }
        var copy = self
        let interned = citedSourceIDs.map(interner.intern)
        copy.citedSourceIDs = interned
        // A citation's id is its body's entry in `citedSourceIDs` (the same storage, so equal at the first
        // compare): a body with few distinct ids finds it there, rather than hashing every citation's id
        // under the interner's lock (a long body cites the same few sources dozens of times).
        let scan = citedSourceIDs.count <= 16
        copy.citations = citations.map { citation in
            let sourceID = scan ? citedSourceIDs.firstIndex(of: citation.sourceID).map { interned[$0] } : nil
            return Citation(sourceID: sourceID ?? interner.intern(citation.sourceID), line: citation.line, column: citation.column)
        }
        return copy
    }

    /// The same body without its list of citations, once the item holds them at their file positions
    /// (`references(firstLine:)`): a large site's incidents then keep one list of them, not two.
    func droppingCitations() -> RenderedMarkdown {
        var copy = self
        copy.citations = []
        return copy
    }
}

/// A body's HTML: in memory, or in a `BodySpill` file. Two bodies are equal when their HTML is.
public enum HTMLStorage: Hashable, @unchecked Sendable {
    case inline(String)
    case spilled(BodySpill, offset: Int64, length: Int)

    /// cmark's HTML `bytes`, stored in `spill` as they are written (a long body was measured, checked and copied
    /// into a string only to be copied again into the spill), or made a string without one. Empty, in memory.
    init(bytes: UnsafeBufferPointer<UInt8>, spill: BodySpill?) {
        guard !bytes.isEmpty else {
            self = .inline("")
            return
        }
        guard let spill else {
            self = .inline(String(decoding: bytes, as: UTF8.self))
            return
        }
        let (offset, length) = spill.store(bytes: bytes)
        self = .spilled(spill, offset: offset, length: length)
    }

    var text: String {
        switch self {
        case .inline(let html): return html
        case .spilled(let spill, let offset, let length): return spill.load(offset: offset, length: length)
        }
    }

    /// The HTML as a template shows it: a spilled body stays in its file until a page writes it.
    var templateValue: TemplateValue {
        switch self {
        case .inline(let html): return .string(html)
        case .spilled: return .storedHTML(self)
        }
    }

    /// Appends the HTML's bytes to `output`: a spilled body is read straight into it, with no string made
    /// (and so no check of bytes that cmark wrote as UTF-8).
    func write(to output: ByteBuffer) {
        switch self {
        case .inline(let html): output.append(html)
        case .spilled(let spill, let offset, let length): spill.append(offset: offset, length: length, to: output)
        }
    }

    public static func == (a: HTMLStorage, b: HTMLStorage) -> Bool { a.text == b.text }
    public func hash(into hasher: inout Hasher) { hasher.combine(text) }
}

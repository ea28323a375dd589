/// One `[@id]` occurrence; a grouped `[@a; @b]` yields one per id, all at the group's "[".
public struct Citation: Sendable, Hashable {
    public let sourceID: String
    /// 1-based line of the opening "[" within the Markdown given to the renderer.
    public let line: Int
    /// 1-based column of the opening "[", counted in Unicode scalars from the start of its line.
    public let column: Int

    public init(sourceID: String, line: Int, column: Int) {
        self.sourceID = sourceID
        self.line = line
        self.column = column
    }
}

/// A `[@…]` that cannot become a citation where it was written, with why; its position is as `Citation`'s.
public struct CitationProblem: Sendable, Hashable {
    public let line: Int
    public let column: Int
    public let message: String
    /// When not empty, a problem only if one of these ids names a source of the site (`[@a](https://…)`: a link
    /// whose text is a citation of a source, or a link to a handle, `[@netblocks](https://x.com/netblocks)`).
    var sourceIDs: [String] = []
}

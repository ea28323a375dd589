/// How a new output differs from what is published now, file by file (paths relative to the site root).
public struct FileChanges: Sendable, Equatable {
    public var added: [String]
    public var changed: [String]
    public var removed: [String]
    public var unchanged: Int

    public init(added: [String] = [], changed: [String] = [], removed: [String] = [], unchanged: Int = 0) {
        self.added = added
        self.changed = changed
        self.removed = removed
        self.unchanged = unchanged
    }

    /// Compares two trees given as path → content (bytes, or git object ids).
    public static func between<Content: Equatable>(old: [String: Content], new: [String: Content]) -> FileChanges {
        var changes = FileChanges()
        for (path, content) in new {
            switch old[path] {
            case nil: changes.added.append(path)
            case content?: changes.unchanged += 1
            default: changes.changed.append(path)
            }
        }
        changes.removed = old.keys.filter { new[$0] == nil }
        changes.added.sort()
        changes.changed.sort()
        changes.removed.sort()
        return changes
    }

    public var isEmpty: Bool { added.isEmpty && changed.isEmpty && removed.isEmpty }

    /// One line per changed file, added first, then changed, then removed, each sorted by path.
    public var listing: [String] {
        added.map { "added    \($0)" } + changed.map { "changed  \($0)" } + removed.map { "removed  \($0)" }
    }

    public var summary: String {
        "\(added.count) added, \(changed.count) changed, \(removed.count) removed, \(unchanged) unchanged"
    }
}

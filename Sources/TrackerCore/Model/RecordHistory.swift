/// One commit that changed content files, as the history shows it: committed, never built, so the
/// same commits give the same page whenever and wherever the site is built.
public struct HistoryChange: Sendable, Hashable {
    /// The full commit id.
    public let commit: String
    /// The committer date, in seconds since 1970 (UTC).
    public let timestamp: Int
    /// The commit message's first line.
    public let subject: String
    /// The values of the commit's `Correction:` trailers, in order.
    public let corrections: [String]

    public var isCorrection: Bool { !corrections.isEmpty }

    /// The commit id cut to a fixed length (git's own abbreviation grows with the repository).
    public var shortHash: String { String(commit.prefix(10)) }

    /// The committer date in UTC, `2024-04-17T10:22:33Z`.
    public var iso: String {
        let (date, seconds) = day
        let time = [seconds / 3600, seconds / 60 % 60, seconds % 60].map { ($0 < 10 ? "0" : "") + String($0) }
        return date.earliestDay + "T" + time.joined(separator: ":") + "Z"
    }

    /// The committer date's day (UTC) and the seconds since its midnight.
    public var day: (date: PartialDate, seconds: Int) {
        // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm), without a calendar or the locale.
        let days = timestamp >= 0 ? timestamp / 86_400 : (timestamp - 86_399) / 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shifted + 2) / 5 + 1
        let month = shifted < 10 ? shifted + 3 : shifted - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (PartialDate(year: year, month: month, day: day), timestamp - days * 86_400)
    }
}

/// The history of one record (an incident or a source): the commits that changed its file, or the
/// files of its bundle, following renames; newest first.
public struct RecordHistory: Sendable {
    /// Newest first; never empty.
    public let changes: [HistoryChange]
    /// False in a shallow clone: older commits are missing, so the record's creation is not known.
    public let isComplete: Bool

    /// The commit that added the record, when the whole history is known.
    public var created: HistoryChange? { isComplete ? changes.last : nil }
    public var lastChanged: HistoryChange { changes[0] }
    /// The changes that carry a `Correction:` trailer, newest first.
    public var corrections: [HistoryChange] { changes.filter(\.isCorrection) }
}

/// The git history of a site's `content/` folder, read once per build (`GitHistory`): every commit
/// that changed it, and for each file (by its current path, renames followed) the commits that did.
public struct SiteHistory: Sendable {
    /// The commit the history was read from.
    public let head: String
    /// False in a shallow clone (see `RecordHistory.isComplete`).
    public let isComplete: Bool
    /// Every commit that changed a content file, newest first.
    public let changes: [HistoryChange]
    /// For each change (by index), the files it changed, by their current path relative to `content/`.
    let changedFiles: [[String]]
    /// Current path relative to `content/` → indices into `changes`, newest first.
    let fileChanges: [String: [Int]]
    /// The keys of `fileChanges`, sorted: a bundle's files are found by their folder's prefix.
    let sortedFiles: [String]
    /// What an item's `path` starts with: the site's content folder as the loader names it, and "/".
    let contentPrefix: String

    init(head: String, isComplete: Bool, changes: [HistoryChange], changedFiles: [[String]], contentPrefix: String) {
        self.head = head
        self.isComplete = isComplete
        self.changes = changes
        self.changedFiles = changedFiles
        self.contentPrefix = contentPrefix
        var fileChanges: [String: [Int]] = [:]
        for (index, files) in changedFiles.enumerated() {
            for file in files { fileChanges[file, default: []].append(index) }
        }
        self.fileChanges = fileChanges
        self.sortedFiles = fileChanges.keys.sorted()
    }

    /// The path of an item's file relative to `content/` ("incidents/x.md"), from its `path`.
    func contentRelative(_ path: String) -> String? {
        path.hasPrefix(contentPrefix) ? String(path.dropFirst(contentPrefix.count)) : nil
    }

    /// The history of the item read from `path` (an `Incident`'s or `Source`'s): its file's commits, or for
    /// a bundle (`…/x/index.md`) those of every file of its folder. Nil when no commit changed it.
    public func record(at path: String) -> RecordHistory? {
        guard let relative = contentRelative(path) else { return nil }
        let indices = changeIndices(relative: relative)
        guard !indices.isEmpty else { return nil }
        return RecordHistory(changes: indices.map { changes[$0] }, isComplete: isComplete)
    }

    /// The positions in `changes` of the record whose file is `relative` (to `content/`), newest first.
    private func changeIndices(relative: String) -> [Int] {
        guard relative.hasSuffix(Self.bundleIndexSuffix), ContentLoader.bundleFolder(ofFile: "content/" + relative) != nil else {
            return fileChanges[relative] ?? []
        }
        let folder = String(relative.dropLast(ContentFiles.bundleIndex.count))
        var found: Set<Int> = []
        var position = lowerBound(folder)
        while position < sortedFiles.count, sortedFiles[position].hasPrefix(folder) {
            found.formUnion(fileChanges[sortedFiles[position]] ?? [])
            position += 1
        }
        return found.sorted()
    }

    private static let bundleIndexSuffix = "/" + ContentFiles.bundleIndex

    /// The records (among `files`, paths relative to the site: "content/incidents/x.md") that `new` shows
    /// otherwise than `old`: those whose commits differ (a commit's id names its date, message and trailers).
    /// Nil when every record's page may differ (the history appeared or went, or its completeness changed).
    static func changedRecords(from old: SiteHistory?, to new: SiteHistory?, among files: some Sequence<String>) -> [String]? {
        guard let old, let new else { return old == nil && new == nil ? [] : nil }
        guard old.isComplete == new.isComplete, old.contentPrefix == new.contentPrefix else { return nil }
        return files.filter { file in
            let relative = String(file.dropFirst("content/".count))
            return !old.changeIndices(relative: relative).elementsEqual(new.changeIndices(relative: relative)) {
                old.changes[$0].commit == new.changes[$1].commit
            }
        }
    }

    /// The item whose record a changed file belongs to ("incidents/x/map.png" → "incidents/x/index.md"),
    /// among `items` (paths relative to `content/`).
    static func owner(of file: String, among items: Set<String>) -> String? {
        if items.contains(file) { return file }
        var folder = Substring(file)
        while let slash = folder.lastIndex(of: "/") {
            folder = folder[..<slash]
            let index = folder + "/" + ContentFiles.bundleIndex
            if items.contains(index) { return index }
        }
        return nil
    }

    /// The first position in `sortedFiles` not before `key`.
    private func lowerBound(_ key: String) -> Int {
        var (low, high) = (0, sortedFiles.count)
        while low < high {
            let middle = (low + high) / 2
            if sortedFiles[middle] < key { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

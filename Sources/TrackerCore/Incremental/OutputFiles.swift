import Foundation

/// Every output file of a preview build, path → bytes, kept so that a rebuild copies only what it changes:
/// copying one dictionary of a 46,000-file site (retaining every path and page) took 3–30 ms on the waiting
/// path of each edit, and as long again to free.
///
/// - The site-wide pages (`IncrementalBuild.isSiteWide`: lists, timeline, exports; a few hundred) are a map
///   of their own, copied whole when one changes.
/// - The pages of single items are a map shared with the builds before, plus the paths changed since; the
///   changes are folded into a new shared map once they are many (`compacted`). A page they replace is kept
///   by the shared map until then, which costs nothing: those pages live in the `PageStore`, which only grows.
/// - The files copied as they are (`static/`, a bundle's) are a map of their own, of where each is (`DiskFile`):
///   their bytes are never held.
public struct OutputFiles: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    private var siteWide: [String: Data] = [:]
    private var items: [String: Data]
    /// The item paths changed since `items`: their new bytes, or nil for a path `items` has and this build has not.
    private var changes: [String: Data?] = [:]
    private var onDisk: [String: DiskFile] = [:]
    public private(set) var count: Int

    public init(_ files: [String: Data] = [:]) {
        items = files
        count = files.count
    }

    public init(dictionaryLiteral elements: (String, Data)...) {
        self.init(Dictionary(uniqueKeysWithValues: elements))
    }

    /// The file's bytes; those of a file served from where it is (`diskFile`) are read now.
    public subscript(path: String) -> Data? {
        if !onDisk.isEmpty, let file = onDisk[path] { return file.bytes() }
        if let page = siteWide[path] { return page }
        if let change = changes[path] { return change }
        return items[path]
    }

    /// Sets or (nil) removes a file; `siteWide` says which of the two maps it belongs to. A path is in one
    /// map only: a static file can take the place of a generated site-wide page (`robots.txt`).
    mutating func set(_ path: String, _ data: Data?, siteWide isSiteWide: Bool) {
        let had = contains(path)
        if onDisk.removeValue(forKey: path) != nil, data == nil {
            count -= 1
            return
        }
        if isSiteWide {
            siteWide[path] = data
            setItem(path, nil)
        } else {
            if siteWide[path] != nil { siteWide[path] = nil }
            setItem(path, data)
        }
        count += (data != nil ? 1 : 0) - (had ? 1 : 0)
    }

    /// The file served from where it is at `path`, if it is one.
    public func diskFile(_ path: String) -> DiskFile? { onDisk.isEmpty ? nil : onDisk[path] }

    /// Serves `file` from where it is at `path`, in place of what was there.
    mutating func set(_ path: String, _ file: DiskFile) {
        if !contains(path) {
            count += 1
        } else if onDisk[path] == nil {
            set(path, nil, siteWide: siteWide[path] != nil)
            count += 1
        }
        onDisk[path] = file
    }

    /// Whether there is a file at `path`, without reading it.
    func contains(_ path: String) -> Bool {
        if !onDisk.isEmpty, onDisk[path] != nil { return true }
        if siteWide[path] != nil { return true }
        if let change = changes[path] { return change != nil }
        return items[path] != nil
    }

    private mutating func setItem(_ path: String, _ data: Data?) {
        if items[path] == nil {
            if data == nil { changes.removeValue(forKey: path) } else { changes.updateValue(data, forKey: path) }
        } else {
            changes.updateValue(data, forKey: path)
        }
    }

    mutating func remove(_ path: String) { set(path, nil, siteWide: true) }

    /// Every path, in no particular order.
    public var paths: [String] {
        var paths = Array(siteWide.keys)
        paths += items.keys.filter { changes[$0] == nil && siteWide[$0] == nil }
        for (path, data) in changes where data != nil && siteWide[path] == nil { paths.append(path) }
        paths += onDisk.keys
        return paths
    }

    /// How many item paths changed since the shared map was made.
    var changeCount: Int { changes.count }

    /// The same files with the item changes folded into a new shared map, so looking a path up costs few
    /// hashes again. Copies the whole map: done where a rebuild rendered most of the site anyway.
    func compacted() -> OutputFiles {
        guard !changes.isEmpty else { return self }
        var merged = items
        for (path, data) in changes { merged[path] = data }
        var compacted = OutputFiles(merged)
        compacted.siteWide = siteWide
        compacted.onDisk = onDisk
        compacted.count = count
        return compacted
    }

    public static func == (lhs: OutputFiles, rhs: OutputFiles) -> Bool {
        lhs.count == rhs.count && lhs.paths.allSatisfy { lhs[$0] == rhs[$0] }
    }
}

import Foundation

/// Decoded content files kept between preview rebuilds, keyed by path and checked by content hash,
/// so a rebuild re-reads only the files a watcher named and re-decodes only those whose bytes changed.
struct ContentFileCache {
    struct Entry<Value: Sendable>: Sendable {
        /// Nil when the file could not be read: its result is the error.
        let hash: ContentHash.Digest?
        let result: ContentLoader.Decoded<Value>
    }

    /// Relative path → entry, for each content folder.
    var incidents: [String: Entry<Incident.Decoded>] = [:]
    var sources: [String: Entry<Source>] = [:]
    var pages: [String: Entry<Page>] = [:]
    /// Relative path → entry, for the translations of every folder (`ContentFiles.translations`).
    var translations: [String: Entry<Translation>] = [:]
    var cases: [String: Entry<LegalCase.Decoded>] = [:]

    /// Files re-decoded by the last `refresh`, for the preview's report.
    private(set) var decodedCount = 0
    /// Paths whose entry changed (added, removed or different bytes) in the last `refresh`, per folder.
    private(set) var changedIncidentPaths: Set<String> = []
    private(set) var changedSourcePaths: Set<String> = []
    private(set) var changedPagePaths: Set<String> = []
    private(set) var changedTranslationPaths: Set<String> = []
    private(set) var changedCasePaths: Set<String> = []
    /// Whether the last `refresh` saw a file beside a bundle's `index.md`, or a folder, come, go or change:
    /// the bundles' files must be listed again.
    private(set) var bundleFilesChanged = false

    static func hash(_ data: Data) -> ContentHash.Digest { ContentHash.digest(data) }

    /// What reading a content file found.
    enum Read {
        case bytes(Data)
        /// Nothing at the path, not even a link.
        case gone
        /// A folder, a pipe, a link to nothing, or a file the system would not open or read.
        case unreadable
    }

    /// The bytes at `path`, read as a full build reads them (`ContentLoader.readText`): without waiting on a pipe,
    /// and telling a file that is gone from one that is there but cannot be read, which a full build reports.
    static func read(_ path: String) -> Read {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            let reason = errno
            var info = stat()
            if reason == ENOENT || reason == ENOTDIR, lstat(path, &info) != 0 { return .gone }
            return .unreadable
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
              let data = FileTree.read(descriptor, size: Int(info.st_size)) else { return .unreadable }
        return .bytes(data)
    }

    /// Reads every file of every folder, decoding in parallel; used for the first build and after a config change.
    mutating func loadAll(_ loader: ContentLoader, options: DecodeOptions) {
        self = ContentFileCache()
        for folder in ContentLoader.ContentFolder.allCases {
            let files = ContentFiles(folder: folder, loader: loader)
            refresh(paths: Set(files.markdown + files.translations), loader: loader, options: options)
        }
        changedIncidentPaths = []
        changedSourcePaths = []
        changedPagePaths = []
        changedTranslationPaths = []
        changedCasePaths = []
    }

    /// Brings the named paths up to date: a file is re-read and re-decoded if its bytes changed;
    /// a path that is gone drops its entry (and the entries under it, for a folder); a folder is scanned.
    /// `bundleFiles`: the bundles' files as last listed, nil when not known.
    mutating func refresh(paths: Set<String>, loader: ContentLoader, options: DecodeOptions, bundleFiles: [BundleFile]? = nil) {
        decodedCount = 0
        changedIncidentPaths = []
        changedSourcePaths = []
        changedPagePaths = []
        changedTranslationPaths = []
        changedCasePaths = []
        bundleFilesChanged = false
        var files: [ContentLoader.ContentFolder: Set<String>] = [:]
        var translationFiles: Set<String> = []
        // Bundles' index.md files to decode again even if their bytes did not change: a file beside them did.
        var forced: Set<String> = []
        // Names listed that no file has (`hasUndecodableName`): decoded, to report them, rather than dropped as gone.
        var unreadableNames: Set<String> = []
        for path in paths {
            guard let folder = ContentLoader.ContentFolder.allCases.first(where: { path == $0.rawValue || path.hasPrefix($0.rawValue + "/") }),
                  !path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else { continue }
            if ContentFiles.translationLanguage(ofFile: ContentLoader.fileName(path), codes: loader.translationCodes) != nil {
                // A translation (a bundle's `index.<code>.md` too): decoded again, or dropped when gone.
                translationFiles.insert(path)
                if Self.hasUndecodableName(path, in: folder, loader: loader) { unreadableNames.insert(path) }
                continue
            }
            // A translation into a language site.yml rejects: not listed, so neither read nor dropped.
            if ContentFiles.translationLanguage(ofFile: ContentLoader.fileName(path), codes: loader.rejectedTranslationCodes) != nil { continue }
            if let index = Self.bundleIndex(containing: path, in: folder, loader: loader), index != path {
                // Gone and never listed: an editor's temporary file beside the index (a save by rename) changed nothing.
                if let bundleFiles, !FileManager.default.fileExists(atPath: loader.displayPath(path)), !Self.holds(bundleFiles, path) { continue }
                // A bundle's file: its links, the digests shown with them, and the copied files may change.
                bundleFilesChanged = true
                files[folder, default: []].insert(index)
                forced.insert(index)
                continue
            }
            // A link to nothing is there as a full build lists it: a file that cannot be read, reported when decoded.
            var info = stat()
            let followed = stat(loader.displayPath(path), &info) == 0
            let isFolder = followed && info.st_mode & S_IFMT == S_IFDIR
            let undecodable = !followed && Self.hasUndecodableName(path, in: folder, loader: loader)
            if undecodable { unreadableNames.insert(path) }
            let exists = followed || lstat(loader.displayPath(path), &info) == 0 || undecodable
            if exists && !isFolder {
                if ContentFiles.isMarkdownName(String(ContentLoader.fileName(path))) { files[folder, default: []].insert(path) }
                // A new bundle's index: the files beside it become the bundle's (an index already known changes no listing).
                if ContentLoader.bundleFolder(ofFile: path) != nil && !isKnown(path, in: folder) { bundleFilesChanged = true }
                continue
            }
            // Gone, or a folder: forget what was under it, then take what is there now. A path gone with
            // nothing known under it held no content and no bundle's file (a bundle's file is named by its
            // `index.md`, above): an editor's temporary file, renamed into place (`sed -i`, "safe write").
            if forget(under: path, in: folder) || exists { bundleFilesChanged = true }
            if exists {
                let prefix = folder.rawValue + String(path.dropFirst(folder.rawValue.count)) + "/"
                let listing = ContentFiles(folder: folder, loader: loader)
                // The folder itself, when its name is a content file's: a full build lists it, and reports it.
                for file in listing.markdown where file == path || file.hasPrefix(prefix) {
                    files[folder, default: []].insert(file)
                    if Self.mayHaveUndecodableName(file, loader: loader) { unreadableNames.insert(file) }
                }
                for file in listing.translations where file == path || file.hasPrefix(prefix) {
                    translationFiles.insert(file)
                    if Self.mayHaveUndecodableName(file, loader: loader) { unreadableNames.insert(file) }
                }
            }
        }
        if let list = files[.incidents] {
            decodedCount += update(&incidents, list, forced: forced, unreadable: unreadableNames, changed: &changedIncidentPaths, loader: loader) { loader.decodeIncident($0, options: options) }
        }
        if let list = files[.sources] {
            decodedCount += update(&sources, list, forced: forced, unreadable: unreadableNames, changed: &changedSourcePaths, loader: loader) { loader.decodeSource($0, options: options) }
        }
        if let list = files[.pages] {
            decodedCount += update(&pages, list, forced: forced, unreadable: unreadableNames, changed: &changedPagePaths, loader: loader) { loader.decodePage($0, options: options) }
        }
        if !translationFiles.isEmpty {
            decodedCount += update(&translations, translationFiles, forced: forced, unreadable: unreadableNames, changed: &changedTranslationPaths, loader: loader) {
                loader.decodeTranslation($0, options: options)
            }
        }
        if let list = files[.cases] {
            decodedCount += update(&cases, list, forced: forced, unreadable: unreadableNames, changed: &changedCasePaths, loader: loader) { loader.decodeCase($0, options: options) }
        }
    }

    /// Whether `path` has an entry in its folder's table.
    private func isKnown(_ path: String, in folder: ContentLoader.ContentFolder) -> Bool {
        switch folder {
        case .incidents: incidents[path] != nil
        case .sources: sources[path] != nil
        case .pages: pages[path] != nil
        case .cases: cases[path] != nil
        }
    }

    /// Whether `path` is a name that is not UTF-8, still listed: such a name is listed, and named by the watcher, with
    /// U+FFFD in place of its bytes, so no file has the name asked for; a full build reports it.
    private static func hasUndecodableName(_ path: String, in folder: ContentLoader.ContentFolder, loader: ContentLoader) -> Bool {
        guard mayHaveUndecodableName(path, loader: loader) else { return false }
        let listing = ContentFiles(folder: folder, loader: loader)
        return listing.markdown.contains(path) || listing.translations.contains(path)
    }

    /// Whether `path`, listed, may be a name that is not UTF-8 (see above).
    private static func mayHaveUndecodableName(_ path: String, loader: ContentLoader) -> Bool {
        path.unicodeScalars.contains("\u{FFFD}") && !FileTree.isRegularFile(loader.displayPath(path))
    }

    /// Whether `files` holds `path`, or a file under it (a folder of a bundle's files).
    static func holds(_ files: [BundleFile], _ path: String) -> Bool {
        let folderPrefix = path + "/"
        return files.contains { $0.relative == path || $0.relative.hasPrefix(folderPrefix) }
    }

    /// Drops the entries at `path` and under it; true when there were some.
    private mutating func forget(under path: String, in folder: ContentLoader.ContentFolder) -> Bool {
        let folderPrefix = path + "/"
        func drop<Value>(_ entries: inout [String: Entry<Value>], _ changed: inout Set<String>) -> Bool {
            var keys = entries.keys.filter { $0.hasPrefix(folderPrefix) }
            if entries[path] != nil { keys.append(path) }
            for key in keys {
                entries[key] = nil
                changed.insert(key)
            }
            return !keys.isEmpty
        }
        let translated = drop(&translations, &changedTranslationPaths)
        let items = switch folder {
        case .incidents: drop(&incidents, &changedIncidentPaths)
        case .sources: drop(&sources, &changedSourcePaths)
        case .pages: drop(&pages, &changedPagePaths)
        case .cases: drop(&cases, &changedCasePaths)
        }
        return translated || items
    }

    /// The `index.md` of the outermost bundle holding `path` (a bundle's own `index.md` included), if any (see `ContentFiles`).
    static func bundleIndex(containing path: String, in folder: ContentLoader.ContentFolder, loader: ContentLoader) -> String? {
        var folderPath = folder.rawValue
        for component in path.dropFirst(folder.rawValue.count + 1).split(separator: "/").dropLast() {
            folderPath += "/" + component
            let index = folderPath + "/" + ContentFiles.bundleIndex
            if FileTree.isRegularFile(loader.displayPath(index)) { return index }
        }
        return nil
    }

    private func update<Value: Sendable>(
        _ entries: inout [String: Entry<Value>], _ paths: Set<String>, forced: Set<String>, unreadable: Set<String>, changed: inout Set<String>,
        loader: ContentLoader, decode: @escaping @Sendable (String) -> ContentLoader.Decoded<Value>
    ) -> Int {
        let known = entries
        let results = paths.sorted().parallelMap { path -> (path: String, entry: Entry<Value>?)? in
            switch Self.read(loader.displayPath(path)) {
            case .gone where !unreadable.contains(path):
                return (path, nil)
            case .gone, .unreadable:
                // Decoded to report why, as a full build does; decoded again at its next change, whatever it holds then.
                return (path, Entry(hash: nil, result: decode(path)))
            case .bytes(let data):
                let hash = Self.hash(data)
                if known[path]?.hash == hash && !forced.contains(path) { return nil }
                return (path, Entry(hash: hash, result: decode(path)))
            }
        }
        var decoded = 0
        for case let (path, entry)? in results {
            entries[path] = entry
            changed.insert(path)
            if entry != nil { decoded += 1 }
        }
        return decoded
    }
}

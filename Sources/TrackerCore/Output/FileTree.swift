import Foundation

/// Lists and reads files with POSIX calls: FileManager's enumerator builds an attribute dictionary
/// per entry, which dominated a no-op rebuild of a large site.
enum FileTree {
    /// Regular files below `root`, as paths relative to it, sorted; hidden entries are skipped when asked.
    /// `keeping` names hidden entries at the top level to list all the same (".well-known").
    ///
    /// Symbolic links are followed, except a link to a folder that holds it (`static/loop` → `.`, or two
    /// folders linking to each other), which would be listed forever: it is left out.
    static func files(under root: String, skipHidden: Bool = false, keeping: Set<String> = []) -> [String] {
        var problems: [String: EntryProblem] = [:]
        let found = files(under: root, skipHidden: skipHidden, keeping: keeping, boundary: nil, problems: &problems)
        return problems.isEmpty ? found : found.filter { problems[$0] == nil }
    }

    /// `files(under:)`, where an entry a build must not follow or read is listed with what is wrong in `problems`, by
    /// its path in the list: a symbolic link leading out of `boundary` (a file, or a folder, not walked into), or one
    /// leading to nothing (it was left out without a word: a scan in `static/` linked from an archive that moved was
    /// simply not published), or what is not a file at all (a pipe, a socket, a device: also left out without a
    /// word, or, read, a pipe would hold the build until something wrote to it). The root is the caller's to check.
    static func files(under root: String, skipHidden: Bool = false, keeping: Set<String> = [], boundary: SiteBoundary?,
                      problems: inout [String: EntryProblem]) -> [String] {
        var found: [String] = []
        var folders = FolderPath(root)
        walk(root, prefix: "", skipHidden: skipHidden, keeping: keeping, boundary: boundary, folders: &folders, into: &found, problems: &problems)
        return found.sorted()
    }

    /// What the symbolic link at `path` holds, as written ("../archive/scan.pdf").
    static func linkText(_ path: String) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, Int(PATH_MAX))
        guard count >= 0 else { return "?" }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether `path`, or a folder above it below `root` (the site's folder), is a symbolic link. `path` is
    /// `root` joined to the rest, as `ContentLoader.displayPath` makes it.
    static func passesThroughLink(_ path: String, below root: String) -> Bool {
        let prefix = root == "." || root.isEmpty ? "" : (root.hasSuffix("/") ? root : root + "/")
        guard path.hasPrefix(prefix) else { return isLink(path) }
        var current = path
        while current.count > prefix.count {
            if isLink(current) { return true }
            guard let slash = current.lastIndex(of: "/"), current.distance(from: current.startIndex, to: slash) >= prefix.count else { break }
            current = String(current[..<slash])
        }
        return false
    }

    /// Whether `path` is a symbolic link itself (`lstat`).
    static func isLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK
    }

    private static func walk(_ directory: String, prefix: String, skipHidden: Bool, keeping: Set<String> = [], boundary: SiteBoundary?,
                             folders: inout FolderPath, into found: inout [String], problems: inout [String: EntryProblem]) {
        DirectoryEntries.forEach(in: directory, followingLinks: true) { name, kind, isLink in
            if skipHidden && name.hasPrefix(".") && !keeping.contains(name) { return }
            if case .brokenLink(let error) = kind {
                found.append(prefix + name)
                problems[prefix + name] = .broken(target: linkText(directory + "/" + name), error: error)
                return
            }
            if isLink, kind != .other, let boundary, let target = boundary.outsideTarget(of: directory + "/" + name) {
                found.append(prefix + name)
                problems[prefix + name] = .outside(target)
                return
            }
            switch kind {
            case .directory:
                let child = directory + "/" + name
                if isLink && folders.holds(child) { return }
                folders.enter(child)
                walk(child, prefix: prefix + name + "/", skipHidden: skipHidden, boundary: boundary, folders: &folders, into: &found, problems: &problems)
                folders.leave()
            case .regularFile: found.append(prefix + name)
            case .other:
                guard boundary != nil else { return }
                found.append(prefix + name)
                problems[prefix + name] = .notAFile
            case .brokenLink: break
            }
        }
    }

    /// The folders a walk is inside, outermost first, to tell a link that leads back to one of them. Each is
    /// looked up (`stat`) only when a link is met: a tree without links costs nothing more.
    struct FolderPath {
        private var paths: [String]
        private var identities: [FileIdentity?] = []

        init(_ root: String) { paths = [root] }

        mutating func enter(_ path: String) { paths.append(path) }

        mutating func leave() {
            paths.removeLast()
            if identities.count > paths.count { identities.removeLast(identities.count - paths.count) }
        }

        /// Whether the folder `path` leads to is one of those the walk is inside.
        mutating func holds(_ path: String) -> Bool {
            guard let target = FileIdentity(path) else { return false }
            while identities.count < paths.count { identities.append(FileIdentity(paths[identities.count])) }
            return identities.contains(target)
        }
    }

    /// Removes the folder at `path` and all below it, never following a link. The entries two levels down (each
    /// incident's folder, say) are removed on every core: a large site's previous output is tens of thousands of
    /// files, and removing them one after the other, once the new output was in place, took a fifth of a rebuild.
    /// What cannot be removed so (a folder without write permission) is left to FileManager, as before.
    static func remove(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        // A link (or a file) is removed itself: opendir would follow the link.
        guard info.st_mode & S_IFMT == S_IFDIR else {
            unlink(path)
            return
        }
        var folders: [String] = []
        var entries: [(path: String, isDirectory: Bool)] = []
        DirectoryEntries.forEach(in: path, followingLinks: false) { name, kind in
            let child = String.concatenating(path, "/", name)
            if kind == .directory {
                folders.append(child)
                DirectoryEntries.forEach(in: child, followingLinks: false) { name, kind in
                    entries.append((.concatenating(child, "/", name), kind == .directory))
                }
            } else {
                entries.append((child, false))
            }
        }
        _ = entries.parallelMap { removeEntry($0.path, isDirectory: $0.isDirectory) }
        for folder in folders { rmdir(folder) }
        if rmdir(path) != 0, errno != ENOENT { try? FileManager.default.removeItem(atPath: path) }
    }

    private static func removeEntry(_ path: String, isDirectory: Bool) {
        guard isDirectory else {
            unlink(path)
            return
        }
        DirectoryEntries.forEach(in: path, followingLinks: false) { name, kind in
            removeEntry(.concatenating(path, "/", name), isDirectory: kind == .directory)
        }
        rmdir(path)
    }

    /// Whether a regular file (or a link to one) is at `path`.
    static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
    }

    /// Whether a folder (or a link to one) is at `path`.
    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// Whether the file at `path` holds exactly `bytes`: false at once when its size differs, else read a block at a
    /// time and compared, never held whole; nil when it cannot be opened or read (`errno` says why). A publish over an
    /// earlier one compares every file with the folder's copy: read whole, a 41 MB export took as much again.
    static func holds(_ path: String, exactly bytes: UnsafeRawBufferPointer) -> Bool? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        guard Int(info.st_size) == bytes.count else { return false }
        guard let start = bytes.baseAddress else { return true }
        return withUnsafeTemporaryAllocation(byteCount: min(bytes.count, 256 * 1024), alignment: 16) { block -> Bool? in
            var offset = 0
            while offset < bytes.count {
                let got = Foundation.read(descriptor, block.baseAddress!, min(block.count, bytes.count - offset))
                if got < 0 && errno == EINTR { continue }
                if got < 0 { return nil }
                // The file ended before its size: it changed meanwhile, and is not the same.
                if got == 0 || memcmp(block.baseAddress!, start + offset, got) != 0 { return false }
                offset += got
            }
            return true
        }
    }

    /// A file's bytes, or nil when it cannot be read.
    static func read(_ path: String) -> Data? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        return read(descriptor, size: Int(info.st_size))
    }

    /// The `size` bytes of the open file `descriptor`, from where it is; nil if it ends before. Read into memory
    /// left uninitialized: `Data(count:)` zero-fills it first, which cost more than the read (7,700 instructions
    /// for a 30 KB body, against 2,000 for all of FileManager's `contents(atPath:)`).
    static func read(_ descriptor: Int32, size: Int) -> Data? {
        guard size > 0 else { return Data() }
        guard let memory = malloc(size) else { return nil }
        var offset = 0
        while offset < size {
            let got = Foundation.read(descriptor, memory + offset, size - offset)
            if got < 0 && errno == EINTR { continue }
            if got <= 0 {
                free(memory)
                return nil
            }
            offset += got
        }
        return Data(bytesNoCopy: memory, count: size, deallocator: .free)
    }
}

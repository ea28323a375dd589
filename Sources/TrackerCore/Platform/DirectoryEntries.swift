import Foundation

/// A folder's entries straight from `readdir`, whose entries carry their type on the file systems
/// in use: FileManager's enumerator stats and bridges every entry, which was a visible part of
/// loading and of a no-op rebuild on sites of thousands of files. Only Linux is tested.
enum DirectoryEntries {
    enum Kind: Equatable {
        case directory, regularFile, other
        /// A symbolic link that cannot be followed (to nothing, or round in a loop): the error (errno) `stat` gave.
        /// Reported only when following links.
        case brokenLink(Int32)
    }

    /// Calls `body` with the name and kind of every entry but "." and "..", in the order `readdir` gives.
    /// A symbolic link is reported as what it points to when `followingLinks`, else as `.other`;
    /// an entry whose type the file system does not report is looked up with `stat` or `lstat`.
    static func forEach(in directory: String, followingLinks: Bool, _ body: (String, Kind) -> Void) {
        forEach(in: directory, followingLinks: followingLinks) { name, kind, _ in body(name, kind) }
    }

    /// `forEach`, also telling whether the entry is a symbolic link (then `kind` is what it points to, when
    /// `followingLinks`).
    static func forEach(in directory: String, followingLinks: Bool, _ body: (String, Kind, _ isLink: Bool) -> Void) {
        guard let stream = opendir(directory) else { return }
        defer { closedir(stream) }
        while let entry = readdir(stream) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name == "." || name == ".." { continue }
            let type = Int32(entry.pointee.d_type)
            let kind: Kind
            if type == Int32(DT_DIR) {
                kind = .directory
            } else if type == Int32(DT_REG) {
                kind = .regularFile
            } else if type == Int32(DT_UNKNOWN) || (type == Int32(DT_LNK) && followingLinks) {
                var info = stat()
                let path = directory + "/" + name
                guard (followingLinks ? stat(path, &info) : lstat(path, &info)) == 0 else {
                    let error = errno
                    if followingLinks, type == Int32(DT_LNK) || FileTree.isLink(path) { body(name, .brokenLink(error), true) }
                    continue
                }
                switch info.st_mode & S_IFMT {
                case S_IFDIR: kind = .directory
                case S_IFREG: kind = .regularFile
                default: kind = .other
                }
            } else {
                kind = .other
            }
            body(name, kind, type == Int32(DT_LNK))
        }
    }
}

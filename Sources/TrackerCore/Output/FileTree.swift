import Foundation

/// Lists and reads files with POSIX calls: FileManager's enumerator builds an attribute dictionary
/// per entry, which dominated a no-op rebuild of a large site.
enum FileTree {
    /// Regular files below `root`, as paths relative to it, sorted; hidden entries are skipped when asked.
    /// `keeping` names hidden entries at the top level to list all the same (".well-known").
    static func files(under root: String, skipHidden: Bool = false, keeping: Set<String> = []) -> [String] {
        var found: [String] = []
        walk(root, prefix: "", skipHidden: skipHidden, keeping: keeping, into: &found)
        return found.sorted()
    }

    private static func walk(_ directory: String, prefix: String, skipHidden: Bool, keeping: Set<String> = [], into found: inout [String]) {
        DirectoryEntries.forEach(in: directory, followingLinks: true) { name, kind in
            if skipHidden && name.hasPrefix(".") && !keeping.contains(name) { return }
            switch kind {
            case .directory: walk(directory + "/" + name, prefix: prefix + name + "/", skipHidden: skipHidden, into: &found)
            case .regularFile: found.append(prefix + name)
            case .other: break
            }
        }
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

    /// A file's bytes, or nil when it cannot be read.
    static func read(_ path: String) -> Data? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        var data = Data(count: Int(info.st_size))
        let complete = data.withUnsafeMutableBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let got = Foundation.read(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if got < 0 && errno == EINTR { continue }
                if got <= 0 { return false }
                offset += got
            }
            return true
        }
        return complete ? data : nil
    }
}

import Foundation

/// Lists and reads files with POSIX calls: FileManager's enumerator builds an attribute dictionary
/// per entry, which dominated a no-op rebuild of a large site.
enum FileTree {
    /// Regular files below `root`, as paths relative to it, sorted; hidden entries are skipped when asked.
    static func files(under root: String, skipHidden: Bool = false) -> [String] {
        var found: [String] = []
        walk(root, prefix: "", skipHidden: skipHidden, into: &found)
        return found.sorted()
    }

    private static func walk(_ directory: String, prefix: String, skipHidden: Bool, into found: inout [String]) {
        DirectoryEntries.forEach(in: directory, followingLinks: true) { name, kind in
            if skipHidden && name.hasPrefix(".") { return }
            switch kind {
            case .directory: walk(directory + "/" + name, prefix: prefix + name + "/", skipHidden: skipHidden, into: &found)
            case .regularFile: found.append(prefix + name)
            case .other: break
            }
        }
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

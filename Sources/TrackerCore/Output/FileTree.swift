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
        guard let handle = opendir(directory) else { return }
        defer { closedir(handle) }
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name == "." || name == ".." || (skipHidden && name.hasPrefix(".")) { continue }
            let path = directory + "/" + name
            var type = Int32(entry.pointee.d_type)
            if type == Int32(DT_UNKNOWN) || type == Int32(DT_LNK) {
                var info = stat()
                guard stat(path, &info) == 0 else { continue }
                type = (info.st_mode & S_IFMT) == S_IFDIR ? Int32(DT_DIR) : ((info.st_mode & S_IFMT) == S_IFREG ? Int32(DT_REG) : 0)
            }
            if type == Int32(DT_DIR) {
                walk(path, prefix: prefix + name + "/", skipHidden: skipHidden, into: &found)
            } else if type == Int32(DT_REG) {
                found.append(prefix + name)
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

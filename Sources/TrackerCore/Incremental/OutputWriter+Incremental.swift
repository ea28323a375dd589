import Foundation

/// Writing a preview rebuild into an existing output folder: only the files whose bytes changed, each
/// through a temporary file renamed into place, so a reader (or an interrupted rebuild) never sees half a file.
extension OutputWriter {
    /// The whole site into a staging folder swapped in at once, as `tracker build` writes it.
    public func replaceAll(with files: [String: Data]) throws(WriteError) {
        let staging = try makeStagingDirectory()
        do throws(WriteError) {
            try Self.write(files.map { (path: $0.key, data: $0.value) }, under: staging)
            try swapIn(staging: staging)
        } catch {
            discard(staging: staging)
            throw error
        }
    }

    /// Writes the changed files and deletes the removed ones (and folders left empty by that).
    /// Files are written on every core, largest first: after a title edit on a large site the timeline
    /// and the data exports are tens of megabytes.
    public func apply(changed: [String], removed: [String], from files: [String: Data]) throws(WriteError) {
        let root = outputURL.path
        let writes = changed.compactMap { path in files[path].map { (path: path, data: $0) } }.sorted { $0.data.count > $1.data.count }
        try Self.createFolders(for: writes.map(\.path), under: root)
        let failures = writes.parallelMap { write -> String? in
            let target = root + "/" + write.path
            let slash = target.utf8.lastIndex(of: UInt8(ascii: "/"))!
            let folder = String(target[..<slash])
            let temporary = folder + "/." + target[target.index(after: slash)...] + ".tracker-\(getpid()).tmp"
            if let failure = Self.writeFile(temporary, write.data) {
                unlink(temporary)
                return failure
            }
            if rename(temporary, target) != 0 {
                let reason = String(cString: strerror(errno))
                unlink(temporary)
                return "cannot write \(target): \(reason)"
            }
            return nil
        }
        if let failure = failures.lazy.compactMap({ $0 }).first { throw WriteError(description: failure) }
        for path in removed {
            let target = root + "/" + path
            unlink(target)
            var folder = (path as NSString).deletingLastPathComponent
            // rmdir fails on a folder that still has files: only emptied folders go.
            while !folder.isEmpty, rmdir(root + "/" + folder) == 0 {
                folder = (folder as NSString).deletingLastPathComponent
            }
        }
    }
}

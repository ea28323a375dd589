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
    public func apply(changed: [String], removed: [String], from files: [String: Data]) throws(WriteError) {
        let root = outputURL.path
        for path in changed {
            guard let data = files[path] else { continue }
            let target = root + "/" + path
            let folder = (target as NSString).deletingLastPathComponent
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw WriteError(description: "cannot create \(folder): \(error.localizedDescription)")
            }
            let temporary = folder + "/.\((target as NSString).lastPathComponent).tracker-\(getpid()).tmp"
            if let failure = Self.writeFile(temporary, data) {
                unlink(temporary)
                throw WriteError(description: failure)
            }
            if rename(temporary, target) != 0 {
                let reason = String(cString: strerror(errno))
                unlink(temporary)
                throw WriteError(description: "cannot write \(target): \(reason)")
            }
        }
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

import Foundation

/// `tracker theme export`: the built-in theme written out as files, so a site can start overriding it.
/// A site's `templates/` is laid over the built-in theme file by file (`Theme.load`), so an exported
/// folder renders exactly as the built-in theme until a file in it is changed.
public enum ThemeExport {
    /// Every template and asset of the built-in theme, by path (`base.mustache`, `assets/style.css`), sorted.
    public static var files: [(path: String, data: Data)] {
        EmbeddedTheme.data.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    public enum Failure: Error, Equatable {
        /// These files exist already (paths under the folder), and `force` was not given.
        case existing([String])
        case cannotWrite(String)
    }

    /// Writes every file into `directory` (created when missing). Unless `force`, refuses before writing
    /// anything when one of the files exists.
    public static func write(to directory: String, force: Bool) throws(Failure) -> Int {
        let files = self.files
        if !force {
            let existing = files.map(\.path).filter { FileManager.default.fileExists(atPath: directory + "/" + $0) }
            guard existing.isEmpty else { throw .existing(existing) }
        }
        do {
            for (path, data) in files {
                let target = directory + "/" + path
                try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try data.write(to: URL(fileURLWithPath: target))
            }
        } catch {
            throw .cannotWrite(error.localizedDescription)
        }
        return files.count
    }
}

import Foundation

/// A file's device and inode, following links: what tells a folder reached again through a link
/// (`static/loop` → `.`) from a new one, for the build's listing and the preview's watcher.
public struct FileIdentity: Equatable, Sendable {
    let device: UInt64
    let inode: UInt64
    /// Whether the file is a folder.
    public let isFolder: Bool

    /// Nil when `path` cannot be reached.
    public init?(_ path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        (device, inode, isFolder) = (UInt64(info.st_dev), UInt64(info.st_ino), info.st_mode & S_IFMT == S_IFDIR)
    }
}

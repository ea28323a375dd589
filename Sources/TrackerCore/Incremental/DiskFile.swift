import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A file of `static/` or of a bundle as the preview serves it: from where it is, read at each request and
/// never held. The preview keeps every other output file's bytes (in its `PageStore`); held too, a site's
/// videos, scans and archived PDFs (hundreds of megabytes, for a tracker that keeps its evidence) took as
/// much memory or temporary space again, a file over 16 MB stayed in the heap for good, and a change to
/// any static file read them all again into the heap to compare. Whether such a file changed is told by
/// its size and the digest of its bytes (`FileDigest`), read a block at a time.
public struct DiskFile: Sendable, Equatable {
    /// The file to read, as `SiteFile.path` names it.
    public let path: String
    /// Its size when the preview last read it.
    public let size: Int
    let digest: String

    /// The file at `path` as it is now; otherwise the error (errno) that stopped reading it. What is not a
    /// regular file (a named pipe, which a plain `open` would wait on for ever) is refused with `EINVAL`.
    static func read(_ path: String) -> (file: DiskFile?, error: Int32) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return (nil, errno) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return (nil, errno) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { return (nil, EINVAL) }
        let size = Int(info.st_size)
        // A file that shrinks while it is read ends before its size: it is being written, and read again when it changes.
        guard let digest = FileDigest.hex(descriptor: descriptor, size: size) else { return (nil, EIO) }
        return (DiskFile(path: path, size: size, digest: digest), 0)
    }

    /// Its bytes as they are now (for comparisons and the tests; the preview streams them).
    public func bytes() -> Data? { FileTree.read(path) }
}

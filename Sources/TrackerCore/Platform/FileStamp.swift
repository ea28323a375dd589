import Foundation

/// A file's size and modification time to the nanosecond, from `stat`: how the build cache tells
/// that an output file is as the last build wrote it, and that the `tracker` binary is the same.
/// `stat`'s time field is named differently on Linux and on Apple's systems; only Linux is tested.
struct FileStamp: Equatable, CustomStringConvertible {
    let size: Int
    let seconds: Int
    let nanoseconds: Int

    /// Follows symbolic links, as `stat` does; nil when the file cannot be reached.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        self.init(info)
    }

    /// The stamp of an open file; nil when `fstat` fails.
    init?(descriptor: Int32) {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        self.init(info)
    }

    private init(_ info: stat) {
        size = Int(info.st_size)
        #if os(Linux)
        (seconds, nanoseconds) = (Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec))
        #else
        (seconds, nanoseconds) = (Int(info.st_mtimespec.tv_sec), Int(info.st_mtimespec.tv_nsec))
        #endif
    }

    /// The modification time as the build manifest records it: "seconds.nanoseconds".
    var modified: String { "\(seconds).\(nanoseconds)" }

    var description: String { "\(size) \(modified)" }
}

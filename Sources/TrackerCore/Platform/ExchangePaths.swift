import Foundation

/// Swaps two paths in one step, so no moment exists when neither is in place: on Linux,
/// `renameat2(RENAME_EXCHANGE)` (Linux 3.15; glibc declares it only for C code, so it is looked up
/// by name). Nil where the call is missing (other systems, an old kernel or a file system without
/// the flag): the caller then falls back to two renames.
enum ExchangePaths {
    private typealias Renameat2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32

    #if os(Linux)
    private static let renameat2: Renameat2? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2").map { unsafeBitCast($0, to: Renameat2.self) }
    #else
    private static let renameat2: Renameat2? = nil
    #endif

    /// True when the two paths were exchanged; false (with `errno` set) when they were not; nil when
    /// the system cannot exchange paths.
    static func exchange(_ first: String, _ second: String) -> Bool? {
        guard let renameat2 else { return nil }
        let renameExchange: UInt32 = 1 << 1
        if renameat2(AT_FDCWD, first, AT_FDCWD, second, renameExchange) == 0 { return true }
        return errno == ENOSYS || errno == EINVAL ? nil : false
    }
}

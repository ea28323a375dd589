import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A temporary file in `$TMPDIR` (or `/tmp`) that has no name: it is gone when its descriptor is
/// closed, however the process ends. Where the build and the preview keep bytes out of memory.
enum UnlinkedFile {
    /// The descriptor of a new file named `prefix`-something while it is made, or nil when none can be made.
    static func make(prefix: String) -> Int32? {
        let folder = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((folder + "/" + prefix + "-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { return nil }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        return descriptor
    }

    /// Writes all of `bytes` at `offset`; false when a write fails.
    static func write(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32, at offset: Int64) -> Bool {
        var written = 0
        while written < bytes.count {
            let result = pwrite(descriptor, bytes.baseAddress! + written, bytes.count - written, off_t(offset) + off_t(written))
            if result <= 0 { return false }
            written += result
        }
        return true
    }
}

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

    /// The most one write call puts in the file, ending at multiples of this size. The kernel sizes the page
    /// cache's folios by the write: a write of 128 KB or more asks for blocks of 32 pages and up, and on a
    /// virtual machine that hands free memory back to its host in blocks of that size (virtio-balloon's free
    /// page reporting, order 5 here) each such block is memory the host must fault in again. Measured on these
    /// machines (ext4 `/tmp`, Linux 6.18): 50 MB written in 128 KB or 256 KB calls took 0.40–0.54 s of system
    /// time, in 4 KB to 64 KB calls 0.01–0.06 s.
    static let pieceSize = 64 * 1024

    /// The pieces in which `count` bytes are written at `offset`: each ends at a multiple of `pieceSize` or at the end.
    static func pieces(at offset: Int64, count: Int) -> [(offset: Int64, count: Int)] {
        var pieces: [(offset: Int64, count: Int)] = []
        var done = 0
        while done < count {
            let position = offset + Int64(done)
            let length = min(pieceSize - Int(position % Int64(pieceSize)), count - done)
            pieces.append((position, length))
            done += length
        }
        return pieces
    }

    /// Writes all of `bytes` at `offset`, in `pieces`; false when a write fails.
    static func write(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32, at offset: Int64) -> Bool {
        for piece in pieces(at: offset, count: bytes.count) {
            let start = bytes.baseAddress! + Int(piece.offset - offset)
            var written = 0
            while written < piece.count {
                let result = pwrite(descriptor, start + written, piece.count - written, off_t(piece.offset) + off_t(written))
                if result <= 0 { return false }
                written += result
            }
        }
        return true
    }
}

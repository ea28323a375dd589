import Foundation

/// Where `tracker build` keeps the rendered HTML of incident bodies between loading and rendering:
/// an unlinked temporary file in `$TMPDIR` (or `/tmp`), read back when the incident's page is rendered.
/// The bodies are most of a large site's content, and only each incident's own page needs its body,
/// so they need not stay in the process's memory for the whole build.
public final class BodySpill: @unchecked Sendable {
    private let descriptor: Int32
    private var end: Int64 = 0
    private let lock = NSLock()

    /// A new spill file, or nil when no temporary file can be made (bodies then stay in memory).
    public static func make() -> BodySpill? {
        UnlinkedFile.make(prefix: "tracker-bodies").map(BodySpill.init(descriptor:))
    }

    private init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { close(descriptor) }

    /// Stores `text`; nil when the write fails (the caller keeps the text in memory).
    func store(_ text: String) -> (offset: Int64, length: Int)? {
        var text = text
        return text.withUTF8 { bytes -> (Int64, Int)? in
            lock.lock()
            let offset = end
            end += Int64(bytes.count)
            lock.unlock()
            guard UnlinkedFile.write(UnsafeRawBufferPointer(bytes), to: descriptor, at: offset) else { return nil }
            return (offset, bytes.count)
        }
    }

    func load(offset: Int64, length: Int) -> String {
        String(unsafeUninitializedCapacity: length) { buffer in
            var read = 0
            while read < length {
                let result = pread(descriptor, buffer.baseAddress! + read, length - read, off_t(offset) + off_t(read))
                if result <= 0 { break }
                read += result
            }
            return read
        }
    }
}

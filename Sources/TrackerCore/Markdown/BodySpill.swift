import Foundation

/// Where `tracker build` keeps the rendered HTML of incident bodies between loading and rendering:
/// an unlinked temporary file in `$TMPDIR` (or `/tmp`), read back when the incident's page is rendered.
/// The bodies are most of a large site's content, and only each incident's own page needs its body,
/// so they need not stay in the process's memory for the whole build.
///
/// Bodies are gathered into batches of `batchSize` bytes, each written with one call: a write per body
/// (tens of thousands of them) cost more than the bytes. A batch whose write fails stays in memory.
public final class BodySpill: @unchecked Sendable {
    private let descriptor: Int32
    private let lock = NSLock()
    // All below under `lock`.
    /// The size of the stored bytes: those in the file, in `batch` and in `kept`.
    private var end: Int64 = 0
    /// The bytes from `batchStart` to `end`, not yet written.
    private var batch: [UInt8] = []
    private var batchStart: Int64 = 0
    /// Batches that could not be written, by where they start.
    private var kept: [(start: Int64, bytes: [UInt8])] = []

    static let batchSize = 256 * 1024

    /// A new spill file, or nil when no temporary file can be made (bodies then stay in memory).
    public static func make() -> BodySpill? {
        UnlinkedFile.make(prefix: "tracker-bodies").map(BodySpill.init(descriptor:))
    }

    /// Spills into `descriptor`, which it closes when done (a test gives one that cannot be written).
    init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { close(descriptor) }

    /// Stores `text`: where it is and how long, to `load` it by.
    func store(_ text: String) -> (offset: Int64, length: Int) {
        var text = text
        return text.withUTF8 { bytes in
            lock.lock()
            defer { lock.unlock() }
            let offset = end
            batch.append(contentsOf: bytes)
            end += Int64(bytes.count)
            if batch.count >= Self.batchSize { writeBatch() }
            return (offset, bytes.count)
        }
    }

    /// Writes `batch` to the file (or keeps it, when the write fails) and starts the next one. Under `lock`.
    private func writeBatch() {
        guard !batch.isEmpty else { return }
        if batch.withUnsafeBytes({ UnlinkedFile.write($0, to: descriptor, at: batchStart) }) {
            batch.removeAll(keepingCapacity: true)
        } else {
            kept.append((batchStart, batch))
            batch = []
        }
        batchStart = end
    }

    /// The text stored at `offset` with `length` bytes.
    func load(offset: Int64, length: Int) -> String {
        lock.lock()
        // A body lies whole in one batch: still gathering, kept in memory, or in the file.
        if offset >= batchStart { writeBatch() }
        let inMemory = kept.last { $0.start <= offset }.flatMap { batch in
            offset + Int64(length) <= batch.start + Int64(batch.bytes.count) ? (batch.bytes, Int(offset - batch.start)) : nil
        }
        lock.unlock()
        if let (bytes, start) = inMemory {
            return String(decoding: bytes[start ..< start + length], as: UTF8.self)
        }
        return String(unsafeUninitializedCapacity: length) { buffer in
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

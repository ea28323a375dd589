import Foundation

/// Where `tracker build` keeps the rendered HTML of incident bodies between loading and rendering:
/// an unlinked temporary file in `$TMPDIR` (or `/tmp`), read back when the incident's page is rendered.
/// The bodies are most of a large site's content, and only each incident's own page needs its body,
/// so they need not stay in the process's memory for the whole build.
///
/// Bodies are gathered into batches of at most `batchSize` bytes (a body longer than that is a batch of
/// its own), each written in a few calls of at most 64 KB (`UnlinkedFile.write`): a write per body (tens
/// of thousands of them) cost more than the bytes. A full batch is written outside the lock, so the other
/// threads go on storing while it is written (on a disk-backed `/tmp` one write of a batch takes about a
/// millisecond, as long as a thread takes to decode several incidents). A batch whose write fails stays
/// in memory. The buffer of a written batch gathers a later one: a fresh buffer for each batch cost a
/// page fault for each of its pages (1.5% of a build's time), and a batch grown past its reserved
/// size one copy of it.
public final class BodySpill: @unchecked Sendable {
    typealias Batch = (start: Int64, bytes: [UInt8])

    private let descriptor: Int32
    private let lock = NSLock()
    // All below under `lock`.
    /// The size of the stored bytes: those in the file, in `batch`, in `writing` and in `kept`.
    private var end: Int64 = 0
    /// The bytes from `batchStart` to `end`, not yet written.
    private var batch: [UInt8] = []
    private var batchStart: Int64 = 0
    /// Batches taken out to be written and not yet written: read from here meanwhile.
    private var writing: [Batch] = []
    /// Batches that could not be written.
    private var kept: [Batch] = []
    /// Buffers of written batches, to gather later ones in.
    private var spare: [[UInt8]] = []

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
        return text.withUTF8 { store(bytes: $0) }
    }

    /// Stores UTF-8 `bytes` (cmark's HTML, stored as it comes: no string is made of it until it is loaded).
    func store(bytes: UnsafeBufferPointer<UInt8>) -> (offset: Int64, length: Int) {
        lock.lock()
        let offset = end
        // A batch this body would grow past its size is taken out first.
        let before = !batch.isEmpty && batch.count + bytes.count > Self.batchSize ? takeBatch() : nil
        if batch.capacity == 0 { batch.reserveCapacity(Self.batchSize) }
        batch.append(contentsOf: bytes)
        end += Int64(bytes.count)
        let full = batch.count >= Self.batchSize ? takeBatch() : nil
        lock.unlock()
        if let before { write(before) }
        if let full { write(full) }
        return (offset, bytes.count)
    }

    /// Takes the gathered batch out to be written; it stays readable in `writing` until it is. Under `lock`.
    private func takeBatch() -> Batch {
        let taken = (start: batchStart, bytes: batch)
        writing.append(taken)
        batch = spare.popLast() ?? []
        batch.removeAll(keepingCapacity: true)
        batchStart = end
        return taken
    }

    /// Writes a taken batch to the file, not under `lock`, then keeps its buffer for a later batch (or
    /// the batch, when the write fails).
    private func write(_ taken: Batch) {
        let written = taken.bytes.withUnsafeBytes { UnlinkedFile.write($0, to: descriptor, at: taken.start) }
        lock.lock()
        writing.removeAll { $0.start == taken.start }
        if !written {
            kept.append(taken)
        } else if spare.count < 2, taken.bytes.capacity <= 2 * Self.batchSize {
            // One buffer for each thread storing; a long body's buffer is let go.
            spare.append(taken.bytes)
        }
        lock.unlock()
    }

    /// The text stored at `offset` with `length` bytes.
    func load(offset: Int64, length: Int) -> String {
        lock.lock()
        // A body lies whole in one batch: still gathering, being written, kept in memory, or in the file.
        let inMemory: String? = if offset >= batchStart {
            Self.text(in: (batchStart, batch), at: offset, length: length)
        } else {
            writing.lazy.compactMap { Self.text(in: $0, at: offset, length: length) }.first
                ?? kept.lazy.compactMap { Self.text(in: $0, at: offset, length: length) }.first
        }
        lock.unlock()
        if let inMemory { return inMemory }
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

    /// Appends the bytes stored at `offset` with `length` bytes to `output`: `load` without making a string.
    func append(offset: Int64, length: Int, to output: ByteBuffer) {
        output.append(atMost: length) { target in
            lock.lock()
            let inMemory = if offset >= batchStart {
                Self.copy((batchStart, batch), at: offset, length: length, to: target)
            } else {
                writing.contains { Self.copy($0, at: offset, length: length, to: target) }
                    || kept.contains { Self.copy($0, at: offset, length: length, to: target) }
            }
            lock.unlock()
            if inMemory { return length }
            var read = 0
            while read < length {
                let result = pread(descriptor, target + read, length - read, off_t(offset) + off_t(read))
                if result <= 0 { break }
                read += result
            }
            return read
        }
    }

    /// Copies the bytes at `offset` with `length` bytes to `target` when `batch` holds all of them.
    private static func copy(_ batch: Batch, at offset: Int64, length: Int, to target: UnsafeMutablePointer<UInt8>) -> Bool {
        guard offset >= batch.start, offset + Int64(length) <= batch.start + Int64(batch.bytes.count) else { return false }
        let start = Int(offset - batch.start)
        batch.bytes.withUnsafeBufferPointer { target.update(from: $0.baseAddress! + start, count: length) }
        return true
    }

    /// The text at `offset` with `length` bytes when `batch` holds all of it.
    private static func text(in batch: Batch, at offset: Int64, length: Int) -> String? {
        guard offset >= batch.start, offset + Int64(length) <= batch.start + Int64(batch.bytes.count) else { return nil }
        let start = Int(offset - batch.start)
        return String(decoding: batch.bytes[start ..< start + length], as: UTF8.self)
    }
}

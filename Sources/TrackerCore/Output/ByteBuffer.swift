import ByteScan
import Foundation

/// A growable byte buffer for one output file, handed to `Data` without a copy when done.
///
/// It grows with `realloc`, which for large blocks remaps pages instead of copying them, so a
/// multi-megabyte page or export never holds two copies of itself (an `Array` that doubles does,
/// and `Data(array)` makes a third).
///
/// With a file descriptor it streams instead: `flushIfLarge()`, called by writers where nothing before
/// that point can change any more, writes what has accumulated to the file, so a page of any size
/// needs only a bounded buffer.
final class ByteBuffer {
    private var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private(set) var capacity: Int
    private let sink: Int32?
    /// Bytes already written to the sink.
    private(set) var flushed = 0
    /// The first write error (errno), if any.
    private(set) var writeError: Int32?
    /// Why what was written is not all that was asked for (a template render past its `TemplateLimits`, a
    /// static file that could not be read);
    /// nil when it is. A build turns it into an error for the file.
    var stopReason: String?
    static let flushThreshold = 256 * 1024

    init(capacity: Int = 16 * 1024, streamingTo sink: Int32? = nil) {
        self.capacity = max(capacity, 64)
        self.sink = sink
        if sink == nil, let (block, size) = BufferPool.shared.take(atLeast: self.capacity) {
            base = block.assumingMemoryBound(to: UInt8.self)
            self.capacity = size
        } else if sink != nil, let (block, size) = StreamBlocks.shared.take(atLeast: self.capacity) {
            base = block
            self.capacity = size
        } else {
            base = malloc(self.capacity)!.assumingMemoryBound(to: UInt8.self)
        }
    }

    /// Writes the buffered bytes to the sink once there are enough of them; a no-op without a sink.
    func flushIfLarge() {
        if sink != nil, count >= Self.flushThreshold { flush() }
    }

    /// Writes every buffered byte to the sink.
    func flush() {
        guard let sink, count > 0 else { return }
        send(base, count: count, to: sink)
        count = 0
    }

    /// Writes `count` bytes from `start` to `sink`, unless a write failed before; counted as flushed either way.
    private func send(_ start: UnsafePointer<UInt8>, count: Int, to sink: Int32) {
        var offset = 0
        while offset < count, writeError == nil {
            let written = write(sink, start + offset, count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                writeError = errno
            } else {
                offset += written
            }
        }
        flushed += count
    }

    /// Appends the bytes of the file at `path`; the error (errno) that stopped it, if any. Streaming, it reads a
    /// block at a time and passes each on to the sink, so a static file of any size (a video, a court order's
    /// scan) costs a bounded buffer: read whole, a 500 MB file took 1.2 GB and 5 s to copy. Without a sink the
    /// file is held whole anyway, and room for it is made at once.
    func appendFile(_ path: String) -> Int32? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return errno }
        defer { close(descriptor) }
        var info = stat()
        if sink == nil, fstat(descriptor, &info) == 0 { reserve(Int(info.st_size) + 1) }
        while true {
            if count == capacity { reserve(Self.flushThreshold) }
            let room = sink == nil ? capacity - count : min(capacity - count, Self.flushThreshold)
            let got = read(descriptor, base + count, room)
            if got < 0 {
                if errno == EINTR { continue }
                return errno
            }
            if got == 0 { return nil }
            count += got
            flushIfLarge()
        }
    }

    /// Bytes produced in all: written to the sink and still buffered.
    var total: Int { flushed + count }

    deinit {
        if sink != nil {
            StreamBlocks.shared.give(base, capacity: capacity)
        } else {
            free(base)
        }
    }

    /// Room for `extra` more bytes: checked inline, as every append asks; grown apart.
    @inline(__always) private func reserve(_ extra: Int) {
        if count + extra > capacity { grow(extra) }
    }

    @inline(never) private func grow(_ extra: Int) {
        var newCapacity = capacity * 2
        while newCapacity < count + extra { newCapacity *= 2 }
        base = realloc(base, newCapacity)!.assumingMemoryBound(to: UInt8.self)
        capacity = newCapacity
    }

    func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    /// Appends bytes that nothing will change: streaming, what is buffered is written to the sink and then the bytes
    /// themselves, from where they are (appended, a file of tens of megabytes published from memory was copied whole
    /// into a buffer grown to fit it: 67 MB for a 41 MB export); without a sink they are appended.
    func appendFinal(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let sink, bytes.count > capacity - count else { return append(bytes) }
        flush()
        if let source = bytes.baseAddress { send(source, count: bytes.count, to: sink) }
    }

    /// Appends what `write` puts at the pointer it is given, which has room for `maximum` bytes; `write`
    /// returns how many it wrote.
    func append(atMost maximum: Int, _ write: (UnsafeMutablePointer<UInt8>) -> Int) {
        reserve(maximum)
        let written = write(base + count)
        precondition(written <= maximum)
        count += written
    }

    func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    /// Text written in the source: its bytes copied straight from where the program keeps them.
    func append(_ text: StaticString) {
        guard text.hasPointerRepresentation else { return append(text.description) }
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    func append(_ string: String) {
        // Read in place (a native string always is): `withUTF8` needs a copy it may change, a retain and a release.
        guard string.utf8.withContiguousStorageIfAvailable({ append($0) }) == nil else { return }
        var string = string
        string.withUTF8 { append($0) }
    }

    subscript(index: Int) -> UInt8 { base[index] }

    /// Inserts `bytes` at `index`, moving what follows.
    func insert(_ bytes: [UInt8], at index: Int) {
        guard !bytes.isEmpty else { return }
        reserve(bytes.count)
        (base + index + bytes.count).update(from: base + index, count: count - index)
        bytes.withUnsafeBufferPointer { (base + index).update(from: $0.baseAddress!, count: bytes.count) }
        count += bytes.count
    }

    /// The last position of `needle`, if any.
    func lastIndex(of needle: [UInt8]) -> Int? {
        guard count >= needle.count else { return nil }
        var start = count - needle.count
        while start >= 0 {
            var matches = true
            for offset in needle.indices where base[start + offset] != needle[offset] {
                matches = false
                break
            }
            if matches { return start }
            start -= 1
        }
        return nil
    }

    /// The bytes as `Data`, which takes the memory over; the buffer is empty afterwards.
    func takeData() -> Data {
        guard count > 0 else { return Data() }
        let kept = capacity
        let data = Data(bytesNoCopy: base, count: count,
                        deallocator: kept < BufferPool.minimumSize ? .free : .custom { block, _ in BufferPool.shared.give(block, capacity: kept) })
        capacity = 64
        count = 0
        base = malloc(capacity)!.assumingMemoryBound(to: UInt8.self)
        return data
    }

    /// What `write` puts into a new in-memory buffer of at least `capacity` bytes to start with.
    static func data(capacity: Int = 64 * 1024, _ write: (ByteBuffer) -> Void) -> Data {
        let buffer = ByteBuffer(capacity: max(capacity, 64 * 1024))
        write(buffer)
        return buffer.takeData()
    }

    var string: String { string(from: 0) }

    /// The bytes from `start` (an index into what is still in memory) to the end, as text.
    /// The buffered bytes from `start`.
    func bytes(from start: Int) -> [UInt8] {
        Array(UnsafeBufferPointer(start: base + start, count: count - start))
    }

    func string(from start: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: base + start, count: count - start), as: UTF8.self)
    }

    /// The buffered bytes, read where they are (valid only inside `body`).
    func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        body(UnsafeBufferPointer(start: base, count: count))
    }
}

/// Large in-memory buffers kept for reuse once freed, when enabled (`keep(upTo:)`: the preview). Each
/// rebuild makes the large site-wide pages again (data/incidents.json alone is 22 MB for 10,000
/// incidents) and frees the last ones; malloc hands a buffer that size fresh pages whenever it comes from
/// another thread's arena, and faulting them in cost more than copying the page's bytes. Kept buffers stay
/// resident until `drain()`, which the preview calls once the edits stop.
public final class BufferPool: @unchecked Sendable {
    public static let shared = BufferPool()
    /// Smaller buffers are left to malloc.
    static let minimumSize = 1 << 20
    private var kept: [(block: UnsafeMutableRawPointer, capacity: Int)] = []
    private var keptBytes = 0
    private var limit = 0
    private let lock = NSLock()

    /// Keeps freed buffers of `minimumSize` or more, up to `limit` bytes in all.
    public func keep(upTo limit: Int) {
        lock.lock()
        self.limit = limit
        lock.unlock()
    }

    /// The smallest kept buffer of `capacity` bytes or more, if it is less than twice that: it is taken from the pool.
    func take(atLeast capacity: Int) -> (UnsafeMutableRawPointer, Int)? {
        guard capacity >= Self.minimumSize else { return nil }
        lock.lock()
        defer { lock.unlock() }
        var best: Int?
        for index in kept.indices where kept[index].capacity >= capacity && kept[index].capacity < 2 * capacity {
            if best.map({ kept[index].capacity < kept[$0].capacity }) ?? true { best = index }
        }
        guard let best else { return nil }
        let taken = kept.remove(at: best)
        keptBytes -= taken.capacity
        return (taken.block, taken.capacity)
    }

    /// Keeps a freed buffer (from malloc) for `take`, or frees it when the pool is full or disabled.
    func give(_ block: UnsafeMutableRawPointer, capacity: Int) {
        lock.lock()
        if keptBytes + capacity <= limit {
            kept.append((block, capacity))
            keptBytes += capacity
            lock.unlock()
            return
        }
        lock.unlock()
        free(block)
    }

    /// Frees every kept buffer.
    public func drain() {
        lock.lock()
        let blocks = kept
        kept = []
        keptBytes = 0
        lock.unlock()
        for block in blocks { free(block.block) }
    }
}

/// The buffers of files streamed to disk, kept for the next such file: a build streams tens of thousands
/// of files, each through a buffer of 64 KB or more, and each page larger than that grew a new buffer
/// (copying it) again. At most `limit` buffers are kept, of `smallest` to `largest` bytes; they stay
/// allocated until the process ends.
final class StreamBlocks: @unchecked Sendable {
    static let shared = StreamBlocks()
    static let limit = 8
    static let smallest = 64 * 1024
    static let largest = 1 << 20
    private var kept: [(block: UnsafeMutablePointer<UInt8>, capacity: Int)] = []
    private let lock = NSLock()

    /// A kept buffer of `capacity` bytes or more, taken from the pool.
    func take(atLeast capacity: Int) -> (UnsafeMutablePointer<UInt8>, Int)? {
        lock.lock()
        defer { lock.unlock() }
        guard let index = kept.lastIndex(where: { $0.capacity >= capacity }) else { return nil }
        return kept.remove(at: index)
    }

    /// Keeps a streaming buffer's memory (from malloc) for `take`, or frees it.
    func give(_ block: UnsafeMutablePointer<UInt8>, capacity: Int) {
        if capacity >= Self.smallest, capacity <= Self.largest {
            lock.lock()
            if kept.count < Self.limit {
                kept.append((block, capacity))
                lock.unlock()
                return
            }
            lock.unlock()
        }
        free(block)
    }
}

extension ByteBuffer {
    /// Appends `text` with & < > " ' escaped for HTML (and XML), as a template's `{{name}}` writes it.
    func appendEscapedMarkup(_ text: String) {
        // Read in place (a native string always is); `withUTF8` would need a copy to mutate.
        guard text.utf8.withContiguousStorageIfAvailable({ appendEscapedMarkup($0) }) == nil else { return }
        var text = text
        text.withUTF8 { appendEscapedMarkup($0) }
    }

    func appendEscapedMarkup(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        // In pieces, so that the room reserved for the worst case (six bytes for each) stays small.
        var start = 0
        while start < bytes.count {
            let length = min(bytes.count - start, 4096)
            append(atMost: 6 * length + 16) { tracker_escape_markup(base + start, length, $0) }
            start += length
        }
    }
}

import Foundation

/// A growable byte buffer for one output file, handed to `Data` without a copy when done.
///
/// It grows with `realloc`, which for large blocks remaps pages instead of copying them, so a
/// multi-megabyte page or export never holds two copies of itself (an `Array` that doubles does,
/// and `Data(array)` makes a third).
final class ByteBuffer {
    private var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 16 * 1024) {
        self.capacity = max(capacity, 64)
        base = malloc(self.capacity)!.assumingMemoryBound(to: UInt8.self)
    }

    deinit { free(base) }

    private func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
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

    func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    func append(_ string: String) {
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
        let data = Data(bytesNoCopy: base, count: count, deallocator: .free)
        capacity = 64
        count = 0
        base = malloc(capacity)!.assumingMemoryBound(to: UInt8.self)
        return data
    }

    var string: String { String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self) }
}

/// Every output file of a build, relative to the output folder, in the order of the build's jobs: the paths'
/// bytes in one buffer, and where each one ends. A site of 100,000 incidents writes some 460,000 files; their
/// paths as an array of `String`s took 48 MB, most of it each string's own allocation, held from the first page
/// to the build's record in the cache.
struct OutputPaths: Sendable {
    private let bytes: [UInt8]
    /// Where each path ends in `bytes`; it starts where the one before it ends.
    private let ends: [Int]

    /// `count` paths, path `index` being `path(index)`; made on every core, a block of paths at a time.
    init(count: Int, _ path: @Sendable (Int) -> String) {
        let blockSize = 4096
        let blocks = Array(stride(from: 0, to: count, by: blockSize)).parallelMap { start -> (bytes: [UInt8], ends: [Int]) in
            var bytes: [UInt8] = []
            var ends: [Int] = []
            ends.reserveCapacity(min(blockSize, count - start))
            for index in start..<min(start + blockSize, count) {
                bytes.append(contentsOf: path(index).utf8)
                ends.append(bytes.count)
            }
            return (bytes, ends)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(blocks.reduce(0) { $0 + $1.bytes.count })
        var ends: [Int] = []
        ends.reserveCapacity(count)
        for block in blocks {
            let offset = bytes.count
            bytes.append(contentsOf: block.bytes)
            ends.append(contentsOf: block.ends.lazy.map { $0 + offset })
        }
        self.bytes = bytes
        self.ends = ends
    }

    init(_ paths: [String]) {
        self.init(count: paths.count) { paths[$0] }
    }

    var count: Int { ends.count }
    var indices: Range<Int> { 0..<ends.count }

    private func range(_ index: Int) -> Range<Int> { (index == 0 ? 0 : ends[index - 1])..<ends[index] }

    subscript(index: Int) -> String {
        bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range(index)]), as: UTF8.self) }
    }

    /// How many bytes path `index` has.
    func byteCount(_ index: Int) -> Int { range(index).count }

    /// Appends path `index`'s bytes to `buffer`.
    func append(_ index: Int, to buffer: inout [UInt8]) {
        buffer.append(contentsOf: bytes[range(index)])
    }
}

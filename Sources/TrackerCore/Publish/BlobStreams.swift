import Foundation

/// The new blobs of a branch publish, written as each file is rendered into two `git fast-import` streams (files of
/// `blob`/`data` commands), which are stored once the site has passed its check, a pack each, at once
/// (`GitRepository.storeBlobs(from:)`). A blob the parent commit's tree holds, or one already written, is not written
/// again. The files go to the streams by their place in the site, odd and even, so each pack gets half of them:
/// fast-import unpacks a pack of fewer than 100 objects into loose ones.
///
/// Any thread may add a blob; each stream has a lock of its own.
final class BlobStreams: @unchecked Sendable {
    private final class Stream: @unchecked Sendable {
        let lock = NSLock()
        let url: URL
        let descriptor: Int32
        var bytes = 0

        init(_ url: URL) throws(PublishError) {
            self.url = url
            descriptor = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else { throw .failed("cannot create \(url.path): \(String(cString: strerror(errno)))") }
        }

        deinit { close(descriptor) }

        /// Appends `bytes`; the error number when the write fails.
        func write(_ bytes: UnsafeRawBufferPointer) -> Int32? {
            var offset = 0
            while offset < bytes.count {
                let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            self.bytes += bytes.count
            return nil
        }
    }

    private let lock = NSLock()
    /// The ids of the blobs the parent's tree holds and of those written.
    private var known: Set<String>
    private var failure: String?
    private let streams: [Stream]

    init(folder: String, known: Set<String>) throws(PublishError) {
        self.known = known
        streams = [try Stream(URL(fileURLWithPath: folder + "/blobs-1")), try Stream(URL(fileURLWithPath: folder + "/blobs-2"))]
    }

    /// Writes the blob `id` of `data`, the file at `index` of the site, unless it is known.
    func add(_ id: String, _ data: Data, index: Int) {
        lock.lock()
        let isNew = known.insert(id).inserted
        lock.unlock()
        guard isNew else { return }
        let stream = streams[index % 2]
        stream.lock.lock()
        let header = Array("blob\ndata \(data.count)\n".utf8)
        let error = header.withUnsafeBytes { stream.write($0) } ?? data.withUnsafeBytes { stream.write($0) }
            ?? [UInt8(ascii: "\n")].withUnsafeBytes { stream.write($0) }
        stream.lock.unlock()
        if let error {
            lock.lock()
            if failure == nil { failure = "cannot write \(stream.url.path): \(String(cString: strerror(error)))" }
            lock.unlock()
        }
    }

    /// The streams that hold blobs, once every file is added; throws when a write failed.
    func written() throws(PublishError) -> [URL] {
        if let failure = lock.withLock({ failure }) { throw .failed(failure) }
        return streams.filter { stream in stream.lock.withLock { stream.bytes > 0 } }.map(\.url)
    }
}

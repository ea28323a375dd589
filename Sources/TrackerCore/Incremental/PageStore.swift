import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where the preview keeps the pages of single items (incidents, sources, countries, platforms…)
/// between rebuilds: in an unlinked temporary file in `$TMPDIR` (or `/tmp`), mapped read-only, so the
/// kernel can page them out and they are not part of the process's heap. They are most of a site's
/// output and each changes only when its item does; the site-wide pages, rewritten by most edits,
/// stay in memory. A page is written once and never changed: a served snapshot that still shows an
/// old page keeps reading the same bytes. The file only grows (by the pages an edit changes) and is
/// gone when the preview stops.
///
/// The fragments each item wrote into the large site-wide pages (`FragmentCache` with a store: its
/// record of the exports, its entry of the search index, its row of the lists; 48 MB for 10,000
/// incidents) are kept here too. Every title edit reads them all again, so once the edits stop the
/// preview lets go of the pages it read them through (`releaseResidentPages`).
public final class PageStore: @unchecked Sendable {
    /// Each chunk is mapped once, whole, for the life of the store (every page kept holds the store);
    /// pages never straddle two chunks.
    static let chunkSize = 64 << 20
    private let descriptor: Int32
    private var chunks: [UnsafeMutableRawPointer] = []
    private var used = chunkSize
    private let lock = NSLock()

    /// A new store, or nil when no temporary file can be made (pages then stay in memory).
    static func make() -> PageStore? {
        UnlinkedFile.make(prefix: "tracker-pages").map(PageStore.init(descriptor:))
    }

    private init(descriptor: Int32) { self.descriptor = descriptor }

    deinit {
        for chunk in chunks { munmap(chunk, Self.chunkSize) }
        close(descriptor)
    }

    /// The same bytes, kept in the store (unchanged when the page is too large or the store cannot take it).
    func keep(_ data: Data) -> Data {
        guard let start = data.withUnsafeBytes({ keep($0) }) else { return data }
        // Each page holds the store, so its chunk stays mapped while any build's files can show the page.
        return Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: start.baseAddress!), count: start.count,
                    deallocator: .custom { [self] _, _ in withExtendedLifetime(self) {} })
    }

    /// Copies `bytes` into the store and returns where they are now, readable for as long as the store
    /// lives; nil when they are empty, too large, or the store cannot take them.
    func keep(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        guard let source = bytes.baseAddress, !bytes.isEmpty, bytes.count <= Self.chunkSize / 4 else { return nil }
        lock.lock()
        defer { lock.unlock() }
        if used + bytes.count > Self.chunkSize {
            let offset = off_t(chunks.count) * off_t(Self.chunkSize)
            guard ftruncate(descriptor, offset + off_t(Self.chunkSize)) == 0 else { return nil }
            let mapped = mmap(nil, Self.chunkSize, PROT_READ, MAP_SHARED, descriptor, offset)
            guard let mapped, mapped != MAP_FAILED else { return nil }
            chunks.append(mapped)
            used = 0
        }
        let offset = off_t(chunks.count - 1) * off_t(Self.chunkSize) + off_t(used)
        guard UnlinkedFile.write(UnsafeRawBufferPointer(start: source, count: bytes.count), to: descriptor, at: Int64(offset)) else { return nil }
        let start = chunks[chunks.count - 1] + used
        used += bytes.count
        return UnsafeRawBufferPointer(start: start, count: bytes.count)
    }

    /// Lets go of the memory pages the process has read the store through: they count towards its
    /// resident memory until then. The bytes stay in the file, and the next read maps them again. The
    /// preview calls it once its edits have stopped (a rebuild reads the kept fragments of every item).
    public func releaseResidentPages() {
        lock.lock()
        defer { lock.unlock() }
        for chunk in chunks { madvise(chunk, Self.chunkSize, MADV_DONTNEED) }
    }
}

/// A site-wide page (the lists, the timeline, the exports, the search index, the feeds) kept out of the
/// heap between rebuilds: each in its own unlinked temporary file, mapped read-only, which is gone when
/// the last served snapshot showing it lets it go. Unlike `PageStore`'s pages, most edits replace them,
/// so each has a file of its own that needs no reuse of space: the kernel frees it with the mapping.
public enum MappedPage {
    /// The mappings alive now (address and length): those `releaseResidentPages` lets go of. A mapping
    /// leaves it before it is unmapped, so an address here is always one of these pages. Under an `NSLock`
    /// (a pthread mutex), which ThreadSanitizer sees, unlike a `Mutex`'s futex.
    nonisolated(unsafe) private static var live: [UInt: Int] = [:]
    private static let liveLock = NSLock()

    /// The same bytes in a file of their own; nil when no file can be made, written or mapped.
    static func keep(_ data: Data) -> Data? {
        guard !data.isEmpty, let descriptor = UnlinkedFile.make(prefix: "tracker-page") else { return nil }
        defer { close(descriptor) }
        guard data.withUnsafeBytes({ UnlinkedFile.write($0, to: descriptor, at: 0) }) else { return nil }
        // The mapping keeps the file alive once its descriptor is closed.
        guard let mapped = mmap(nil, data.count, PROT_READ, MAP_SHARED, descriptor, 0), mapped != MAP_FAILED else { return nil }
        let count = data.count
        liveLock.withLock { live[UInt(bitPattern: mapped)] = count }
        return Data(bytesNoCopy: mapped, count: count, deallocator: .custom { pointer, _ in
            liveLock.withLock { _ = live.removeValue(forKey: UInt(bitPattern: pointer)) }
            munmap(pointer, count)
        })
    }

    /// Lets go of the memory pages the process has read these pages through: a rebuild reads each one to
    /// compare it with the page it made again (all of them after a template edit, which changes none: 90 MB
    /// for 10,000 incidents), and serving one reads it too. They count towards the process's resident
    /// memory until then; the bytes stay in their files, and the next read maps them again.
    public static func releaseResidentPages() {
        liveLock.withLock {
            for (address, count) in live { madvise(UnsafeMutableRawPointer(bitPattern: address), count, MADV_DONTNEED) }
        }
    }

    /// Whether a page of `count` bytes is mapped at `address` now (for the tests).
    static func isLive(_ address: UInt, count: Int) -> Bool { liveLock.withLock { live[address] == count } }
}

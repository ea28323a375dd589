import Foundation
import TrackerCore

/// How the preview asks the C library's allocator to behave; only glibc (Linux) is tuned, other
/// systems keep their defaults.
enum Allocator {
    /// Every rebuild makes the site-wide pages again (tens of megabytes on a large site) and frees the
    /// previous ones. By default glibc maps each large buffer afresh and unmaps it when freed, so every
    /// rebuild touches new pages: thousands of page faults. Up to 32 MB, the most it allows, buffers come
    /// from the heap instead and are reused warm; freed memory is kept for the next rebuild.
    static func keepLargeBuffersWarm() {
        setOption(mmapThreshold, 32 << 20)
        setOption(trimThreshold, warmTrimThreshold)
        // A buffer of another thread's arena, or a larger one, would still come fresh: the large pages' buffers are kept.
        BufferPool.shared.keep(upTo: 128 << 20)
    }

    /// Gives the memory kept for the next rebuild back to the system, once the edits have stopped,
    /// so an idle preview's memory returns to what it needs: the heap's free memory, and the pages the
    /// rebuilds read the page store and the site-wide pages through.
    ///
    /// `malloc_trim` gives back the free memory inside every arena, but not the free memory at the top of
    /// a thread's arena (only the main arena's): that shrinks only when a block of 64 KB or more is freed
    /// into the arena while its top exceeds the trim threshold, which is high while edits come in. So the
    /// threshold is lowered while the kept buffers are freed, and such blocks are freed on the global
    /// queue's threads (where rebuilds render), spread over them as a rebuild's pages are, then it is
    /// raised again. Before this, a thread's arena kept up to tens of megabytes resident after a series of
    /// edits (21 MB more in some runs of `scripts/bench-serve.sh` than in others).
    static func releaseFreeMemory(pageStore: PageStore?) {
        setOption(trimThreshold, 128 << 10)
        BufferPool.shared.drain()
        pageStore?.releaseResidentPages()
        MappedPage.releaseResidentPages()
        #if os(Linux)
        DispatchQueue.concurrentPerform(iterations: 2 * ProcessInfo.processInfo.activeProcessorCount) { _ in
            if let block = malloc(256 << 10) { free(block) }
        }
        typealias MallocTrim = @convention(c) (Int) -> Int32
        if let symbol = dlsym(nil, "malloc_trim") { _ = unsafeBitCast(symbol, to: MallocTrim.self)(0) }
        #endif
        setOption(trimThreshold, warmTrimThreshold)
    }

    /// Free memory at the top of an arena is kept up to this while edits come in (glibc's `M_TRIM_THRESHOLD`).
    static let warmTrimThreshold: Int32 = 256 << 20
    static let (trimThreshold, mmapThreshold): (Int32, Int32) = (-1, -3)  // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD

    /// glibc's `mallopt`; nothing elsewhere.
    static func setOption(_ option: Int32, _ value: Int32) {
        #if os(Linux)
        // mallopt is declared in <malloc.h>, which Swift's Glibc module leaves out.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(nil, "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: Mallopt.self)(option, value)
        #endif
    }
}

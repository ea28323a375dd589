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
        #if os(Linux)
        // mallopt is declared in <malloc.h>, which Swift's Glibc module leaves out.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(nil, "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        let (trimThreshold, mmapThreshold): (Int32, Int32) = (-1, -3)  // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD
        _ = mallopt(mmapThreshold, 32 << 20)
        _ = mallopt(trimThreshold, 256 << 20)
        #endif
        // A buffer of another thread's arena, or a larger one, would still come fresh: the large pages' buffers are kept.
        BufferPool.shared.keep(upTo: 128 << 20)
    }

    /// Gives the memory kept for the next rebuild back to the system, once the edits have stopped,
    /// so an idle preview's memory returns to what it needs: the heap's free memory, and the pages the
    /// rebuilds read the page store through.
    static func releaseFreeMemory(pageStore: PageStore?) {
        BufferPool.shared.drain()
        pageStore?.releaseResidentPages()
        #if os(Linux)
        typealias MallocTrim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(nil, "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        #endif
    }
}

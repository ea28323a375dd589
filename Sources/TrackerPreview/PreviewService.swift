import Foundation
import ServiceLifecycle
import Synchronization
import TrackerCore

/// The preview's own life: first build once the port is known, then watch and rebuild until shutdown.
/// It runs after the HTTP server in the service group, so on shutdown it stops first: the rebuild in
/// progress finishes and the event streams close, then the server stops. Nothing is left on disk.
struct PreviewService: Service {
    let configuration: PreviewServer.Configuration
    let console: Console
    let site: ServedSite
    let bound: BoundPort
    /// Shared with the responder: a large response, like a rebuild, leaves memory to release.
    let idle: IdleTimer

    func run() async throws {
        guard let port = await bound.value() else { return }
        Allocator.keepLargeBuffersWarm()
        let baseURL = PreviewServer.baseURL(host: configuration.host, port: port)
        let options = BuildOptions(siteDirectory: configuration.siteDirectory, includeDrafts: configuration.includeDrafts, baseURL: baseURL,
                                   render: RenderOptions(pageFooterHTML: LiveReloadScript.tag))
        let session = PreviewSession(options: options, site: site, console: console, verify: configuration.verifyIncremental)
        let queue = ChangeQueue()
        // Watch before the first build, so a save made while it runs is not lost.
        let count = ChangeCount()
        let watcher = SiteWatcher(siteDirectory: configuration.siteDirectory, count: count) { queue.add($0, count: count.value) }
        let mechanism = watcher.start(forcePolling: configuration.forcePolling)
        defer {
            watcher.stop()
            queue.finish()
            site.close()
        }

        let first = await session.rebuild(nil, settled: { count.isSettled(at: 0) })
        idle.used()
        let files = site.snapshot.files?.count ?? 0
        if first?.succeeded == true {
            console.out(String(format: "Built %d files in %.2f s, served from memory (tracker build writes public/)\n",
                               files, (first?.milliseconds ?? 0) / 1000))
        }
        if configuration.hostPolicy.exposed { console.error(HostPolicy.exposureWarning(bindHost: configuration.host)) }
        console.out("Serving \(configuration.siteDirectory == "." ? "the site" : configuration.siteDirectory) at \(baseURL)\n")
        console.out("Watching content/, templates/, i18n/ and static/ (\(mechanism)); press Ctrl-C to stop\n")

        await withDiscardingTaskGroup { group in
            group.addTask {
                // Keeps event streams alive through proxies and notices browsers that went away.
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(15))
                    site.ping()
                }
            }
            group.addTask {
                // A second after the last rebuild or large response, the memory kept warm for the next one is
                // released (the pages a rebuild made have left the heap by then: `IncrementalBuild.settle`).
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(250))
                    if idle.due(after: .seconds(1)) { Allocator.releaseFreeMemory(pageStore: session.pageStore) }
                }
            }
            for await _ in queue.wakeUps.cancelOnGracefulShutdown() {
                let (changes, delivered) = queue.take()
                if !changes.isEmpty {
                    await session.rebuild(changes, settled: { count.isSettled(at: delivered) })
                    idle.used()
                }
            }
            group.cancelAll()
        }
        console.out("Stopped\n")
    }
}

/// When the last rebuild ended or the last large response was sent, until the memory it left for the next
/// one has been released. A response sent in pieces frees each piece into the heap, where glibc keeps it
/// while edits come in (`Allocator.keepLargeBuffersWarm`): three downloads of a 300 MB file in `static/`
/// left the preview holding 200 MB more until the next edit.
final class IdleTimer: Sendable {
    private let lastRebuild = Mutex<ContinuousClock.Instant?>(nil)

    func used() { lastRebuild.withLock { $0 = .now } }

    /// True once, `delay` after the last use.
    func due(after delay: Duration) -> Bool {
        lastRebuild.withLock { last in
            guard let ended = last, ContinuousClock.now - ended >= delay else { return false }
            last = nil
            return true
        }
    }
}

import Foundation
import Synchronization
import TrackerCore

/// What the server shows, swapped whole under one lock: the last good build, the current errors,
/// and the browsers listening for changes. Swapping and notifying under the same lock means a page
/// never hears of a change before the new files are served, and a new listener never misses one.
public final class ServedSite: Sendable {
    public struct Snapshot: Sendable {
        /// Output path → bytes of the last good build; nil until the first build succeeds.
        public let files: OutputFiles?
        /// Counts published changes, so a page can tell whether it is stale.
        public let generation: Int
        /// Errors of the latest build; empty when it succeeded.
        public let problems: [BuildProblem]
    }

    struct State {
        var snapshot = Snapshot(files: nil, generation: 0, problems: [])
        var listeners: [Int: AsyncStream<String>.Continuation] = [:]
        var nextListener = 0
        var closed = false
    }

    /// Random per process: a page that reconnects to a new server reloads, its content may have changed.
    public let serverID: String
    private let state = Mutex(State())

    public init(serverID: String = UUID().uuidString.lowercased()) {
        self.serverID = serverID
    }

    public var snapshot: Snapshot { state.withLock { $0.snapshot } }

    /// Serves a new good build, clears the errors, and tells every page which files changed.
    public func publish(files: OutputFiles, changed: [String]?) {
        let previous = state.withLock { state in
            let previous = state.snapshot
            state.snapshot = Snapshot(files: files, generation: previous.generation + 1, problems: [])
            let message = LiveReloadEvent.update(generation: state.snapshot.generation, changed: changed, problems: [])
            for listener in state.listeners.values { listener.yield(message) }
            return previous
        }
        // The previous build's files are freed off the lock and off the rebuild's path.
        DispatchQueue.global(qos: .utility).async { withExtendedLifetime(previous) {} }
    }

    /// Serves the same build from other storage (`IncrementalBuild.settle`): the same bytes, so no page is told.
    public func replace(files: OutputFiles) {
        let previous = state.withLock { state in
            let previous = state.snapshot
            state.snapshot = Snapshot(files: files, generation: previous.generation, problems: previous.problems)
            return previous
        }
        DispatchQueue.global(qos: .utility).async { withExtendedLifetime(previous) {} }
    }

    /// Keeps the last good build and shows the errors on every page.
    public func publish(problems: [BuildProblem]) {
        state.withLock { state in
            let current = state.snapshot
            guard current.problems != problems else { return }
            state.snapshot = Snapshot(files: current.files, generation: current.generation, problems: problems)
            let message = LiveReloadEvent.update(generation: current.generation, changed: [], problems: problems)
            for listener in state.listeners.values { listener.yield(message) }
        }
    }

    /// A stream of server-sent-event messages, starting with the current state; finished on `close()`.
    public func listen() -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(64))
        let id = state.withLock { state in
            defer { state.nextListener += 1 }
            return state.nextListener
        }
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { _ = $0.listeners.removeValue(forKey: id) }
        }
        let registered = state.withLock { state in
            guard !state.closed else { return false }
            state.listeners[id] = continuation
            continuation.yield(LiveReloadEvent.hello(server: serverID, generation: state.snapshot.generation, problems: state.snapshot.problems))
            return true
        }
        if !registered { continuation.finish() }
        return stream
    }

    /// A comment line every listener gets, so a closed connection is noticed and proxies keep it open.
    public func ping() {
        state.withLock { state in
            for listener in state.listeners.values { listener.yield(": ping\n\n") }
        }
    }

    public var listenerCount: Int { state.withLock { $0.listeners.count } }

    /// Ends every event stream, so a graceful shutdown does not wait for browsers that never hang up.
    public func close() {
        let listeners = state.withLock { state in
            state.closed = true
            defer { state.listeners = [:] }
            return Array(state.listeners.values)
        }
        for listener in listeners { listener.finish() }
    }
}

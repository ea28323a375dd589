import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization
import TrackerCore

/// `tracker serve`: binds the port, builds the site for that address, serves it from memory, and
/// rebuilds on every change until Ctrl-C or SIGTERM.
///
/// Served from memory only (the rendered path → bytes map, as Hugo's server does by default): every
/// response comes from one complete build, no request path can reach a file outside it, and nothing is
/// written to `public/`, so a preview's local addresses and live-reload script can never be deployed.
public struct PreviewServer: Sendable {
    public struct Configuration: Sendable {
        public var siteDirectory: String
        public var host: String
        public var port: Int
        public var includeDrafts: Bool
        /// Poll instead of using inotify (for file systems that do not report changes).
        public var forcePolling: Bool
        public var verifyIncremental: Bool
        /// `Host` names answered besides loopback names (and IP addresses when exposed): `--allowed-host`.
        public var allowedHosts: [String]
        /// How long a connection may send nothing, and wait for nothing, before the server closes it: one that
        /// is opened and left (a crashed client, a port scan, a request never finished) would otherwise hold a
        /// descriptor until it goes, and enough of them stop the server from accepting any. A response still
        /// being sent (the live-reload events, a large download) is not idle.
        public var idleTimeout: Duration

        public static let defaultIdleTimeout = Duration.seconds(60)

        public init(siteDirectory: String = ".", host: String = "127.0.0.1", port: Int = 8000,
                    includeDrafts: Bool = false, forcePolling: Bool = false, verifyIncremental: Bool = false, allowedHosts: [String] = [],
                    idleTimeout: Duration = Configuration.defaultIdleTimeout) {
            self.siteDirectory = siteDirectory
            self.host = host
            self.port = port
            self.includeDrafts = includeDrafts
            self.forcePolling = forcePolling
            self.verifyIncremental = verifyIncremental
            self.allowedHosts = allowedHosts
            self.idleTimeout = idleTimeout
        }

        public var hostPolicy: HostPolicy { HostPolicy(bindHost: host, allowedHosts: allowedHosts) }
    }

    public enum Failure: Error, CustomStringConvertible {
        case portInUse(host: String, port: Int)
        case cannotListen(host: String, port: Int, reason: String)

        public var description: String {
            switch self {
            case .portInUse(let host, let port):
                return "port \(port) is already in use on \(host); choose another with --port, or --port 0 for a free one"
            case .cannotListen(let host, let port, let reason):
                return "cannot listen on \(host) port \(port): \(reason); --host takes an address of this machine, such as 127.0.0.1"
            }
        }
    }

    public let configuration: Configuration
    public let console: Console

    public init(configuration: Configuration, console: Console = .standard) {
        self.configuration = configuration
        self.console = console
    }

    /// Serves until a shutdown signal; throws `Failure` when the server cannot start.
    public func run() async throws {
        let site = ServedSite()
        let bound = BoundPort()
        let idle = IdleTimer()
        var logger = Logger(label: "tracker-serve")
        logger.logLevel = .critical
        let application = Application(
            responder: PreviewResponder(site: site, hosts: configuration.hostPolicy, idle: idle),
            server: .http1(configuration: .init(idleTimeout: .nanoseconds(Int64(configuration.idleTimeout / .nanoseconds(1))))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in bound.set(channel.localAddress?.port ?? 0) },
            logger: logger)
        let preview = PreviewService(configuration: configuration, console: console, site: site, bound: bound, idle: idle)
        var groupConfiguration = ServiceGroupConfiguration(
            services: [.init(service: application), .init(service: preview)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(10)
        do {
            try await ServiceGroup(configuration: groupConfiguration).run()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw Failure.portInUse(host: configuration.host, port: configuration.port)
        } catch let error as IOError {
            throw Failure.cannotListen(host: configuration.host, port: configuration.port, reason: String(cString: strerror(error.errnoCode)))
        } catch where !bound.isSet {
            // Anything else before the server listens is about the address: an unknown host, one not on this machine.
            throw Failure.cannotListen(host: configuration.host, port: configuration.port, reason: "\(error)")
        }
    }

    /// The address pages link to: the bound host, or loopback when listening on every address.
    static func baseURL(host: String, port: Int) -> String {
        let shown: String
        switch host {
        case "0.0.0.0", "": shown = "127.0.0.1"
        case "::", "[::]": shown = "[::1]"
        default: shown = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        }
        return "http://\(shown):\(port)/"
    }
}

/// The port the server got, known once it listens (`--port 0` asks the system for a free one).
final class BoundPort: Sendable {
    private let stream: AsyncStream<Int>
    private let continuation: AsyncStream<Int>.Continuation
    private let port = Mutex<Int?>(nil)

    var isSet: Bool { port.withLock { $0 != nil } }

    init() {
        (stream, continuation) = AsyncStream<Int>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    func set(_ port: Int) {
        self.port.withLock { $0 = port }
        continuation.yield(port)
        continuation.finish()
    }

    func value() async -> Int? {
        for await port in stream { return port }
        return nil
    }
}

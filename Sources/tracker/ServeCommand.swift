import ArgumentParser
import Foundation
import TrackerPreview

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Build the site, serve it locally, and rebuild and reload pages as files change.")

    @OptionGroup var siteOptions: SiteOptions

    @Option(name: .long, help: "The address to listen on; 0.0.0.0 shows the site to the whole network.")
    var host: String = "127.0.0.1"

    @Option(name: .customLong("allowed-host"),
            help: "Also answer requests whose Host header is this name (repeatable); by default only localhost names, and IP addresses when --host exposes the server.")
    var allowedHosts: [String] = []

    @Option(name: .long, help: "The port to listen on; 0 picks a free one.")
    var port: Int = 8000

    @Flag(name: .long, help: "Include incidents and pages marked draft.")
    var drafts = false

    @Flag(name: .long, help: "Poll for changes instead of using inotify (for network and container file systems).")
    var poll = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535, not \(port)") }
        guard !host.isEmpty else { throw ValidationError("--host must not be empty") }
    }

    /// `TRACKER_SERVE_IDLE_TIMEOUT` (seconds, for tests), else a minute.
    static var idleTimeout: Duration {
        let seconds = ProcessInfo.processInfo.environment["TRACKER_SERVE_IDLE_TIMEOUT"].flatMap(Double.init) ?? 0
        guard seconds > 0, seconds < 86_400 else { return PreviewServer.Configuration.defaultIdleTimeout }
        return .milliseconds(Int64(seconds * 1000))
    }

    func run() async throws {
        try siteOptions.requireTracker()
        let configuration = PreviewServer.Configuration(
            siteDirectory: siteOptions.site, host: host, port: port, includeDrafts: drafts, forcePolling: poll,
            verifyIncremental: ProcessInfo.processInfo.environment["TRACKER_VERIFY_INCREMENTAL"] == "1",
            allowedHosts: allowedHosts,
            idleTimeout: Self.idleTimeout)
        do {
            try await PreviewServer(configuration: configuration).run()
        } catch let failure as PreviewServer.Failure {
            printError(failure.description)
            throw ExitCode(2)
        }
    }
}

import ArgumentParser
import Foundation
import TrackerCore

/// `tracker check --links` and its settings.
struct LinkCheckArguments: ParsableArguments {
    @Flag(name: .long, help: "Also fetch every source's url and archive, and report dead and moved links (results kept in .tracker-cache/links.json).")
    var links = false

    @Option(name: .customLong("links-max-age"), help: ArgumentHelp("Take results younger than this from the cache: 7d, 12h, 30m, or 0 to fetch every link.", valueName: "age"))
    var maxAge = "3d"

    @Option(name: .customLong("links-timeout"), help: ArgumentHelp("Seconds to wait for each answer.", valueName: "seconds"))
    var timeout: Double = 15

    @Option(name: .customLong("links-retries"), help: "Further attempts after a timeout, a reset, or a 5xx or 429 answer.")
    var retries = 2

    @Option(name: .customLong("links-delay"), help: ArgumentHelp("Seconds between two requests to one host.", valueName: "seconds"))
    var delay: Double = 1

    func validate() throws {
        guard LinkCheckOptions.duration(maxAge) != nil else {
            throw ValidationError("--links-max-age must be a duration such as 7d, 12h, 30m or 0, not '\(maxAge)'")
        }
        guard timeout > 0 else { throw ValidationError("--links-timeout must be more than 0 seconds") }
        guard retries >= 0 else { throw ValidationError("--links-retries must be 0 or more") }
        guard delay >= 0 else { throw ValidationError("--links-delay must be 0 or more seconds") }
    }

    /// With `--links`: checks the site's links and prints what is dead or moved, then a summary; exits 1 on a dead link.
    func run(_ site: Site, siteDirectory: String) throws {
        guard links else { return }
        var options = LinkCheckOptions()
        options.maxAge = LinkCheckOptions.duration(maxAge) ?? options.maxAge
        options.timeout = timeout
        options.retries = retries
        options.hostDelay = delay
        let report = LinkChecker.check(site, siteDirectory: siteDirectory, options: options)
        if !report.findings.isEmpty {
            FileHandle.standardError.write(Data((report.findings.map(\.description).joined(separator: "\n") + "\n").utf8))
        }
        print(report.summary)
        if report.hasErrors { throw ExitCode(1) }
    }
}

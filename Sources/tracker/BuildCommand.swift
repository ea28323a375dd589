import ArgumentParser
import Foundation
import TrackerCore

struct SiteOptions: ParsableArguments {
    @Option(name: .long, help: "The site folder, holding content/ and optionally templates/.")
    var site: String = "."

    /// Exits 1, saying what to do, when the folder holds no tracker: a bare "cannot read content/site.yml"
    /// would not tell a new user that `tracker init` makes one.
    func requireTracker() throws {
        let config = (site as NSString).appendingPathComponent("content/site.yml")
        guard !FileManager.default.fileExists(atPath: config) else { return }
        if site == "." {
            printError("no content/site.yml here, so this folder is not a tracker: run 'tracker init' to start one, or pass --site with a tracker's folder")
        } else {
            printError("no content/site.yml in \(site), so it is not a tracker: run 'tracker init \(site)' to start one there")
        }
        throw ExitCode(1)
    }
}

/// "2 drafts not built; use --drafts to include them", or nil when none was left out.
func draftsNotice(_ count: Int) -> String? {
    guard count > 0 else { return nil }
    return count == 1 ? "1 draft not built; use --drafts to include it" : "\(count) drafts not built; use --drafts to include them"
}

let strictHelp: ArgumentHelp = "Also warn about timeline events and incidents backed by a single origin, and fail (exit 1) on any warning."

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "build", abstract: "Build the site into the output folder.")

    @OptionGroup var siteOptions: SiteOptions

    @Option(name: .long, help: "The output folder, replaced whole on success (default: SITE/public).")
    var output: String?

    @Flag(name: .long, help: "Include incidents and pages marked draft.")
    var drafts = false

    @Option(name: .customLong("base-url"), help: "Override base_url from site.yml.")
    var baseURL: String?

    @Flag(name: .long, help: "Print the time spent loading, linking, and rendering each kind of page.")
    var timings = false

    @Flag(name: .customLong("no-cache"), help: "Build even when nothing changed since the last build.")
    var noCache = false

    @Flag(name: .long, help: strictHelp)
    var strict = false

    func run() throws {
        var options = BuildOptions(siteDirectory: siteOptions.site, outputDirectory: output, includeDrafts: drafts, baseURL: baseURL)
        options.strict = strict
        options.measureTimings = timings
        options.useCache = !noCache
        options.neverSkips = timings
        options.keepsSiteUntilExit = true
        options.waitingForOutput = { printNote($0) }
        try siteOptions.requireTracker()
        do {
            let report = try SiteBuilder.build(options)
            if report.unchanged {
                print("Nothing changed since the last build; \(options.outputDirectory) is up to date (\(String(format: "%.2f", report.seconds)) s)")
                return
            }
            for timing in report.timings {
                print("\(timing.name.padding(toLength: 16, withPad: " ", startingAt: 0)) \(String(format: "%8.3f", timing.seconds)) s  \(timing.count)")
            }
            let kilobytes = (report.bytes + 1023) / 1024
            print("Built \(report.pages) pages (\(report.filesWritten) files, \(kilobytes) KB) into \(options.outputDirectory) in \(String(format: "%.2f", report.seconds)) s")
            if let notice = draftsNotice(report.draftsLeftOut) { print(notice) }
        } catch .content(let list) {
            report(list)
            throw ExitCode(1)
        } catch .output(let message) {
            printError(message)
            throw ExitCode(1)
        }
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Validate the site as a build would, writing nothing.")

    @OptionGroup var siteOptions: SiteOptions

    @Flag(name: .long, help: "Check as if drafts were published.")
    var drafts = false

    @OptionGroup var links: LinkCheckArguments

    @Flag(name: .long, help: strictHelp)
    var strict = false

    func run() throws {
        try siteOptions.requireTracker()
        var options = BuildOptions(siteDirectory: siteOptions.site, includeDrafts: drafts)
        options.strict = strict
        switch SiteBuilder.load(options) {
        case .failure(let list):
            report(list)
            throw ExitCode(1)
        case .success(let (site, _)):
            print("No errors: \(site.incidents.count) incidents, \(site.sources.count) sources, \(site.pages.count) pages")
            if let notice = draftsNotice(site.draftsLeftOut) { print(notice) }
            let warnings = SiteLinker.checkWarnings(site)
            if !warnings.isEmpty { report(DiagnosticList(warnings)) }
            // Translations whose original changed since: a warning, never a failure.
            let stale = SiteLinker.staleTranslations(site)
            if !stale.isEmpty {
                let count = "\(stale.count) translation\(stale.count == 1 ? "" : "s") older than the original"
                FileHandle.standardError.write(Data((stale.map(\.description) + [count, ""]).joined(separator: "\n").utf8))
            }
            try links.run(site, siteDirectory: siteOptions.site)
        }
    }
}

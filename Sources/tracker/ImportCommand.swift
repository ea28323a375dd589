import ArgumentParser
import Foundation
import TrackerCore

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import incidents and sources from another dataset.",
        subcommands: [ImportStopCommand.self])
}

struct ImportStopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop",
        abstract: "Import Access Now's STOP dataset (CSV): one incident per row, one source per distinct info_source_link.",
        discussion: """
            Files the import wrote are updated by the next import; a file edited since (or not written by it) is \
            left as it is, with a note. The report lists every row skipped, and why, by its row number (the header is row 1).
            """)

    @Argument(help: "The STOP CSV file.")
    var file: String

    @OptionGroup var siteOptions: SiteOptions

    @Flag(name: .customLong("dry-run"), help: "Write nothing; print what the import would do.")
    var dryRun = false

    func run() throws {
        try siteOptions.requireTracker()
        guard let data = FileManager.default.contents(atPath: file) else {
            printError("cannot read \(file)")
            throw ExitCode(1)
        }
        do {
            let stop = try StopImport(csv: data, name: file)
            let results = try stop.apply(site: siteOptions.site, dryRun: dryRun)
            print(stop.report(results, dryRun: dryRun), terminator: "")
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
    }
}

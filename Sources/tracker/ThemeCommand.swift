import ArgumentParser
import Foundation
import TrackerCore

struct ThemeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "theme", abstract: "Work with the built-in theme.", subcommands: [ThemeExportCommand.self])
}

struct ThemeExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the built-in theme's templates and assets into a folder, to start overriding them.",
        discussion: """
            A site's templates/ folder replaces the built-in theme file by file: keep only the files you change, \
            and the others follow tracker's updates.
            """)

    @Argument(help: "The folder to write (default: the site's templates/).")
    var directory: String?

    @OptionGroup var siteOptions: SiteOptions

    @Flag(name: .long, help: "Overwrite files that exist already.")
    var force = false

    func run() throws {
        let target = directory ?? (siteOptions.site == "." ? "templates" : (siteOptions.site as NSString).appendingPathComponent("templates"))
        let count: Int
        do throws(ThemeExport.Failure) {
            count = try ThemeExport.write(to: target, force: force)
        } catch {
            switch error {
            case .existing(let paths):
                let first = (target as NSString).appendingPathComponent(paths[0])
                let others = paths.count > 1 ? " and \(paths.count - 1) other file\(paths.count == 2 ? "" : "s") of the theme" : ""
                printError("\(first)\(others) already exist\(paths.count == 1 ? "s" : ""); nothing was written (use --force to overwrite)")
            case .cannotWrite(let message):
                printError("cannot write \(target): \(message)")
            }
            throw ExitCode(1)
        }
        print("Wrote the built-in theme (\(count) files) into \(target)")
        print("A build uses these files instead of the built-in ones; delete those you do not change, so they keep following tracker's updates.")
    }
}

import ArgumentParser
import Foundation
import StartupTuning
import TrackerCore

@main
struct Tracker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tracker",
        abstract: "Build, check and preview incident-tracker websites.",
        version: "tracker \(TrackerVersion.description)",
        subcommands: [InitCommand.self, BuildCommand.self, CheckCommand.self, ImportCommand.self, NewCommand.self, PublishCommand.self, ServeCommand.self,
                      ThemeCommand.self]
    )

    /// Exit codes: 0 ok, 1 content errors, 2 usage errors (argument-parser's own is 64).
    static func main() async {
        do {
            var command = try parseAsRoot()
            // Raised already to the hard limit, before `main`; still too low, it would end in a crash halfway.
            let openFiles = tracker_raise_open_file_limit()
            if openFiles >= 0 && openFiles < TRACKER_MINIMUM_OPEN_FILES {
                printError("this process may open only \(openFiles) files at once, and tracker needs \(TRACKER_MINIMUM_OPEN_FILES): raise the limit (ulimit -n 1024)")
                Foundation.exit(1)
            }
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure || error is ValidationError {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Prints every diagnostic, then a count, to standard error.
func report(_ list: DiagnosticList) {
    var text = list.diagnostics.map(\.description).joined(separator: "\n")
    let warnings = list.diagnostics.count(where: \.isWarning)
    let errors = list.diagnostics.count - warnings
    var counts: [String] = []
    if errors > 0 || warnings == 0 { counts.append("\(errors) error\(errors == 1 ? "" : "s")") }
    if warnings > 0 { counts.append("\(warnings) warning\(warnings == 1 ? "" : "s")") }
    text += "\n\(counts.joined(separator: " and ")) found\(errors == 0 ? " (--strict fails on warnings)" : "")\n"
    FileHandle.standardError.write(Data(text.utf8))
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
}

/// A message about progress that is not an error, on standard error (standard output stays the result).
func printNote(_ message: String) {
    FileHandle.standardError.write(Data("note: \(message)\n".utf8))
}

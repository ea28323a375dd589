import ArgumentParser
import Foundation
import TrackerCore

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Start a new tracker in a new or empty folder.",
        discussion: """
            Writes content/site.yml (every option described), content/pages/about.md, empty content/incidents/, \
            content/sources/ and static/ folders, a .gitignore and a GitHub Actions workflow that checks the \
            tracker and publishes it to GitHub Pages. With --example, the example tracker's content instead. \
            The folder may hold hidden files (such as .git), but nothing else.
            """)

    @Argument(help: "The folder to create the tracker in (created when missing).")
    var directory: String = "."

    @Flag(name: .long, help: "Start from the example tracker (two incidents and their sources) instead of an empty one.")
    var example = false

    func run() throws {
        let tracker = NewTracker(example ? .example : .empty)
        do throws(NewTracker.Failure) {
            try tracker.write(to: directory)
        } catch {
            switch error {
            case .notEmpty(let names):
                let shown = names.prefix(3).joined(separator: ", ") + (names.count > 3 ? " and \(names.count - 3) more" : "")
                printError("\(directory == "." ? "this folder" : directory) is not empty (it holds \(shown)); tracker init needs a new or empty folder")
            case .cannotWrite(let message):
                printError("cannot create the tracker in \(directory): \(message)")
            }
            throw ExitCode(1)
        }
        let place = directory == "." ? "this folder" : directory
        print(example ? "Created a tracker from the example in \(place)" : "Created a new tracker in \(place)")
        print("Next:")
        if directory != "." { print("  cd \(directory)") }
        if !example { print("  edit content/site.yml (title, description, base_url) and content/pages/about.md") }
        print("  tracker new incident \"What happened\"   # starts content/incidents/what-happened.md")
        print("  tracker serve                          # preview at http://127.0.0.1:8000/")
        if !NewTracker.workflowIsComplete {
            print("This tracker binary does not know where its source is: fill in TRACKER_REPOSITORY (and TRACKER_REVISION, if it says HEAD) in \(NewTracker.workflowPath) before pushing.")
        }
    }
}

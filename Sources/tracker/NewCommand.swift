import ArgumentParser
import Foundation
import TrackerCore

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new", abstract: "Create a content file with every key of the schema and today's date.")

    @Argument(help: "What to create: incident, source, page or case.")
    var kind: ContentKind

    @Argument(help: "The title; the file name is made from it.")
    var title: String

    @OptionGroup var siteOptions: SiteOptions

    func run() throws {
        let today = Scaffold.today()
        var scaffold = Scaffold(kind: kind.scaffoldKind, title: title, today: today)
        var path = (siteOptions.site as NSString).appendingPathComponent(scaffold.relativePath)
        // A dated id says nothing of the title: take the next free one rather than refuse.
        while scaffold.isDated && FileManager.default.fileExists(atPath: path) {
            scaffold.sequence += 1
            path = (siteOptions.site as NSString).appendingPathComponent(scaffold.relativePath)
        }
        if FileManager.default.fileExists(atPath: path) {
            printError("\(path) already exists; choose another title or edit that file")
            throw ExitCode(1)
        }
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(scaffold.text.utf8).write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
        } catch {
            printError("cannot write \(path): \(error.localizedDescription)")
            throw ExitCode(1)
        }
        print("Created \(path)")
        if scaffold.isDraft {
            print("It is a draft: build and publish leave it out until you set 'draft: false' in it (preview it with 'tracker serve --drafts').")
        }
    }
}

enum ContentKind: String, ExpressibleByArgument, CaseIterable {
    case incident, source, page, `case`

    var scaffoldKind: Scaffold.Kind {
        switch self {
        case .incident: return .incident
        case .source: return .source
        case .page: return .page
        case .case: return .case
        }
    }
}

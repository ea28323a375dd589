import ArgumentParser
import Foundation
import TrackerCore

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new", abstract: "Create a content file with every key of the schema and today's date.")

    @Argument(help: "What to create: incident, source, page or case.")
    var kind: ContentKind

    @Argument(help: "The title; the file name is made from it. With --lang: the id of the item to translate.")
    var title: String

    @Option(name: .long, help: "Write a translation of the item with this id into another language of the site (e.g. ur).")
    var lang: String?

    @OptionGroup var siteOptions: SiteOptions

    func run() throws {
        if let lang { return try writeTranslation(language: lang) }
        let today = Scaffold.today()
        // The site's own fields, as site.yml declares them (none when it cannot be read: the build will say why).
        var scaffold = Scaffold(kind: kind.scaffoldKind, title: title, today: today,
                                fields: Scaffold.fields(kind.scaffoldKind, siteDirectory: siteOptions.site))
        if let problem = scaffold.titleProblem {
            printError("\(problem); nothing was written")
            throw ExitCode(1)
        }
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

extension NewCommand {
    /// `--lang`: `<id>.<lang>.md` beside the original, with its text in comments and its content hash.
    func writeTranslation(language: String) throws {
        let scaffold = TranslationScaffold(kind: kind.scaffoldKind, id: title, language: language)
        let (problem, fields) = scaffold.problem(siteDirectory: siteOptions.site)
        if let problem {
            printError(problem)
            throw ExitCode(1)
        }
        let (original, translation) = scaffold.paths(siteDirectory: siteOptions.site)
        let originalPath = (siteOptions.site as NSString).appendingPathComponent(original)
        let path = (siteOptions.site as NSString).appendingPathComponent(translation)
        guard let data = FileManager.default.contents(atPath: originalPath) else {
            printError("cannot read \(originalPath)")
            throw ExitCode(1)
        }
        do {
            try Data(scaffold.text(original: data, originalPath: original, fields: fields).utf8).write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
        } catch {
            printError("cannot write \(path): \(error.localizedDescription)")
            throw ExitCode(1)
        }
        print("Created \(path), a '\(language)' translation of \(original)")
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

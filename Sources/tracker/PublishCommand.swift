import ArgumentParser
import Foundation
import TrackerCore

struct PublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Build the site for production, check every link, then deploy it to a folder or a git branch.",
        discussion: """
            Drafts are left out and base_url comes from site.yml (or --base-url). If any content error or \
            broken internal link is found, nothing is published.
            """)

    @OptionGroup var siteOptions: SiteOptions

    @Option(name: .long, help: ArgumentHelp("Replace this folder with the site, atomically.", valueName: "dir"))
    var to: String?

    @Option(name: .long, help: ArgumentHelp("Commit the site as the whole tree of this branch of the site's git repository.", valueName: "name"))
    var branch: String?

    @Option(name: .long, help: ArgumentHelp("Push the branch to this remote after committing (with --branch).", valueName: "name"))
    var remote: String?

    @Option(name: .long, help: ArgumentHelp("The commit message (with --branch); the source commit is added below it.", valueName: "text"))
    var message: String?

    @Option(name: .customLong("base-url"), help: "Override base_url from site.yml.")
    var baseURL: String?

    @Flag(name: .customLong("dry-run"), help: "Print the files that would be added, changed and removed; change nothing.")
    var dryRun = false

    func validate() throws {
        switch (to, branch) {
        case (nil, nil): throw ValidationError("Say where to publish: --to DIR or --branch NAME.")
        case (.some, .some): throw ValidationError("Publish to a folder (--to) or a branch (--branch), not both.")
        default: break
        }
        if to != nil, remote != nil || message != nil { throw ValidationError("--remote and --message go with --branch, not --to.") }
        if let message, message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw ValidationError("--message must not be empty.") }
    }

    func run() throws {
        try siteOptions.requireTracker()
        // Where to publish is checked first, so a mistyped folder or branch fails before a long build.
        let destination: Destination
        do throws(PublishError) { destination = try Destination(self) } catch { try fail(error) }
        let files = try checkedBuild()
        do throws(PublishError) {
            switch destination {
            case .folder(let publisher): try publish(files, to: publisher)
            case .branch(let publisher): try publish(files, to: publisher)
            }
        } catch {
            try fail(error)
        }
    }

    enum Destination {
        case folder(FolderPublisher)
        case branch(BranchPublisher)

        init(_ command: PublishCommand) throws(PublishError) {
            if let branch = command.branch {
                self = .branch(try BranchPublisher(.init(siteDirectory: command.siteOptions.site, branch: branch, remote: command.remote,
                                                         message: command.message, dryRun: command.dryRun)))
            } else {
                let publisher = FolderPublisher(directory: command.to ?? "")
                try publisher.checkReplaceable(siteDirectory: command.siteOptions.site)
                self = .folder(publisher)
            }
        }
    }

    func fail(_ error: PublishError) throws -> Never {
        switch error {
        case .usage(let text):
            printError(text)
            throw ExitCode(2)
        case .failed(let text):
            printError(text)
            printNothingPublished()
            throw ExitCode(1)
        case .pushFailed(let text):
            printError(text)
            throw ExitCode(1)
        }
    }

    /// The production build, in memory, and the check of every link in it; exits 1 on any error.
    func checkedBuild() throws -> [(path: String, data: Data)] {
        let options = BuildOptions(siteDirectory: siteOptions.site, includeDrafts: false, baseURL: baseURL, render: RenderOptions())
        let site: RenderedSite
        do {
            site = try SiteBuilder.render(options)
        } catch .content(let list) {
            report(list)
            printNothingPublished()
            throw ExitCode(1)
        } catch .output(let message) {
            printError(message)
            throw ExitCode(1)
        }
        let problems = OutputChecker(baseURL: site.config.baseURL).check(site.files)
        if !problems.isEmpty {
            report(DiagnosticList(problems))
            printNothingPublished()
            throw ExitCode(1)
        }
        print("Checked \(site.files.count) files: every internal link resolves")
        return site.files
    }

    func publish(_ files: [(path: String, data: Data)], to publisher: FolderPublisher) throws(PublishError) {
        if dryRun {
            printDryRun(try publisher.changes(to: files), destination: publisher.directory)
            return
        }
        let changes = try publisher.publish(files, siteDirectory: siteOptions.site) { printNote($0) }
        print("Published \(files.count) files to \(publisher.directory): \(changes.summary)")
    }

    func publish(_ files: [(path: String, data: Data)], to publisher: BranchPublisher) throws(PublishError) {
        let branch = publisher.options.branch
        let result = try publisher.publish(files)
        if dryRun {
            printDryRun(result.changes, destination: "branch \(branch)")
            return
        }
        if let commit = result.shortCommit {
            print("Committed \(commit) to \(branch) from \(result.source.shortDescription): \(result.changes.summary)")
        } else {
            print("\(branch) already holds this site; no commit made")
        }
        if let remote = result.pushedTo { print("Pushed \(branch) to \(remote)") }
    }

    func printDryRun(_ changes: FileChanges, destination: String) {
        for line in changes.listing { print(line) }
        print("Dry run: \(changes.summary) in \(destination); nothing was changed")
    }

    func printNothingPublished() {
        FileHandle.standardError.write(Data("nothing was published\n".utf8))
    }
}

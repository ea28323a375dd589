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
        let site = try preparedSite()
        let checked: Bool
        do throws(PublishError) {
            switch destination {
            case .folder(let publisher): checked = try publish(site, to: publisher)
            case .branch(let publisher): checked = try publish(site, to: publisher)
            }
        } catch {
            try fail(error)
        }
        if !checked {
            printNothingPublished()
            throw ExitCode(1)
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

    /// The production build's content, loaded, validated and linked; exits 1 on any error.
    func preparedSite() throws -> PreparedSite {
        let options = BuildOptions(siteDirectory: siteOptions.site, includeDrafts: false, baseURL: baseURL, render: RenderOptions())
        do {
            return try SiteBuilder.prepare(options)
        } catch .content(let list) {
            report(list)
            printNothingPublished()
            throw ExitCode(1)
        } catch .output(let message) {
            printError(message)
            throw ExitCode(1)
        }
    }

    /// Renders the site, giving each file to `deploy` as it is rendered, and checks every link in it: what `deploy`
    /// returned for each file, or nil when the site failed its checks (reported here).
    func checkedRender<Result: Sendable>(_ site: PreparedSite, _ deploy: @Sendable (_ index: Int, _ data: Data) -> Result) -> [Result]? {
        switch site.checkedRender(OutputChecker(baseURL: site.config.baseURL), deploy) {
        case .failure(let problems):
            report(problems)
            return nil
        case .success(let results):
            return results
        }
    }

    func printChecked(_ site: PreparedSite) {
        print("Checked \(site.paths.count) files: every internal link resolves")
    }

    /// False when the site failed its checks (reported): nothing was published.
    ///
    /// Each file is written into the staging folder beside the destination as it is rendered, and compared with the
    /// destination's copy; none is held after. A dry run only compares.
    func publish(_ site: PreparedSite, to publisher: FolderPublisher) throws(PublishError) -> Bool {
        if dryRun {
            let published = publisher.published()
            guard let compared = checkedRender(site, { index, data in published.compare(site.paths[index], data) }) else { return false }
            printChecked(site)
            printDryRun(try published.changes(paths: site.paths, compared: compared), destination: publisher.directory)
            return true
        }
        let changes = try publisher.publish(siteDirectory: siteOptions.site, waiting: { printNote($0) }) { staging, shownAs, published throws(PublishError) in
            let folder: OutputWriter.OpenFolder
            do throws(OutputWriter.WriteError) { folder = try OutputWriter.OpenFolder(staging, shownAs: shownAs) } catch {
                throw .failed("cannot publish to \(publisher.directory): \(error.description)")
            }
            guard let results = checkedRender(site, { index, data in
                (written: OutputWriter.write(data, to: site.paths[index], in: folder), compared: published.compare(site.paths[index], data))
            }) else { return nil }
            // The first error in the files' order, as when they were written one after the other.
            if let failure = results.lazy.compactMap(\.written).first { throw .failed("cannot publish to \(publisher.directory): \(failure.description)") }
            printChecked(site)
            return try published.changes(paths: site.paths, compared: results.map(\.compared))
        }
        guard let changes else { return false }
        print("Published \(site.paths.count) files to \(publisher.directory): \(changes.summary)")
        return true
    }

    /// False when the site failed its checks (reported): nothing was published.
    ///
    /// Each file's blob id is worked out as it is rendered, and a new one written for `git fast-import`, which stores
    /// them once the site has passed its check; none is held after.
    func publish(_ site: PreparedSite, to publisher: BranchPublisher) throws(PublishError) -> Bool {
        let branch = publisher.options.branch
        let publication = try publisher.begin(paths: site.paths)
        defer { publication.discard() }
        guard let ids = checkedRender(site, { index, data in publication.add(data, index: index) }) else { return false }
        printChecked(site)
        let result = try publisher.finish(publication, paths: site.paths, ids: ids)
        if dryRun {
            printDryRun(result.changes, destination: "branch \(branch)")
            return true
        }
        if let commit = result.shortCommit {
            print("Committed \(commit) to \(branch) from \(result.source.shortDescription): \(result.changes.summary)")
        } else {
            print("\(branch) already holds this site; no commit made")
        }
        if let remote = result.pushedTo { print("Pushed \(branch) to \(remote)") }
        return true
    }

    func printDryRun(_ changes: FileChanges, destination: String) {
        for line in changes.listing { print(line) }
        print("Dry run: \(changes.summary) in \(destination); nothing was changed")
    }

    func printNothingPublished() {
        FileHandle.standardError.write(Data("nothing was published\n".utf8))
    }
}

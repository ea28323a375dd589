import Foundation

/// What a branch publish did, or would do on a dry run.
public struct BranchPublishReport: Sendable, Equatable {
    public let branch: String
    public let changes: FileChanges
    /// The new commit; nil when the branch already holds this tree, or on a dry run.
    public let commit: String?
    /// The new commit abbreviated as git abbreviates it.
    public let shortCommit: String?
    /// `git rev-parse HEAD` of the site's repository, with "-dirty" when its working tree has changes.
    public let source: SourceCommit
    public let pushedTo: String?
}

/// Publishes a site as the whole tree of a branch in the site's own git repository, with git's
/// plumbing and a temporary index file: the user's working tree, index and current branch are
/// never touched, and the branch moves only by a new commit whose parent is its previous tip.
public struct BranchPublisher: Sendable {
    public struct Options: Sendable {
        public var siteDirectory: String
        public var branch: String
        public var remote: String?
        public var message: String?
        public var dryRun: Bool

        public init(siteDirectory: String, branch: String, remote: String? = nil, message: String? = nil, dryRun: Bool = false) {
            self.siteDirectory = siteDirectory
            self.branch = branch
            self.remote = remote
            self.message = message
            self.dryRun = dryRun
        }
    }

    /// GitHub Pages runs Jekyll on a branch without this file, which would drop files whose names start with "_".
    public static let noJekyll = ".nojekyll"
    static let cname = "CNAME"

    public let options: Options
    let repository: GitRepository

    public init(_ options: Options) throws(PublishError) {
        self.options = options
        repository = try GitRepository(containing: options.siteDirectory)
        try repository.checkBranchName(options.branch)
        // git would read "--upload-pack=…" as an option of ls-remote, fetch and push, and run the program it names.
        if let remote = options.remote, remote.isEmpty || remote.hasPrefix("-") {
            throw .usage("'\(remote)' is not a remote: name one of the repository's remotes (git remote) or give its URL")
        }
        if let worktree = try repository.worktree(checkingOut: "refs/heads/\(options.branch)") {
            throw .failed("refusing to publish to \(options.branch): it is the branch checked out in \(worktree), "
                + "and moving it would change the files there; switch that worktree to another branch first")
        }
    }

    var ref: String { "refs/heads/\(options.branch)" }

    /// Starts a publish of a site whose files are at `paths`: reads where the branch stands (fetching the remote's,
    /// unless on a dry run), before the site is rendered, so a remote that is gone fails before a long build. The
    /// site's files are then given to the publication as they are rendered (`BranchPublication.add`), and it is
    /// finished (`finish`) or discarded (`discard`, and always after `finish`).
    public func begin(paths: [String]) throws(PublishError) -> BranchPublication {
        let source = try repository.sourceDescription()
        let local = try repository.commit(ref)
        // A dry run changes nothing, so it compares with what is known of the remote without fetching.
        let remoteTip = try options.remote.flatMap { remote throws(PublishError) in
            options.dryRun ? try repository.commit("refs/remotes/\(remote)/\(options.branch)") : try repository.fetchBranch(options.branch, from: remote)
        }
        let parent = try chooseParent(local: local, remote: remoteTip)
        if let bad = paths.first(where: { $0.contains("\n") }) { throw .failed("cannot publish a file whose name has a line break: \(bad)") }
        let sha256 = try repository.usesSHA256()
        let oldBlobs = try parent.map { commit throws(PublishError) in try repository.blobs(of: commit) } ?? [:]
        let scratch = try ScratchFolder()
        do throws(PublishError) {
            // Only what the parent's tree does not hold already, each once; nothing on a dry run.
            let streams = options.dryRun ? nil : try BlobStreams(folder: scratch.root, known: Set(oldBlobs.values))
            return BranchPublication(source: source, local: local, parent: parent, oldBlobs: oldBlobs, sha256: sha256,
                                     scratch: scratch, streams: streams)
        } catch {
            scratch.remove()
            throw error
        }
    }

    /// Commits the site whose files (`paths`) were given to `publication` and had the blob ids `ids`, as the branch's
    /// whole tree (and pushes it), once the site has passed its check.
    public func finish(_ publication: BranchPublication, paths: [String], ids: [String]) throws(PublishError) -> BranchPublishReport {
        let (source, local, parent, oldBlobs) = (publication.source, publication.local, publication.parent, publication.oldBlobs)
        var newBlobs = Dictionary(zip(paths, ids), uniquingKeysWith: { $1 })
        if newBlobs[Self.noJekyll] == nil { newBlobs[Self.noJekyll] = publication.add(Data(), index: paths.count) }
        try publication.streams.map { streams throws(PublishError) in try repository.storeBlobs(from: try streams.written()) }
        let scratch = publication.scratch
        // GitHub commits CNAME to the branch when a custom domain is set; dropping it would unset the domain.
        if newBlobs[Self.cname] == nil, let cname = oldBlobs[Self.cname] { newBlobs[Self.cname] = cname }
        let changes = FileChanges.between(old: oldBlobs, new: newBlobs)
        if options.dryRun {
            return BranchPublishReport(branch: options.branch, changes: changes, commit: nil, shortCommit: nil, source: source, pushedTo: nil)
        }

        let treeID = try repository.writeTree(newBlobs, indexFile: scratch.index)
        var commit: String?
        let tip: String
        if let parent, try repository.tree(of: parent) == treeID {
            tip = parent  // nothing new; the local branch may still have to catch up with the remote
        } else {
            let subject = options.message ?? "Publish site from \(source.shortDescription)"
            tip = try repository.commitTree(treeID, parent: parent, message: "\(subject)\n\nSource commit: \(source)\n")
            commit = tip
        }
        // The remote first, then the local branch: a push that fails leaves both where they were
        // (the new commit stays an unreferenced object, which git collects in time).
        if let remote = options.remote { try repository.push(tip, as: options.branch, to: remote) }
        if tip != local {
            do throws(PublishError) {
                try repository.updateRef(ref, to: tip, from: local)
            } catch {
                // After a push, the site is online: say so, and how to bring the local branch along.
                guard let remote = options.remote else { throw error }
                throw .pushFailed("pushed \((try? repository.abbreviate(tip)) ?? tip) to \(remote)'s \(options.branch), but \(error.description); "
                    + "run git fetch \(remote) \(options.branch) and git branch -f \(options.branch) FETCH_HEAD to catch up")
            }
        }
        let shortCommit = try commit.map { id throws(PublishError) in try repository.abbreviate(id) }
        return BranchPublishReport(branch: options.branch, changes: changes, commit: commit, shortCommit: shortCommit,
                                   source: source, pushedTo: options.remote)
    }

    /// The local branch, or the remote's when it is ahead (a fresh clone in CI); an error when they diverged.
    func chooseParent(local: String?, remote: String?) throws(PublishError) -> String? {
        guard let remote else { return local }
        guard let local, local != remote else { return remote }
        if try repository.isAncestor(remote, of: local) { return local }
        if try repository.isAncestor(local, of: remote) { return remote }
        throw .failed("\(options.branch) and \(options.remote ?? "the remote")'s \(options.branch) have diverged; "
            + "make the local branch match the remote (git branch -f \(options.branch) \(remote)) and publish again")
    }
}

/// A branch publish under way (`BranchPublisher.begin`): where the branch stands, and the site's new blobs written
/// into streams for `git fast-import` as its files are rendered, stored once it has passed its check.
public final class BranchPublication: Sendable {
    let source: SourceCommit
    let local: String?
    let parent: String?
    let oldBlobs: [String: String]
    let sha256: Bool
    let scratch: ScratchFolder
    /// nil on a dry run, which stores nothing.
    let streams: BlobStreams?

    init(source: SourceCommit, local: String?, parent: String?, oldBlobs: [String: String], sha256: Bool, scratch: ScratchFolder,
         streams: BlobStreams?) {
        self.source = source
        self.local = local
        self.parent = parent
        self.oldBlobs = oldBlobs
        self.sha256 = sha256
        self.scratch = scratch
        self.streams = streams
    }

    /// The blob id of `data`, the file at `index` of the site, which is written to be stored unless the parent's
    /// tree holds it; any thread may add any file, as it is rendered.
    public func add(_ data: Data, index: Int) -> String {
        let id = GitRepository.blobID(of: data, sha256: sha256)
        streams?.add(id, data, index: index)
        return id
    }

    /// Removes the blobs written and the index file: after `finish`, or when the site fails its check.
    public func discard() {
        scratch.remove()
    }
}

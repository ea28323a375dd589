import Crypto
import Foundation

/// The commit a site is published from, as `git describe --dirty` would mark it.
public struct SourceCommit: Sendable, Equatable, CustomStringConvertible {
    public let id: String?
    public let shortID: String?
    public let dirty: Bool

    public var description: String { (id ?? "no commit yet") + (dirty ? "-dirty" : "") }
    public var shortDescription: String { (shortID ?? "no commit yet") + (dirty ? "-dirty" : "") }
}

/// The git repository holding a site, driven through plumbing commands only.
struct GitRepository: Sendable {
    let git: GitProcess
    let gitDirectory: String
    let topLevel: String

    init(containing siteDirectory: String) throws(PublishError) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: siteDirectory, isDirectory: &isFolder), isFolder.boolValue else {
            throw .failed("the site folder \(siteDirectory) does not exist")
        }
        let probe = GitProcess(directory: siteDirectory)
        let found = try probe.run(["rev-parse", "--absolute-git-dir", "--show-toplevel"])
        let lines = found.text.split(separator: "\n").map(String.init)
        guard found.succeeded, lines.count == 2 else {
            throw .failed("\(siteDirectory) is not in a git repository; --branch publishes to a branch of the site's own repository "
                + "(run git init there, or publish to a folder with --to)")
        }
        gitDirectory = lines[0]
        topLevel = lines[1]
        // With GIT_DIR set, git takes the folder it runs in as the work tree: the site's top level, or the scratch tree.
        git = GitProcess(directory: topLevel, environment: ["GIT_DIR": lines[0]])
    }

    func checkBranchName(_ name: String) throws(PublishError) {
        let result = try git.run(["check-ref-format", "--branch", name])
        if !result.succeeded || name.hasPrefix("-") { throw .usage("'\(name)' is not a valid branch name") }
        // git would take it, as a branch named "refs/heads/x" (refs/heads/refs/heads/x) that every later command finds ambiguous.
        if name.hasPrefix("refs/") {
            let short = name.hasPrefix("refs/heads/") ? String(name.dropFirst("refs/heads/".count)) : nil
            throw .usage("'\(name)' is a full ref name; --branch takes a branch's own name\(short.map { ", such as '\($0)'" } ?? "")")
        }
    }

    /// The worktree that has `ref` checked out, if any: moving that branch would change its files.
    func worktree(checkingOut ref: String) throws(PublishError) -> String? {
        let listing = try git.text(["worktree", "list", "--porcelain"], failure: "cannot list worktrees")
        var current: String?
        for line in listing.split(separator: "\n") {
            if line.hasPrefix("worktree ") { current = String(line.dropFirst("worktree ".count)) }
            if line == "branch \(ref)" { return current }
        }
        return nil
    }

    func sourceDescription() throws(PublishError) -> SourceCommit {
        let head = try git.run(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"])
        let short = try git.run(["rev-parse", "--verify", "--quiet", "--short", "HEAD^{commit}"])
        // --no-optional-locks: status must not refresh the user's index as a side effect.
        let status = try git.text(["--no-optional-locks", "status", "--porcelain"], failure: "cannot read the status of \(topLevel)")
        return SourceCommit(id: head.succeeded ? head.text : nil, shortID: short.succeeded ? short.text : nil, dirty: !status.isEmpty)
    }

    /// The commit `ref` points at, or nil when there is no such ref.
    func commit(_ ref: String) throws(PublishError) -> String? {
        let result = try git.run(["rev-parse", "--verify", "--quiet", "\(ref)^{commit}"])
        return result.succeeded ? result.text : nil
    }

    func abbreviate(_ id: String) throws(PublishError) -> String {
        try git.text(["rev-parse", "--short", id], failure: "cannot abbreviate \(id)")
    }

    func tree(of commit: String) throws(PublishError) -> String {
        try git.text(["rev-parse", "--verify", "\(commit)^{tree}"], failure: "cannot read the tree of \(commit)")
    }

    func isAncestor(_ ancestor: String, of descendant: String) throws(PublishError) -> Bool {
        try git.run(["merge-base", "--is-ancestor", ancestor, descendant]).succeeded
    }

    /// Fetches the remote's branch and returns its tip, or nil when the remote has no such branch yet.
    func fetchBranch(_ branch: String, from remote: String) throws(PublishError) -> String? {
        let listed = try git.run(["ls-remote", "--exit-code", remote, "refs/heads/\(branch)"])
        if listed.status == 2 { return nil }
        guard listed.succeeded, let tip = listed.text.split(whereSeparator: \.isWhitespace).first.map(String.init) else {
            throw .failed("cannot read \(branch) from \(remote): \(listed.errorText)")
        }
        _ = try git.text(["fetch", "--quiet", "--no-tags", remote, "refs/heads/\(branch)"], failure: "cannot fetch \(branch) from \(remote)")
        return tip
    }

    /// Whether the repository names its objects by SHA-256 (`git init --object-format=sha256`) rather than SHA-1.
    func usesSHA256() throws(PublishError) -> Bool {
        try git.text(["rev-parse", "--show-object-format"], failure: "cannot read the object format of \(gitDirectory)") == "sha256"
    }

    /// The id git gives a blob of these bytes, taken as they are (no attributes, no line-ending filters): the hash of
    /// `blob <size>` and a NUL byte, then the bytes. Worked out here, on every core: `git hash-object` needed every
    /// file written to a scratch tree first, tens of thousands of files for a large site, tens of seconds on disk.
    static func blobID(of data: Data, sha256: Bool) -> String {
        let header = Data("blob \(data.count)\u{0}".utf8)
        if sha256 {
            var hasher = SHA256()
            hasher.update(data: header)
            hasher.update(data: data)
            return ContentHash.hex(bytes: hasher.finalize())
        }
        var hasher = Insecure.SHA1()
        hasher.update(data: header)
        hasher.update(data: data)
        return ContentHash.hex(bytes: hasher.finalize())
    }

    /// Stores the blobs of each stream file (`BlobStreams`) in a pack of its own, by a `git fast-import` of its own, all
    /// at once: fast-import compresses on one core, some 16 s for the 700 MB of a site of 10,000 long incident pages.
    /// (`git hash-object -w` stored each blob as a file of its own, from a file of its own.)
    func storeBlobs(from streams: [URL]) throws(PublishError) {
        let results = streams.parallelMap { stream in
            Result { () throws(PublishError) in
                let result = try git.run(["fast-import", "--quiet"], inputFile: stream)
                guard result.succeeded else {
                    throw .failed("cannot store the site's files in \(gitDirectory): \(result.errorText.isEmpty ? "git fast-import failed" : result.errorText)")
                }
            }
        }
        for result in results { try result.get() }
    }

    /// Every file of a commit's tree: path → blob id.
    func blobs(of commit: String) throws(PublishError) -> [String: String] {
        let result = try git.run(["ls-tree", "-r", "-z", "--full-tree", commit])
        guard result.succeeded else { throw .failed("cannot list the files of \(commit): \(result.errorText)") }
        var blobs: [String: String] = [:]
        for entry in result.output.split(separator: 0) {
            // "<mode> <type> <id>\t<path>"
            let text = String(decoding: entry, as: UTF8.self)
            guard let tab = text.firstIndex(of: "\t") else { continue }
            let fields = text[..<tab].split(separator: " ")
            if fields.count == 3 { blobs[String(text[text.index(after: tab)...])] = String(fields[2]) }
        }
        return blobs
    }

    /// Builds a tree from blob ids in a temporary index file, never the user's index.
    func writeTree(_ blobs: [String: String], indexFile: String) throws(PublishError) -> String {
        let index = git.with(environment: ["GIT_INDEX_FILE": indexFile])
        let entries = blobs.keys.sorted().map { "100644 \(blobs[$0]!)\t\($0)\u{0}" }.joined()
        _ = try index.text(["update-index", "--add", "-z", "--index-info"], input: Data(entries.utf8), failure: "cannot build the tree")
        return try index.text(["write-tree"], failure: "cannot write the tree")
    }

    func commitTree(_ tree: String, parent: String?, message: String) throws(PublishError) -> String {
        let parents = parent.map { ["-p", $0] } ?? []
        return try git.text(["commit-tree", tree] + parents + ["-F", "-"], input: Data(message.utf8), failure: "cannot commit the site")
    }

    /// Moves `ref` from `old` (nil: it must not exist yet), so a concurrent change to the branch fails instead of being lost.
    func updateRef(_ ref: String, to new: String, from old: String?) throws(PublishError) {
        _ = try git.text(["update-ref", "-m", "tracker publish", ref, new, old ?? ""], failure: "cannot move \(ref)")
    }

    /// Pushes `commit` as the remote's `branch` (a fast-forward: git refuses anything else).
    func push(_ commit: String, as branch: String, to remote: String) throws(PublishError) {
        let result = try git.run(["push", "--quiet", remote, "\(commit):refs/heads/\(branch)"])
        guard result.succeeded else {
            throw .failed("pushing \(branch) to \(remote) failed: \(result.errorText)\n"
                + "the local \(branch) was not moved either; fix the cause and run the same command again")
        }
    }
}

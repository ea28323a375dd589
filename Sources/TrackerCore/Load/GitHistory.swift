import Foundation
import Synchronization

/// Reads the history of a site's `content/` folder from git, for the whole site at once: one
/// `git rev-parse` (is it a repository, which commit, is the clone shallow) and one `git log`, parsed
/// in one pass, whatever the number of records. Without git, outside a repository or before the first
/// commit there is no history, and nothing fails.
public enum GitHistory {
    /// Where the site's content stands in git: the commit checked out, and what a shallow clone lacks.
    public struct State: Sendable, Equatable {
        public let head: String
        /// The commits whose parents a shallow clone does not have (empty in a full clone).
        public let shallowBoundary: Set<String>
        /// For the build cache's key: the commit, and the shallow boundary (deepening a clone changes the history).
        public var key: String { "\(head) \(shallowBoundary.sorted().joined(separator: ","))" }
    }

    /// The content folder's git state; nil when there is no git, no repository or no commit.
    public static func state(siteDirectory: String) -> State? {
        let content = contentFolder(siteDirectory)
        guard GitProcess.executable != nil, FileTree.isDirectory(content),
              let result = try? GitProcess(directory: content).run(["rev-parse", "--is-shallow-repository", "--git-path", "shallow", "HEAD"]),
              result.succeeded else { return nil }
        let lines = result.text.split(separator: "\n").map(String.init)
        guard lines.count == 3, lines[2].utf8.count >= 40, lines[2].utf8.allSatisfy(isHexDigit) else { return nil }
        var boundary: Set<String> = []
        if lines[0] == "true" {
            let file = lines[1].hasPrefix("/") ? lines[1] : content + "/" + lines[1]
            let text = FileTree.read(file).map { String(decoding: $0, as: UTF8.self) } ?? ""
            boundary = Set(text.split(whereSeparator: \.isNewline).map(String.init))
            // A shallow clone always lists its boundary; a missing list leaves every creation date unknown.
            if boundary.isEmpty { boundary = ["unknown"] }
        }
        return State(head: lines[2], shallowBoundary: boundary)
    }

    /// The content folder's git state, asked on another thread from the moment the query is made: `tracker build`
    /// reads the content meanwhile, and waits for the answer where it needs it (the history, the cache's key).
    final class Query: Sendable {
        private let answered = DispatchGroup()
        private let answer = Mutex<State?>(nil)

        init(siteDirectory: String) {
            answered.enter()
            DispatchQueue.global().async { [self] in
                let state = GitHistory.state(siteDirectory: siteDirectory)
                answer.withLock { $0 = state }
                answered.leave()
            }
        }

        /// `GitHistory.state`, once git has answered.
        var state: State? {
            answered.wait()
            return answer.withLock { $0 }
        }
    }

    /// Every commit that changed a content file, up to `state.head`. Nil when git fails.
    /// `contentPrefix` is what the items' paths start with (the content folder as the loader names it, and "/").
    public static func read(siteDirectory: String, state: State, contentPrefix: String) -> SiteHistory? {
        let format = "%x1e%H%x1f%ct%x1f%s%x1f%(trailers:key=Correction,valueonly,unfold,separator=%x1d)%x1f"
        // Paths relative to content/ (`--relative` from inside it), NUL-separated (any file name), renames found (-M),
        // in commit-date order with no parent before its children (renames are followed from the newest commit back).
        let arguments = ["-c", "log.showSignature=false", "-c", "core.quotePath=false", "log", "-z", "--relative", "--name-status",
                         "-M", "--no-merges", "--date-order", "--no-color", "--format=" + format, state.head, "--", "."]
        guard let result = try? GitProcess(directory: contentFolder(siteDirectory)).run(arguments), result.succeeded else { return nil }
        return parse(result.output, state: state, contentPrefix: contentPrefix)
    }

    /// Parses `git log -z --name-status` output in the format `read` asks for. Each file's changes are
    /// recorded under its path at `state.head`: going back in time, a rename's old path takes the new
    /// path's current name, so older commits that changed it count for the same record.
    static func parse(_ output: Data, state: State, contentPrefix: String) -> SiteHistory {
        var changes: [HistoryChange] = []
        var changedFiles: [[String]] = []
        /// A path as it was at the commit being read → its path at `head` (when they differ).
        var currentName: [String: String] = [:]
        let bytes = [UInt8](output)
        for record in bytes.split(separator: 0x1e, omittingEmptySubsequences: true) {
            let fields = record.split(separator: 0x1f, maxSplits: 4, omittingEmptySubsequences: false)
            guard fields.count == 5 else { continue }
            let commit = String(decoding: fields[0], as: UTF8.self)
            guard let timestamp = Int(String(decoding: fields[1], as: UTF8.self)) else { continue }
            // A commit's text goes into pages and feeds as it is: a control character in it (an escape sequence
            // pasted from a terminal) made changes.xml malformed and every page showing it invalid HTML.
            let subject = ForbiddenCharacters.replacingEach(in: String(decoding: fields[2], as: UTF8.self))
            let corrections = fields[3].split(separator: 0x1d)
                .map { ForbiddenCharacters.replacingEach(in: String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) }
                .filter { !$0.isEmpty }
            // The statuses and paths, NUL-separated; the first follows the format's line break. Trimmed as bytes:
            // Foundation's trimming took most of the time of reading an import of thousands of files.
            let tokens = fields[4].split(separator: 0, omittingEmptySubsequences: true).compactMap { token -> String? in
                var token = token[...]
                while let first = token.first, first == 0x0a || first == 0x0d { token = token.dropFirst() }
                while let last = token.last, last == 0x0a || last == 0x0d { token = token.dropLast() }
                return token.isEmpty ? nil : String(decoding: token, as: UTF8.self)
            }
            var files: [String] = []
            var position = 0
            while position < tokens.count {
                let status = tokens[position]
                let paths = status.hasPrefix("R") || status.hasPrefix("C") ? 2 : 1
                guard position + paths < tokens.count else { break }
                let path = tokens[position + paths]
                let current = currentName[path] ?? path
                files.append(current)
                // Before a rename, the file had its old name: older commits that changed that name changed this record.
                if status.hasPrefix("R") { currentName[tokens[position + 1]] = current }
                position += paths + 1
            }
            // A shallow clone's boundary commit shows every file as added: not a change anyone made.
            guard !files.isEmpty, !state.shallowBoundary.contains(commit) else { continue }
            changes.append(HistoryChange(commit: commit, timestamp: timestamp, subject: subject, corrections: corrections))
            changedFiles.append(files)
        }
        return SiteHistory(head: state.head, isComplete: state.shallowBoundary.isEmpty, changes: changes, changedFiles: changedFiles,
                           contentPrefix: contentPrefix)
    }

    /// What the preview's watcher reports when `headFiles` changed: not a file of the site.
    public static let changeMarker = ".git"

    static func contentFolder(_ siteDirectory: String) -> String {
        (siteDirectory.isEmpty ? "." : siteDirectory) + "/content"
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }
}

/// What the preview watches to notice a commit, a checkout or a fetch that deepens a shallow clone:
/// the bytes of HEAD, of the branch it points to, of the packed refs and of the shallow list. Reading
/// four small files costs nothing next to running git, so the watcher looks at them on every turn.
public struct GitHeadWatch: Sendable {
    let gitDirectory: String
    let commonDirectory: String

    /// Nil when the site is not in git.
    public init?(siteDirectory: String) {
        let content = GitHistory.contentFolder(siteDirectory)
        guard GitProcess.executable != nil, FileTree.isDirectory(content),
              let result = try? GitProcess(directory: content).run(["rev-parse", "--absolute-git-dir", "--git-common-dir"]),
              result.succeeded else { return nil }
        let lines = result.text.split(separator: "\n").map(String.init)
        guard lines.count == 2 else { return nil }
        gitDirectory = lines[0]
        commonDirectory = lines[1].hasPrefix("/") ? lines[1] : content + "/" + lines[1]
    }

    /// The bytes of every watched file (nil where missing): different after a commit or a checkout.
    public func signature() -> [Data?] {
        let head = FileTree.read(gitDirectory + "/HEAD")
        var files = [head, FileTree.read(commonDirectory + "/packed-refs"), FileTree.read(commonDirectory + "/shallow")]
        if let head, let text = String(data: head, encoding: .utf8), text.hasPrefix("ref: ") {
            let reference = text.dropFirst("ref: ".count).trimmingCharacters(in: .whitespacesAndNewlines)
            // A worktree's own refs (bisect) live in its folder, branches in the common one.
            files.append(FileTree.read(commonDirectory + "/" + reference) ?? FileTree.read(gitDirectory + "/" + reference))
        }
        return files
    }
}

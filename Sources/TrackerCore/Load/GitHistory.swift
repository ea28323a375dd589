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
        // Paths relative to content/ (`--relative` from inside it), NUL-separated (any file name), renames found (-M),
        // in commit-date order with no parent before its children (renames are followed from the newest commit back).
        let arguments = ["-c", "log.showSignature=false", "-c", "core.quotePath=false", "log", "-z", "--relative", "--name-status",
                         "-M", "--no-merges", "--date-order", "--no-color", "--format=" + format, state.head, "--", "."]
        guard let result = try? GitProcess(directory: contentFolder(siteDirectory)).run(arguments), result.succeeded else { return nil }
        return parse(result.output, state: state, contentPrefix: contentPrefix)
    }

    /// Each commit: U+001E, its hash, U+001F, its time, U+001F; then its subject and its corrections (separated by
    /// NUL, which no commit message can hold), each ended by U+001F, the hash again and U+001F. A commit message may
    /// hold any other character, separators included (git takes them, and `git log` prints them as they are): ended
    /// by its own hash, which no message can hold, a subject never runs into the next field or commit. With `-z`, the
    /// statuses and paths follow, each ended by NUL.
    static let format = "%x1e%H%x1f%ct%x1f%s%x1f%H%x1f%(trailers:key=Correction,valueonly,unfold,separator=%x00)%x1f%H%x1f"

    /// Parses `git log -z --name-status` output in the format `read` asks for. Each file's changes are
    /// recorded under its path at `state.head`: going back in time, a rename's old path takes the new
    /// path's current name, so older commits that changed it count for the same record.
    static func parse(_ output: Data, state: State, contentPrefix: String) -> SiteHistory {
        var changes: [HistoryChange] = []
        var changedFiles: [[String]] = []
        /// A path as it was at the commit being read → its path at `head` (when they differ).
        var currentName: [String: String] = [:]
        var log = LogReader(bytes: [UInt8](output))
        while let commit = log.nextCommit() {
            // A commit's text goes into pages and feeds as it is: a control character in it (an escape sequence
            // pasted from a terminal) made changes.xml malformed and every page showing it invalid HTML.
            let subject = ForbiddenCharacters.replacingEach(in: String(decoding: commit.subject, as: UTF8.self))
            let corrections = commit.trailers.split(separator: 0)
                .map { ForbiddenCharacters.replacingEach(in: String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) }
                .filter { !$0.isEmpty }
            var files: [String] = []
            for change in commit.changes {
                let current = currentName[change.path] ?? change.path
                files.append(current)
                // Before a rename, the file had its old name: older commits that changed that name changed this record.
                if let old = change.renamedFrom { currentName[old] = current }
            }
            // A shallow clone's boundary commit shows every file as added: not a change anyone made.
            guard !files.isEmpty, !state.shallowBoundary.contains(commit.hash) else { continue }
            changes.append(HistoryChange(commit: commit.hash, timestamp: commit.timestamp, subject: subject, corrections: corrections))
            changedFiles.append(files)
        }
        return SiteHistory(head: state.head, isComplete: state.shallowBoundary.isEmpty, changes: changes, changedFiles: changedFiles,
                           contentPrefix: contentPrefix)
    }

    /// Reads `format`'s records one after another, by position rather than by splitting at separators.
    struct LogReader {
        struct Commit {
            let hash: String
            let timestamp: Int
            let subject: ArraySlice<UInt8>
            let trailers: ArraySlice<UInt8>
            /// Each path the commit changed, and the path a rename or copy (`R…`, `C…`) came from.
            var changes: [(path: String, renamedFrom: String?)] = []
        }

        let bytes: [UInt8]
        var position = 0

        /// The next commit; nil at the end, or where the output stops making sense (git's own output always does).
        mutating func nextCommit() -> Commit? {
            while position < bytes.count, bytes[position] != 0x1e { position += 1 }
            guard position < bytes.count else { return nil }
            position += 1
            guard let hashBytes = field(), hashBytes.count >= 40, hashBytes.allSatisfy(GitHistory.isHexDigit),
                  let time = field(), let timestamp = Int(String(decoding: time, as: UTF8.self)) else { return nextCommit() }
            let end: [UInt8] = [0x1f] + hashBytes + [0x1f]
            guard let subject = field(endingWith: end), let trailers = field(endingWith: end) else { return nil }
            var commit = Commit(hash: String(decoding: hashBytes, as: UTF8.self), timestamp: timestamp, subject: subject, trailers: trailers)
            // Statuses and paths, each ended by NUL; the first status follows a line break. A status is letters and
            // digits, so a NUL-ended token that starts with U+001E where a status would be is the next commit.
            while position < bytes.count, bytes[position] != 0x1e {
                guard var status = token() else { break }
                while let first = status.first, first == 0x0a || first == 0x0d { status = status.dropFirst() }
                guard let kind = status.first else { continue }
                let paths = kind == UInt8(ascii: "R") || kind == UInt8(ascii: "C") ? 2 : 1
                guard let first = token() else { break }
                if paths == 2 {
                    guard let second = token() else { break }
                    commit.changes.append((String(decoding: second, as: UTF8.self), kind == UInt8(ascii: "R") ? String(decoding: first, as: UTF8.self) : nil))
                } else {
                    commit.changes.append((String(decoding: first, as: UTF8.self), nil))
                }
            }
            return commit
        }

        /// The bytes up to the next U+001F, which is passed.
        private mutating func field() -> ArraySlice<UInt8>? {
            guard let end = bytes[position...].firstIndex(of: 0x1f) else { return nil }
            defer { position = end + 1 }
            return bytes[position ..< end]
        }

        /// The bytes up to `terminator`, which is passed.
        private mutating func field(endingWith terminator: [UInt8]) -> ArraySlice<UInt8>? {
            var start = position
            while let at = bytes[start...].firstIndex(of: terminator[0]) {
                if bytes.count - at >= terminator.count, bytes[at ..< at + terminator.count].elementsEqual(terminator) {
                    defer { position = at + terminator.count }
                    return bytes[position ..< at]
                }
                start = at + 1
            }
            return nil
        }

        /// The bytes up to the next NUL, which is passed; nil at the end.
        private mutating func token() -> ArraySlice<UInt8>? {
            guard position < bytes.count else { return nil }
            let end = bytes[position...].firstIndex(of: 0) ?? bytes.count
            defer { position = min(end + 1, bytes.count) }
            return bytes[position ..< end]
        }
    }

    /// What the preview's watcher reports when `headFiles` changed: not a file of the site.
    public static let changeMarker = ".git"

    static func contentFolder(_ siteDirectory: String) -> String {
        (siteDirectory.isEmpty ? "." : siteDirectory) + "/content"
    }

    static func isHexDigit(_ byte: UInt8) -> Bool {
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

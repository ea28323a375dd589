import Foundation

/// Publishes a site into a folder that a web server reads: the new tree is written beside it and
/// renamed into its place, so a reader sees the old site or the new one, never a mix.
/// The folder is replaced whole, so it must be missing, empty, or made by an earlier publish.
public struct FolderPublisher: Sendable {
    /// Written into every published folder: the proof that replacing the folder loses nothing of the user's.
    public static let marker = ".tracker-publish"
    static let markerText = "This folder is made by `tracker publish` and replaced whole on every publish.\n"
    /// A git checkout (to push the folder somewhere) and a GitHub Pages domain file live in the folder, not in the site.
    public static let kept = [".git", "CNAME"]

    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// The folder as an absolute path with symbolic links resolved, so a link to the real folder stays valid.
    /// A link to a folder that does not exist yet is followed too: the first publish makes that folder.
    var resolved: String {
        var url = URL(fileURLWithPath: directory).standardizedFileURL
        for _ in 0..<40 {
            guard let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: url.path) else { break }
            url = URL(fileURLWithPath: destination, relativeTo: url.deletingLastPathComponent()).standardizedFileURL
        }
        return url.deletingLastPathComponent().resolvingSymlinksInPath().appendingPathComponent(url.lastPathComponent).path
    }

    /// Throws unless the folder may be replaced: missing, empty (but for kept entries), or marked by an earlier publish.
    public func checkReplaceable(siteDirectory: String) throws(PublishError) {
        let path = resolved
        let site = URL(fileURLWithPath: siteDirectory).standardizedFileURL.resolvingSymlinksInPath().path
        if path == "/" || path == site || site.hasPrefix(path + "/") {
            throw .failed("refusing to publish to \(directory): it holds the site itself, and publishing replaces the folder whole")
        }
        if let folder = SiteBuilder.folderTheBuildReads(holding: path, site: site) {
            throw .failed("refusing to publish to \(directory): it is inside the site's \(folder)/, which every build reads")
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return }
        guard isFolder.boolValue else { throw .failed("refusing to publish to \(directory): it is a file, not a folder") }
        if Self.isMountPoint(path) {
            throw .failed("refusing to publish to \(directory): it is a mount point (a file system of its own), and a publish swaps "
                + "the new site in by renaming the folder, which a mount point cannot be; publish to a folder inside it "
                + "(such as \(directory)/site) and serve that")
        }
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw .failed("cannot read \(directory): \(error.localizedDescription)")
        }
        let own = entries.filter { !Self.kept.contains($0) }
        if own.isEmpty || own.contains(Self.marker) { return }
        throw .failed("refusing to replace \(directory): it is not empty and no earlier publish made it (it has no \(Self.marker) file); "
            + "publish to a new or empty folder, or empty this one yourself")
    }

    /// True when `path` is on another device than its parent: the root of a mounted file system.
    static func isMountPoint(_ path: String) -> Bool {
        var folder = stat(), parent = stat()
        guard stat(path, &folder) == 0, stat(path + "/..", &parent) == 0 else { return false }
        return folder.st_dev != parent.st_dev
    }

    /// What the folder holds now, to compare each file of the new site with as it is rendered.
    public func published() -> PublishedFolder {
        PublishedFolder(root: resolved, files: publishedFiles())
    }

    /// The regular files in the folder now, relative to it, without following links; the kept entries (and what
    /// is below them) and the marker aside. Listed with `readdir`: FileManager's enumerator, which makes a dictionary
    /// of attributes for every entry, took 2 s on one core for 60,000 files.
    func publishedFiles() -> Set<String> {
        var found: Set<String> = []
        func walk(_ directory: String, prefix: String) {
            DirectoryEntries.forEach(in: directory, followingLinks: false) { name, kind in
                if prefix.isEmpty, Self.kept.contains(name) { return }
                switch kind {
                case .directory: walk(directory + "/" + name, prefix: prefix + name + "/")
                case .regularFile: if prefix.isEmpty && name == Self.marker { return } else { found.insert(prefix + name) }
                case .other, .brokenLink: break
                }
            }
        }
        walk(resolved, prefix: "")
        return found
    }

    /// Replaces the folder with the site that `stage` writes into a staging folder beside it (given the staging folder,
    /// how errors name the files in it, and what the folder holds now), carrying `.git` and `CNAME` over. `stage`
    /// returns what changed, or nil when the site failed its checks, which like any error leaves the folder as it was.
    /// Holds the folder's lock (as `tracker build` does its output's) from before the site is written: `waiting` is
    /// told when another process holds it.
    public func publish(siteDirectory: String, waiting: (String) -> Void = { _ in },
                        stage: (_ staging: String, _ shownAs: String, _ published: PublishedFolder) throws(PublishError) -> FileChanges?) throws(PublishError) -> FileChanges? {
        let path = resolved
        let writer = OutputWriter(outputDirectory: path)
        let lock: OutputLock
        do throws(OutputWriter.WriteError) { lock = try writer.claim(waiting: waiting) } catch { throw .failed("cannot publish to \(directory): \(error.description)") }
        defer { lock.release() }
        try checkReplaceable(siteDirectory: siteDirectory)
        let staging: String
        do throws(OutputWriter.WriteError) { staging = try writer.makeStagingDirectory() } catch { throw .failed("cannot publish to \(directory): \(error.description)") }
        var carried: [String] = []
        do throws(PublishError) {
            guard let changes = try stage(staging, path, published()) else {
                writer.discard(staging: staging)
                return nil
            }
            do throws(OutputWriter.WriteError) {
                if let failure = OutputWriter.writeFile(staging + "/" + Self.marker, Data(Self.markerText.utf8), shownAs: path + "/" + Self.marker) {
                    throw OutputWriter.WriteError(description: failure)
                }
                // A web server may need the folder's mode (group access); the fresh folder would get the default.
                if let mode = try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] {
                    try? FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: staging)
                }
                for name in Self.kept where FileManager.default.fileExists(atPath: path + "/" + name) {
                    try? FileManager.default.removeItem(atPath: staging + "/" + name)  // the folder's own copy wins
                    guard rename(path + "/" + name, staging + "/" + name) == 0 else {
                        throw OutputWriter.WriteError(description: "cannot carry \(name) over from \(directory): \(String(cString: strerror(errno)))")
                    }
                    carried.append(name)
                }
                try writer.swapIn(staging: staging)
            } catch {
                throw .failed("cannot publish to \(directory): \(error.description)")
            }
            return changes
        } catch {
            for name in carried { _ = rename(staging + "/" + name, path + "/" + name) }
            writer.discard(staging: staging)
            throw error
        }
    }
}

/// The files a folder held before a publish, each compared with the new site's file of the same path as that is
/// rendered, on the thread rendering it. Only a file that is there and published again, of the same size, is read, a
/// block at a time, and not kept: all of the folder read into memory first doubled the memory a publish over an
/// earlier one needed (700 MB more for a site of 10,000 long incident pages).
public struct PublishedFolder: Sendable {
    let root: String
    let files: Set<String>

    /// nil: not in the folder; else whether the folder's copy has the same bytes as `data`, or why it could not be read.
    public func compare(_ path: String, _ data: Data) -> Result<Bool, PublishError>? {
        guard files.contains(path) else { return nil }
        let location = root + "/" + path
        if let same = data.withUnsafeBytes({ FileTree.holds(location, exactly: $0) }) { return .success(same) }
        do {
            return .success(try Data(contentsOf: URL(fileURLWithPath: location)) == data)
        } catch {
            return .failure(.failed("cannot read \(location): \(error.localizedDescription)"))
        }
    }

    /// What publishing the files at `paths` adds, changes and removes (kept entries and the marker aside), given what
    /// `compare` said of each.
    public func changes(paths: [String], compared: [Result<Bool, PublishError>?]) throws(PublishError) -> FileChanges {
        // The last of two files given the same path is the one published.
        let published = Dictionary(paths.indices.map { (paths[$0], $0) }, uniquingKeysWith: { $1 })
        var changes = FileChanges()
        var failures: [(path: String, error: PublishError)] = []
        for (path, index) in published {
            switch compared[index] {
            case nil: changes.added.append(path)
            case .success(true)?: changes.unchanged += 1
            case .success(false)?: changes.changed.append(path)
            case .failure(let error)?: failures.append((path, error))
            }
        }
        if let failure = failures.min(by: { $0.path < $1.path }) { throw failure.error }
        changes.removed = files.filter { published[$0] == nil }.sorted()
        changes.added.sort()
        changes.changed.sort()
        return changes
    }
}

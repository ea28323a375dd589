#if os(Linux)
import Foundation
import Glibc
import TrackerCore

/// Linux inotify over the watched folders of a site, recursively: a watch per folder, added as
/// folders appear (their files reported too, since they may predate the watch) and dropped as they go.
final class InotifyWatcher: ChangeSource {
    let siteDirectory: String
    /// A folder linked from outside the site is not watched: the build refuses it (`SiteBoundary`), and a link to
    /// `/` had the watcher walk the whole machine.
    let boundary: SiteBoundary
    let descriptor: Int32
    /// Watch descriptor → folder, relative to the site ("" for the site folder itself).
    var folders: [Int32: String] = [:]
    var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    /// Paths reported whose last event was not a finished save (written and still open, created,
    /// deleted, renamed away, attributes changed, a folder); a later close or rename into place takes
    /// a path out. A path that stays (a file deleted for good) only matters if it is reported again,
    /// and then its new event decides.
    var unfinished: Set<String> = []
    /// The last file renamed away, by the rename's cookie: renamed onto a content or theme file, it was a
    /// temporary file put in place (`sed -i`, "safe write"), and the save is finished.
    var renamedAway: (cookie: UInt32, path: String)?
    /// Files written (or created) and not closed since: a writer is still at them. Truncated and not yet
    /// written again, such a file is empty; built then, it is an error the next event takes back.
    var open: Set<String> = []

    static let treeMask = UInt32(IN_MODIFY | IN_CLOSE_WRITE | IN_ATTRIB | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO
                                 | IN_DELETE_SELF | IN_MOVE_SELF)
    /// On the site folder: only the watched folders appearing, going or being renamed.
    static let rootMask = UInt32(IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ONLYDIR)

    /// Counts the readings that found changes, for a rebuild's comparison with a full build (`ChangeCount`).
    let count: ChangeCount

    var usesEvents: Bool { true }

    func finishedSaving(_ paths: Set<String>) -> Bool { unfinished.isDisjoint(with: paths) }

    func beingWritten(_ paths: Set<String>) -> Bool { !open.isDisjoint(with: paths) }

    init?(siteDirectory: String, count: ChangeCount = ChangeCount()) {
        self.siteDirectory = siteDirectory
        self.count = count
        boundary = SiteBoundary(siteDirectory: siteDirectory)
        descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else { return nil }
        let rootWatch = inotify_add_watch(descriptor, siteDirectory, Self.rootMask)
        guard rootWatch >= 0 else {
            Glibc.close(descriptor)
            return nil
        }
        folders[rootWatch] = ""
        var existing: Set<String> = []
        for folder in SiteChanges.watchedFolders {
            guard addTree(folder, collecting: &existing) else {
                // Out of watches (fs.inotify.max_user_watches): polling still works.
                Glibc.close(descriptor)
                return nil
            }
        }
        count.watch(descriptor)
    }

    func absolute(_ relative: String) -> String {
        relative.isEmpty ? siteDirectory : (siteDirectory as NSString).appendingPathComponent(relative)
    }

    /// Watches a folder and every folder below it; returns the files found, for folders that appeared late.
    func addTree(_ relative: String, collecting files: inout Set<String>) -> Bool {
        var inside: [FileIdentity] = []
        return addTree(relative, inside: &inside, collecting: &files)
    }

    /// `addTree` below the folders `inside` (outermost first): a link back to one of them (`static/loop` → `.`)
    /// is not followed, as it would lead down forever.
    private func addTree(_ relative: String, inside: inout [FileIdentity], collecting files: inout Set<String>) -> Bool {
        guard let identity = FileIdentity(absolute(relative)), identity.isFolder, !inside.contains(identity),
              !boundary.isLinkOut(absolute(relative)) else { return true }
        inside.append(identity)
        defer { inside.removeLast() }
        let watch = inotify_add_watch(descriptor, absolute(relative), Self.treeMask)
        if watch < 0 { return errno != ENOSPC }
        folders[watch] = relative
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: absolute(relative))) ?? []
        for name in entries.sorted() where !SiteChanges.isIgnored(name: name) {
            let child = relative + "/" + name
            var childIsFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: absolute(child), isDirectory: &childIsFolder) else { continue }
            if childIsFolder.boolValue {
                if !addTree(child, inside: &inside, collecting: &files) { return false }
            } else {
                files.insert(child)
            }
        }
        return true
    }

    /// Stops watching a folder and everything below it (it was deleted or renamed away).
    func removeTree(_ relative: String) {
        for (watch, folder) in folders where folder == relative || folder.hasPrefix(relative + "/") {
            inotify_rm_watch(descriptor, watch)
            folders[watch] = nil
        }
        open = open.filter { !$0.hasPrefix(relative + "/") }
    }

    func next(waitingAtMost wait: Duration) -> SiteChanges {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, Int32(wait.milliseconds)) > 0 else { return SiteChanges() }
        var changes = SiteChanges()
        count.reading {
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count <= 0 { break }
                buffer.withUnsafeBytes { bytes in
                    var offset = 0
                    while offset + 16 <= count {
                        let watch = bytes.load(fromByteOffset: offset, as: Int32.self)
                        let mask = bytes.load(fromByteOffset: offset + 4, as: UInt32.self)
                        let cookie = bytes.load(fromByteOffset: offset + 8, as: UInt32.self)
                        let length = Int(bytes.load(fromByteOffset: offset + 12, as: UInt32.self))
                        let nameBytes = bytes[(offset + 16)..<(offset + 16 + length)].prefix { $0 != 0 }
                        handle(watch: watch, mask: mask, cookie: cookie, name: String(decoding: nameBytes, as: UTF8.self), into: &changes)
                        offset += 16 + length
                    }
                }
            }
            return !changes.isEmpty
        }
        return changes
    }

    func handle(watch: Int32, mask: UInt32, cookie: UInt32, name: String, into changes: inout SiteChanges) {
        if mask & UInt32(IN_Q_OVERFLOW) != 0 {
            changes.rescan = true
            return
        }
        guard let folder = folders[watch] else { return }
        if mask & UInt32(IN_IGNORED) != 0 {
            folders[watch] = nil
            return
        }
        if mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF) != 0 {
            removeTree(folder)
            changes.paths.insert(folder)
            unfinished.insert(folder)
            return
        }
        if folder.isEmpty && !SiteChanges.watchedFolders.contains(name) { return }
        guard !name.isEmpty, folder.isEmpty || !SiteChanges.isIgnored(name: name) else { return }
        let path = folder.isEmpty ? name : folder + "/" + name
        changes.paths.insert(path)
        if mask & UInt32(IN_ISDIR) == 0 {
            if mask & UInt32(IN_CLOSE_WRITE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO) != 0 {
                open.remove(path)
            } else if mask & UInt32(IN_MODIFY) != 0 || (mask & UInt32(IN_CREATE) != 0 && isRegularFile(path)) {
                // Created: by `open`, to be written (a link or a pipe made in place is no save, and is not waited for).
                open.insert(path)
            }
        }
        if mask & UInt32(IN_ISDIR) == 0 && mask & UInt32(IN_CLOSE_WRITE | IN_MOVED_TO) != 0 {
            unfinished.remove(path)
            if mask & UInt32(IN_MOVED_TO) != 0, let away = renamedAway, away.cookie == cookie, SiteChanges.isSource(path) {
                unfinished.remove(away.path)
            }
        } else {
            unfinished.insert(path)
        }
        renamedAway = mask & UInt32(IN_ISDIR | IN_MOVED_FROM) == UInt32(IN_MOVED_FROM) ? (cookie, path) : nil
        guard mask & UInt32(IN_ISDIR) != 0 else { return }
        if mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
            var files: Set<String> = []
            if !addTree(path, collecting: &files) { changes.rescan = true }
            changes.paths.formUnion(files)
        } else if mask & UInt32(IN_DELETE | IN_MOVED_FROM) != 0 {
            removeTree(path)
        }
    }

    func isRegularFile(_ relative: String) -> Bool {
        var status = stat()
        return lstat(absolute(relative), &status) == 0 && status.st_mode & S_IFMT == S_IFREG
    }

    func close() {
        count.watch(nil)
        Glibc.close(descriptor)
    }
}
#endif

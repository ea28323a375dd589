import Foundation

/// Finds changes by comparing every watched file's modification time, size and inode between scans:
/// the portable fallback when inotify is not available.
final class PollingWatcher: ChangeSource {
    struct Stamp: Equatable {
        let modified: Date?
        let size: Int?
        let inode: Int?
    }

    let siteDirectory: String
    var stamps: [String: Stamp]

    var usesEvents: Bool { false }

    /// A scan sees stamps, not whether a writer is done.
    func finishedSaving(_ paths: Set<String>) -> Bool { false }

    func beingWritten(_ paths: Set<String>) -> Bool { false }

    init(siteDirectory: String) {
        self.siteDirectory = siteDirectory
        stamps = [:]
        stamps = scan()
    }

    func scan() -> [String: Stamp] {
        var found: [String: Stamp] = [:]
        for folder in SiteChanges.watchedFolders {
            let root = (siteDirectory as NSString).appendingPathComponent(folder)
            guard let enumerator = FileManager.default.enumerator(atPath: root) else { continue }
            while let item = enumerator.nextObject() as? String {
                let attributes = enumerator.fileAttributes ?? [:]
                if SiteChanges.isIgnored(name: (item as NSString).lastPathComponent) {
                    if attributes[.type] as? FileAttributeType == .typeDirectory { enumerator.skipDescendants() }
                    continue
                }
                found[folder + "/" + item] = Stamp(modified: attributes[.modificationDate] as? Date,
                                                   size: (attributes[.size] as? NSNumber)?.intValue,
                                                   inode: (attributes[.systemFileNumber] as? NSNumber)?.intValue)
            }
        }
        return found
    }

    func next(waitingAtMost wait: Duration) -> SiteChanges {
        Thread.sleep(forTimeInterval: Double(wait.milliseconds) / 1000)
        let current = scan()
        var changes = SiteChanges()
        for (path, stamp) in current where stamps[path] != stamp { changes.paths.insert(path) }
        for path in stamps.keys where current[path] == nil { changes.paths.insert(path) }
        stamps = current
        return changes
    }

    func close() {}
}

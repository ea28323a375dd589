import Foundation

/// A temporary folder of a branch publish's own: the streams of new blobs for `git fast-import`, and the index file
/// the branch's tree is built in. Removed when the publish ends, however it ends.
struct ScratchFolder: Sendable {
    let root: String
    var index: String { root + "/index" }

    init() throws(PublishError) {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("tracker-publish-\(UUID().uuidString)").path
        do {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        } catch {
            throw .failed("cannot create a temporary folder: \(error.localizedDescription)")
        }
    }

    func remove() { FileTree.remove(root) }
}

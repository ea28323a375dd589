import Foundation
import Testing
@testable import TrackerCore
import TrackerTestSupport

/// Symbolic links in `static/` and in bundles are followed, except one leading back to a folder that holds
/// it: `static/loop` → `.` made every build list `loop/loop/loop/…` until the path was too long, and two such
/// links made it run forever.
@Suite struct FileTreeLinksTestSuite {
    /// `FileTree.files(under:)`, given at most 30 s: a listing that loops fails the test instead of hanging it.
    func listed(_ root: String) -> [String]? { resultWithin(seconds: 30) { FileTree.files(under: root) } }

    @Test func linksAreFollowedExceptBackIntoAFolderThatHoldsThem() throws {
        let root = NSTemporaryDirectory() + "tracker-links-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        let files = FileManager.default
        try files.createDirectory(atPath: root + "/static/images/deep", withIntermediateDirectories: true)
        try files.createDirectory(atPath: root + "/outside", withIntermediateDirectories: true)
        for file in ["static/a.txt", "static/images/logo.png", "static/images/deep/x.txt", "outside/o.txt"] {
            try Data(file.utf8).write(to: URL(fileURLWithPath: root + "/" + file))
        }
        let links = [
            "static/loop": ".", "static/images/deep/up": "../..",   // back to a folder that holds them: left out
            "static/pictures": "images", "static/elsewhere": "../outside",   // to other folders: followed
            "outside/back": "../static",   // reached through `elsewhere`, it leads back to static/: left out
            "static/file-link.txt": "a.txt", "static/dangling": "nowhere",
        ]
        for (link, target) in links { try files.createSymbolicLink(atPath: root + "/" + link, withDestinationPath: target) }
        #expect(listed(root + "/static") == ["a.txt", "elsewhere/o.txt", "file-link.txt", "images/deep/x.txt", "images/logo.png",
                                             "pictures/deep/x.txt", "pictures/logo.png"])
        // Where the build lists files, a link to nothing is listed with what is wrong with it (an error, not a gap).
        var problems: [String: EntryProblem] = [:]
        let all = FileTree.files(under: root + "/static", boundary: SiteBoundary(siteDirectory: root), problems: &problems)
        #expect(all == ["a.txt", "dangling", "elsewhere/o.txt", "file-link.txt", "images/deep/x.txt", "images/logo.png",
                        "pictures/deep/x.txt", "pictures/logo.png"])
        #expect(problems == ["dangling": .broken(target: "nowhere", error: ENOENT)])
        // Two folders linking to each other, neither holding the other.
        try files.createDirectory(atPath: root + "/pair/a", withIntermediateDirectories: true)
        try files.createDirectory(atPath: root + "/pair/b", withIntermediateDirectories: true)
        try Data("b".utf8).write(to: URL(fileURLWithPath: root + "/pair/b/file.txt"))
        try files.createSymbolicLink(atPath: root + "/pair/a/to-b", withDestinationPath: "../b")
        try files.createSymbolicLink(atPath: root + "/pair/b/to-a", withDestinationPath: "../a")
        #expect(listed(root + "/pair") == ["a/to-b/file.txt", "b/file.txt"])
    }
}

import Foundation

/// A built site's files as the output check reads them: in a folder, read one at a time when they are needed (a
/// file is in memory only while it is read), or held in memory.
public struct SiteFiles: Sendable {
    public struct ReadError: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String

        public init(description: String) {
            self.description = description
        }
    }

    /// Each file's path relative to the site's root, in the build's order.
    public let paths: [String]
    /// The bytes of the files given in memory; nil for a file read from `folder`.
    private let held: [Data?]
    /// The folder the files not held in memory are in, and how errors name it.
    public let folder: String?
    let shownAs: String?

    /// Files held in memory.
    public init(_ files: [(path: String, data: Data)]) {
        paths = files.map(\.path)
        held = files.map(\.data)
        folder = nil
        shownAs = nil
    }

    /// Files written below `folder`, each at its path; errors name them below `shownAs`.
    public init(paths: [String], in folder: String, shownAs: String? = nil) {
        self.paths = paths
        held = [Data?](repeating: nil, count: paths.count)
        self.folder = folder
        self.shownAs = shownAs
    }

    public var count: Int { paths.count }
    public var indices: Range<Int> { paths.indices }

    /// The file's location on disk, when it is not held in memory.
    public func location(of index: Int) -> String? {
        guard held[index] == nil, let folder else { return nil }
        return .concatenating(folder, "/", paths[index])
    }

    /// The bytes of the file at `index`.
    public func read(_ index: Int) throws(ReadError) -> Data {
        if let data = held[index] { return data }
        guard let location = location(of: index) else { return Data() }
        if let data = FileTree.read(location) { return data }
        let reason = errno
        let shown = shownAs.map { .concatenating($0, "/", paths[index]) } ?? location
        throw ReadError(description: "cannot read \(shown): \(String(cString: strerror(reason == 0 ? EIO : reason)))")
    }
}

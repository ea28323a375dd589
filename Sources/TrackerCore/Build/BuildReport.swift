import Foundation

public struct BuildReport: Sendable {
    public init(filesWritten: Int, pages: Int, bytes: Int, seconds: Double, unchanged: Bool = false) {
        self.filesWritten = filesWritten
        self.pages = pages
        self.bytes = bytes
        self.seconds = seconds
        self.unchanged = unchanged
    }

    public let filesWritten: Int
    public let pages: Int
    public let bytes: Int
    public let seconds: Double
    /// True when nothing had changed since the last build, so nothing was rendered or written.
    public var unchanged = false
    /// Incidents and pages marked draft and left out of the build.
    public var draftsLeftOut = 0
    /// Seconds spent loading and linking, then rendering each kind of page (summed over threads), when measured.
    public var timings: [(name: String, seconds: Double, count: Int)] = []
}

/// A site rendered in memory: every output file, by path relative to the output folder.
public struct RenderedSite: Sendable {
    public let config: SiteConfig
    public let files: [(path: String, data: Data)]
    public let pages: Int
}

public enum BuildError: Error, CustomStringConvertible {
    case content(DiagnosticList)
    case output(String)

    public var description: String {
        switch self {
        case .content(let list): return list.description
        case .output(let message): return "error: \(message)"
        }
    }
}

import Foundation

/// One problem found in a site, reported as `path:line:col: error: message`, or `warning:` for what only
/// `--strict` reports (`SiteLinker.strictWarnings`).
public struct Diagnostic: Error, Sendable, Hashable, Comparable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var column: Int
    public var message: String
    public var isWarning: Bool

    public init(path: String, line: Int, column: Int, message: String, isWarning: Bool = false) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        self.isWarning = isWarning
    }

    public var description: String {
        "\(path):\(line):\(column): \(isWarning ? "warning" : "error"): \(message)"
    }

    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        (lhs.path, lhs.line, lhs.column, lhs.message) < (rhs.path, rhs.line, rhs.column, rhs.message)
    }
}

/// Every problem of a build at once, sorted by path, line and column.
public struct DiagnosticList: Error, Sendable, CustomStringConvertible {
    public let diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics.sorted() }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

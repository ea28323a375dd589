/// A position in a content file, 1-based.
public struct SourceLocation: Sendable, Hashable {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

/// Collects the problems found in one file.
final class DiagnosticCollector {
    let path: String
    private(set) var diagnostics: [Diagnostic] = []

    init(path: String) { self.path = path }

    func error(_ message: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(path: path, line: location.line, column: location.column, message: message))
    }
}

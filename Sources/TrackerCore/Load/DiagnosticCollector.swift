/// A position in a content file, 1-based.
public struct SourceLocation: Sendable, Hashable {
    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = Int32(clamping: newValue) }
    }
    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = Int32(clamping: newValue) }
    }
    /// Held in 32 bits each: a site keeps a location for every citation of every incident (8 bytes of each
    /// 32 of a citation's reference, a large build's megabytes). A number past 2³¹ − 1, a line of a file
    /// of more than two gigabytes, would be held as that largest number.
    private var storedLine: Int32
    private var storedColumn: Int32

    public init(line: Int, column: Int) {
        storedLine = Int32(clamping: line)
        storedColumn = Int32(clamping: column)
    }
}

/// Collects the problems found in one file.
final class DiagnosticCollector {
    let path: String
    private(set) var diagnostics: [Diagnostic] = []
    /// What the file gets right enough to be built, but `tracker check` reports and `--strict` fails on.
    private(set) var warnings: [Diagnostic] = []

    init(path: String) { self.path = path }

    func error(_ message: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(path: path, line: location.line, column: location.column, message: message))
    }

    /// Errors only if one of their ids names a source (`CitationProblem.sourceIDs`): the linker decides.
    private(set) var ifSource: [ConditionalDiagnostic] = []

    func error(_ message: String, at location: SourceLocation, ifOneIsASource ids: [String]) {
        ifSource.append(ConditionalDiagnostic(sourceIDs: ids, diagnostic: Diagnostic(path: path, line: location.line, column: location.column, message: message)))
    }

    func warning(_ message: String, at location: SourceLocation) {
        warnings.append(Diagnostic(path: path, line: location.line, column: location.column, message: message, isWarning: true))
    }
}

/// An error that holds only if one of `sourceIDs` names a source of the site, which only linking knows.
struct ConditionalDiagnostic: Sendable, Hashable {
    let sourceIDs: [String]
    let diagnostic: Diagnostic
}

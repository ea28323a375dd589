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

    /// One line, whatever the path and the message hold: a control character (a newline in a file's name, an
    /// escape quoted from a value) is written as an escape (`\n`, `\u{1B}`), so that it can neither break the
    /// line nor drive the terminal.
    public var description: String {
        "\(Self.printable(path)):\(line):\(column): \(isWarning ? "warning" : "error"): \(Self.printable(message))"
    }

    /// `text` with each control character (C0, DEL and C1) written as Swift writes it in a string literal.
    static func printable(_ text: String) -> String {
        func isControl(_ scalar: Unicode.Scalar) -> Bool { scalar.value < 0x20 || (0x7F ... 0x9F).contains(scalar.value) }
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var printable = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard isControl(scalar) else {
                printable.append(scalar)
                continue
            }
            let escape = switch scalar {
            case "\n": "\\n"
            case "\t": "\\t"
            case "\r": "\\r"
            default: "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
            printable.append(contentsOf: escape.unicodeScalars)
        }
        return String(printable)
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

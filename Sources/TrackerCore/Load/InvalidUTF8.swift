/// Where a file that is not UTF-8 first stops being UTF-8: the line and column of the first byte that
/// starts no character (a Latin-1 "é" saved as one byte, a sequence cut short, an overlong form), for
/// an error that points at it rather than at the file's first line.
struct InvalidUTF8: Equatable {
    /// 1-based; lines end at "\n".
    let line: Int
    /// 1-based, counted in characters (Unicode scalars) as the other errors' columns are.
    let column: Int
    /// The byte at that place: the first of the sequence that is not UTF-8.
    let byte: UInt8

    init(line: Int, column: Int, byte: UInt8) {
        (self.line, self.column, self.byte) = (line, column, byte)
    }

    /// The first place in `bytes` that is not UTF-8; nil when all of it is.
    init?(in bytes: some Collection<UInt8>) {
        var iterator = bytes.makeIterator()
        var decoder = Unicode.UTF8()
        var offset = bytes.startIndex
        var line = 1
        var column = 1
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                offset = bytes.index(offset, offsetBy: UTF8.width(scalar))
                if scalar == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .emptyInput:
                return nil
            case .error:
                (self.line, self.column, byte) = (line, column, bytes[offset])
                return
            }
        }
    }

    /// The error for a file that is not UTF-8; `what` names it ("the file", "template").
    static func diagnostic(path: String, _ bytes: some Collection<UInt8>, what: String) -> Diagnostic {
        guard let place = InvalidUTF8(in: bytes) else {
            return Diagnostic(path: path, line: 1, column: 1, message: "\(what) is not valid UTF-8 text; save it as UTF-8")
        }
        let hex = String(place.byte, radix: 16, uppercase: true)
        return Diagnostic(path: path, line: place.line, column: place.column,
                          message: "\(what) is not valid UTF-8 text: byte 0x\(hex.count == 1 ? "0" + hex : hex) here starts no character; save the file as UTF-8")
    }
}

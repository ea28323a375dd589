/// A calendar date known to the year, the month or the day, as the sources allow.
/// The precision is kept: `2024-02` stays "February 2024", never becomes 1 February.
public struct PartialDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public enum Precision: Int, Sendable, Comparable {
        case year, month, day
        public static func < (lhs: Precision, rhs: Precision) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public var year: Int { Int(storedYear) }
    public var month: Int? { storedMonth == 0 ? nil : Int(storedMonth) }
    public var day: Int? { storedDay == 0 ? nil : Int(storedDay) }

    // Eight bytes rather than forty: a large site holds several dates per incident and one per event
    // (its timeline entries too) until its pages are written. Months and days are 1 or more, so 0 stands for none.
    private let storedYear: Int32
    private let storedMonth: UInt8
    private let storedDay: UInt8

    public var precision: Precision { day != nil ? .day : (month != nil ? .month : .year) }

    public enum ParseError: Error, Equatable {
        case malformed
        /// Year 0000: the calendar has none, and HTML's `<time datetime>` refuses it.
        case yearZero
        case monthOutOfRange(Int)
        case dayOutOfRange(day: Int, daysInMonth: Int)
    }

    /// `month` and `day`, when given, are 1 or more (as `parse` makes them).
    public init(year: Int, month: Int? = nil, day: Int? = nil) {
        storedYear = Int32(year)
        storedMonth = UInt8(month ?? 0)
        storedDay = UInt8(day ?? 0)
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, rejecting impossible dates such as 2024-02-30.
    public static func parse(_ text: String) throws(ParseError) -> PartialDate {
        // Exactly `DDDD`, `DDDD-DD` or `DDDD-DD-DD` (ASCII digits), read straight from the UTF-8 bytes.
        let utf8 = text.utf8
        let length = utf8.count
        guard length == 4 || length == 7 || length == 10 else { throw .malformed }
        var numbers = (0, 0, 0)
        var position = 0
        for byte in utf8 {
            if position == 4 || position == 7 {
                guard byte == UInt8(ascii: "-") else { throw .malformed }
            } else {
                guard byte >= 48 && byte <= 57 else { throw .malformed }
                let digit = Int(byte - 48)
                switch position {
                case 0..<4: numbers.0 = numbers.0 * 10 + digit
                case 5..<7: numbers.1 = numbers.1 * 10 + digit
                default: numbers.2 = numbers.2 * 10 + digit
                }
            }
            position += 1
        }
        let year = numbers.0
        guard year > 0 else { throw .yearZero }
        guard length > 4 else { return PartialDate(year: year) }
        let month = numbers.1
        guard (1...12).contains(month) else { throw .monthOutOfRange(month) }
        guard length > 7 else { return PartialDate(year: year, month: month) }
        let day = numbers.2
        let days = daysIn(month: month, year: year)
        guard (1...days).contains(day) else { throw .dayOutOfRange(day: day, daysInMonth: days) }
        return PartialDate(year: year, month: month, day: day)
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The form it was written in: `2024`, `2024-02` or `2024-02-17`.
    public var iso: String { Self.write(year: year, month: month, day: day) }

    /// The date in one word, never 0, different for every date (`DateTexts`'s key).
    var packed: UInt64 { (UInt64(UInt32(bitPattern: storedYear)) << 16 | UInt64(storedMonth) << 8 | UInt64(storedDay)) + 1 }

    public var description: String { iso }

    /// The first day the date can mean, as `YYYY-MM-DD`.
    public var earliestDay: String { Self.write(year: year, month: month ?? 1, day: day ?? 1) }

    /// The last day the date can mean, as `YYYY-MM-DD`.
    public var latestDay: String {
        let lastMonth = month ?? 12
        return Self.write(year: year, month: lastMonth, day: day ?? Self.daysIn(month: lastMonth, year: year))
    }

    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, zero-padded, written straight into the string's bytes for the
    /// usual years (0–9999) and two-digit months and days: dates are written on every page.
    static func write(year: Int, month: Int?, day: Int?) -> String {
        guard (0...9999).contains(year), (0...99).contains(month ?? 0), (0...99).contains(day ?? 0), month != nil || day == nil else {
            var text = pad(year, 4)
            if let month { text += "-" + pad(month, 2) }
            if let day { text += "-" + pad(day, 2) }
            return text
        }
        let count = day != nil ? 10 : month != nil ? 7 : 4
        return String(unsafeUninitializedCapacity: count) { bytes in
            @inline(__always) func digit(_ value: Int) -> UInt8 { UInt8(truncatingIfNeeded: 48 + value) }
            bytes[0] = digit(year / 1000)
            bytes[1] = digit(year / 100 % 10)
            bytes[2] = digit(year / 10 % 10)
            bytes[3] = digit(year % 10)
            if let month {
                bytes[4] = UInt8(ascii: "-")
                bytes[5] = digit(month / 10)
                bytes[6] = digit(month % 10)
            }
            if let day {
                bytes[7] = UInt8(ascii: "-")
                bytes[8] = digit(day / 10)
                bytes[9] = digit(day % 10)
            }
            return count
        }
    }

    /// A timestamp for feeds and sitemaps: the first moment of the date, UTC.
    public var rfc3339: String { earliestDay + "T00:00:00Z" }

    public static let monthNames = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]

    /// The date for readers, only as precise as it is known: "17 February 2024", "February 2024", "2024".
    public var display: String {
        guard let month else { return String(year) }
        let name = Self.monthNames[month - 1]
        return ShortText.make(capacity: name.utf8.count + 2 + 2 * ShortText.numberRoom) { text in
            if let day {
                text.append(day)
                text.append(" ")
            }
            text.append(name)
            text.append(" ")
            text.append(year)
        }
    }

    /// Orders by the earliest day, then puts the less precise date first.
    public static func < (lhs: PartialDate, rhs: PartialDate) -> Bool {
        let left = (lhs.year, lhs.month ?? 0, lhs.day ?? 0)
        let right = (rhs.year, rhs.month ?? 0, rhs.day ?? 0)
        return left < right
    }

    /// True when every day this date can mean lies before every day `other` can mean.
    /// Compares (year, month, day) as numbers: the same order as the zero-padded `latestDay < earliestDay` strings, without building them.
    public func isEntirelyBefore(_ other: PartialDate) -> Bool {
        let lastMonth = month ?? 12
        let last = (year, lastMonth, day ?? Self.daysIn(month: lastMonth, year: year))
        return last < (other.year, other.month ?? 1, other.day ?? 1)
    }
}

private func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}

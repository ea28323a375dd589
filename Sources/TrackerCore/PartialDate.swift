/// A calendar date known to the year, the month or the day, as the sources allow.
/// The precision is kept: `2024-02` stays "February 2024", never becomes 1 February.
public struct PartialDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public enum Precision: Int, Sendable, Comparable {
        case year, month, day
        public static func < (lhs: Precision, rhs: Precision) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public let year: Int
    public let month: Int?
    public let day: Int?

    public var precision: Precision { day != nil ? .day : (month != nil ? .month : .year) }

    public enum ParseError: Error, Equatable {
        case malformed
        case monthOutOfRange(Int)
        case dayOutOfRange(day: Int, daysInMonth: Int)
    }

    public init(year: Int, month: Int? = nil, day: Int? = nil) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, rejecting impossible dates such as 2024-02-30.
    public static func parse(_ text: String) throws(ParseError) -> PartialDate {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let widths = [4, 2, 2]
        guard (1...3).contains(parts.count) else { throw .malformed }
        var numbers: [Int] = []
        for (index, part) in parts.enumerated() {
            guard part.utf8.count == widths[index], part.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let value = Int(part) else {
                throw .malformed
            }
            numbers.append(value)
        }
        let year = numbers[0]
        guard numbers.count > 1 else { return PartialDate(year: year) }
        let month = numbers[1]
        guard (1...12).contains(month) else { throw .monthOutOfRange(month) }
        guard numbers.count > 2 else { return PartialDate(year: year, month: month) }
        let day = numbers[2]
        let length = daysIn(month: month, year: year)
        guard (1...length).contains(day) else { throw .dayOutOfRange(day: day, daysInMonth: length) }
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
    public var iso: String {
        var text = pad(year, 4)
        if let month { text += "-" + pad(month, 2) }
        if let day { text += "-" + pad(day, 2) }
        return text
    }

    public var description: String { iso }

    /// The first day the date can mean, as `YYYY-MM-DD`.
    public var earliestDay: String { "\(pad(year, 4))-\(pad(month ?? 1, 2))-\(pad(day ?? 1, 2))" }

    /// The last day the date can mean, as `YYYY-MM-DD`.
    public var latestDay: String {
        let lastMonth = month ?? 12
        return "\(pad(year, 4))-\(pad(lastMonth, 2))-\(pad(day ?? Self.daysIn(month: lastMonth, year: year), 2))"
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
        let monthYear = "\(Self.monthNames[month - 1]) \(year)"
        guard let day else { return monthYear }
        return "\(day) \(monthYear)"
    }

    /// Orders by the earliest day, then puts the less precise date first.
    public static func < (lhs: PartialDate, rhs: PartialDate) -> Bool {
        let left = (lhs.year, lhs.month ?? 0, lhs.day ?? 0)
        let right = (rhs.year, rhs.month ?? 0, rhs.day ?? 0)
        return left < right
    }

    /// True when every day this date can mean lies before every day `other` can mean.
    public func isEntirelyBefore(_ other: PartialDate) -> Bool { latestDay < other.earliestDay }
}

private func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}

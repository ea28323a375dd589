/// One locale's data from Unicode CLDR, as `scripts/gen-cldr.py` writes it into `CLDRData.swift`:
/// what `Localization` needs to write dates, numbers, country names and plural forms without ICU.
struct CLDRLocale: Sendable {
    /// A piece of a CLDR date pattern (`d MMMM y`): a field, or text written as it is.
    enum DatePart: Sendable {
        case day(padded: Bool)
        /// The month's wide name: the form used inside a date, or the one standing alone (`LLLL`: Russian "февраль 2024 г.").
        case month(standAlone: Bool)
        case year
        case text(String)
    }

    /// One relation of a plural rule: `operand [% modulus] [not] in ranges` (CLDR's `i % 10 = 2..4`).
    struct PluralRelation: Sendable {
        let operand: String
        let modulus: Int
        let negated: Bool
        let ranges: [ClosedRange<Int>]
    }

    /// A plural category and when it applies: any of `conditions` holds, each a list of relations that all hold.
    struct PluralRule: Sendable {
        let category: String
        let conditions: [[PluralRelation]]
    }

    /// CLDR's character order is right-to-left (Arabic, Persian, Urdu, Pashto…).
    let rightToLeft: Bool
    /// The ten digits of the locale's default numbering system, 0 to 9.
    let digits: String
    let decimal: String
    let group: String
    /// Digits in the group nearest the decimal point, and in the others (2 for Indian grouping: 12,34,567); 0 for none.
    let primaryGroup: Int
    let secondaryGroup: Int
    let months: [String]
    let standAloneMonths: [String]
    /// Abbreviated stand-alone names, for the chart's axis.
    let shortMonths: [String]
    let dayMonthYear: [DatePart]
    let monthYear: [DatePart]
    /// The rules of each category but `other`, which applies when none does.
    let plurals: [PluralRule]
    /// Country names in the order of `countryCodes`; empty for English (tracker's own names) or a name CLDR lacks.
    let countries: [String]

    /// The plural category of a whole number of things (`one`, `few`, `many`, `other`…).
    /// Whole numbers only: n = i, and the operands of the fraction (v, w, f, t) and exponent (c, e) are 0.
    func pluralCategory(_ count: Int) -> String {
        let n = Int(clamping: count.magnitude)
        for rule in plurals where rule.conditions.contains(where: { $0.allSatisfy { $0.holds(n) } }) {
            return rule.category
        }
        return "other"
    }
}

extension CLDRLocale.PluralRelation {
    func holds(_ n: Int) -> Bool {
        var value = (operand == "n" || operand == "i") ? n : 0
        if modulus > 0 { value %= modulus }
        return ranges.contains { $0.contains(value) } != negated
    }
}

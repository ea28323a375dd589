/// Everything a page needs in one language: the theme's strings and the locale's dates, numbers,
/// country names, plural forms and direction. Built from a BCP 47 code: `pt-BR` falls back to `pt`,
/// then to `en`, for the strings and for the locale data alike. Pure data, the same on every machine
/// (the locale data is CLDR's, generated into `CLDRData.swift`; nothing is asked of ICU).
public struct Localization: Sendable {
    /// The code it was made for (`ur`, `pt-BR`).
    public let code: String
    /// The locale's data, the strings and the summaries behind one reference: every date, summary and timeline
    /// entry a page shows takes a copy of its `Localization`, which then retains one object rather than each
    /// of the locale's dozen arrays and strings.
    private var storage: Storage
    var locale: CLDRLocale { storage.locale }
    var strings: ThemeStrings.Table { storage.strings }
    static let summarized = 8

    private final class Storage: Sendable {
        let locale: CLDRLocale
        let strings: ThemeStrings.Table
        /// `originSummary` for the counts most records have (fewer than `summarized` sources and origins),
        /// written once rather than on every page and timeline entry that shows them.
        let originSummaries: [[String]]
        /// `string("list_separator")`, looked up once: every origin summary and list value joins with it.
        let listSeparator: String
        /// `plural`'s texts as made: asked for every incident's duration and every source's citations, with
        /// counts that repeat (a form, a dictionary for `fill` and a new string cost about 4,500 instructions).
        let plurals = KeyedMemo<PluralKey, String>()
        /// The dates as pages show them, shared by every `Localization` of the same code.
        let dates: DateTexts

        init(code: String, locale: CLDRLocale, strings: ThemeStrings.Table, originSummaries: [[String]], listSeparator: String) {
            dates = DateTexts.shared(code)
            self.locale = locale
            self.strings = strings
            self.originSummaries = originSummaries
            self.listSeparator = listSeparator
        }
    }

    /// The codes to try for `code`, most specific first: `pt-BR` → `pt-BR`, `pt`, `en`.
    static func fallbacks(_ code: String) -> [String] {
        var codes: [String] = []
        var parts = code.split(separator: "-").map(String.init)
        while !parts.isEmpty {
            codes.append(parts.joined(separator: "-"))
            parts.removeLast()
        }
        if !codes.contains("en") { codes.append("en") }
        return codes
    }

    init(code: String, strings: ThemeStrings) {
        self.code = code
        let chain = Self.fallbacks(code)
        let locale = chain.lazy.compactMap { CLDRLocale.all[$0] ?? CLDRLocale.all[$0.lowercased()] }.first ?? CLDRLocale.all["en"]!
        let table = strings.table(for: chain)
        storage = Storage(code: code, locale: locale, strings: table, originSummaries: [], listSeparator: "")
        let summaries = (0 ..< Self.summarized).map { sources in
            (0 ..< Self.summarized).map { origins in summary(sources: sources, origins: origins) }
        }
        storage = Storage(code: code, locale: locale, strings: table, originSummaries: summaries, listSeparator: string("list_separator"))
    }

    /// The theme's string for `key`; the key itself when no file has it (the theme check reports it first).
    public func string(_ key: String) -> String {
        switch strings[key] {
        case .text(let text): return text
        case .plural(let forms): return forms["other"] ?? key
        case nil: return key
        }
    }

    /// The form of `key` for `count` things, by the language's CLDR plural rules, with `{count}` replaced
    /// by the number in the locale's digits (`numeral`): "1 incident", "3 incidents".
    public func plural(_ key: String, count: Int) -> String {
        storage.plurals.value(PluralKey(key: key, count: count)) { makePlural(key, count: count) }
    }

    /// `plural`'s memo key: the count alone is hashed (a theme has a few plural keys, told apart by `==`).
    struct PluralKey: Hashable, Sendable {
        let key: String
        let count: Int

        func hash(into hasher: inout Hasher) { hasher.combine(count) }
    }

    private func makePlural(_ key: String, count: Int) -> String {
        let template: String
        switch strings[key] {
        case .plural(let forms): template = forms[locale.pluralCategory(count)] ?? forms["other"] ?? key
        case .text(let text): template = text
        case nil: template = key
        }
        return Self.fill(template, ["count": numeral(count)])
    }

    /// `key`'s text cut at its placeholders, in order, for a template that puts markup where they are:
    /// "Not yet translated into {language}." → text "Not yet translated into ", placeholder "language", text ".".
    public func pieces(_ key: String) -> [(text: String?, placeholder: String?)] {
        var pieces: [(text: String?, placeholder: String?)] = []
        var rest = string(key)[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            if open > rest.startIndex { pieces.append((String(rest[..<open]), nil)) }
            pieces.append((nil, String(rest[rest.index(after: open)..<close])))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { pieces.append((String(rest), nil)) }
        return pieces
    }

    /// A string with `{name}` placeholders filled in, in one pass: a value holding braces is not read again.
    public func format(_ key: String, _ values: [String: String]) -> String { Self.fill(string(key), values) }

    static func fill(_ template: String, _ values: [String: String]) -> String {
        // Byte by byte: `{` and `}` are ASCII, and a template has a placeholder or two.
        var template = template
        return template.withUTF8 { bytes -> String? in
            guard var open = bytes.firstIndex(of: UInt8(ascii: "{")) else { return nil }
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count + 32)
            result.append(contentsOf: bytes[..<open])
            var index = open
            while index < bytes.count {
                open = index
                guard bytes[open] == UInt8(ascii: "{") else {
                    result.append(bytes[index])
                    index += 1
                    continue
                }
                if let close = bytes[(open + 1)...].firstIndex(of: UInt8(ascii: "}")),
                    let value = values.first(where: { $0.key.utf8.elementsEqual(bytes[(open + 1)..<close]) })?.value
                {
                    result.append(contentsOf: value.utf8)
                    index = close + 1
                } else {
                    result.append(UInt8(ascii: "{"))
                    index = open + 1
                }
            }
            return String(decoding: result, as: UTF8.self)
        } ?? template
    }

    /// The date as precisely as it is known: "17 February 2024", "February 2024", "2024"; "فروری 2024".
    public func date(_ date: PartialDate) -> String { storage.dates.display(date, display: written) }

    /// The date's context in a page: `iso` (`2024-02-17`) and `display` (`date(_:)`); one value per date, shared.
    func dateContext(_ date: PartialDate) -> TemplateValue { storage.dates.context(date, display: written) }

    /// `date(_:)`, written.
    func written(_ date: PartialDate) -> String {
        guard let month = date.month else { return digits(date.year) }
        guard let day = date.day else { return monthYear(year: date.year, month: month) }
        return write(locale.dayMonthYear, year: date.year, month: month, day: day)
    }

    /// A month of a year: "February 2024", "фев­раль 2024 г.".
    public func monthYear(year: Int, month: Int) -> String {
        write(locale.monthYear, year: year, month: month, day: 1)
    }

    /// The wide name of a month (1–12), as it stands alone.
    public func monthName(_ month: Int) -> String { locale.standAloneMonths[month - 1] }

    /// The abbreviated name of a month (1–12), for the chart's axis: "Feb".
    public func shortMonthName(_ month: Int) -> String { locale.shortMonths[month - 1] }

    /// The label of a fixed value of the schema (`type_service_block`, `status_ongoing`…).
    /// Each key is a constant: a key made per call (Foundation's `replacingOccurrences` for the type) cost
    /// thousands of instructions, and search entries and feeds ask for labels per item.
    public func label(_ type: IncidentType) -> String {
        switch type {
        case .fullShutdown: return string("type_full_shutdown")
        case .mobileShutdown: return string("type_mobile_shutdown")
        case .throttling: return string("type_throttling")
        case .serviceBlock: return string("type_service_block")
        }
    }

    public func label(_ status: IncidentStatus) -> String {
        switch status {
        case .ongoing: return string("status_ongoing")
        case .resolved: return string("status_resolved")
        case .unknown: return string("status_unknown")
        }
    }

    public func label(_ verification: Verification) -> String {
        switch verification {
        case .confirmed: return string("verification_confirmed")
        case .reported: return string("verification_reported")
        case .disputed: return string("verification_disputed")
        }
    }

    public func label(_ kind: SourceKind) -> String {
        switch kind {
        case .news: return string("kind_news")
        case .wire: return string("kind_wire")
        case .ngo: return string("kind_ngo")
        case .measurement: return string("kind_measurement")
        case .government: return string("kind_government")
        case .court: return string("kind_court")
        case .social: return string("kind_social")
        }
    }

    /// A whole number in the locale's digits, without grouping: "1234", "۱۲۳۴" (years, counts in running text).
    public func numeral(_ value: Int) -> String { digits(String(value)) }

    /// A whole number with the locale's digits and grouping: "1,234", "۱٬۲۳۴", "1 234".
    public func number(_ value: Int) -> String {
        let raw = String(value.magnitude)  // not abs(value): Int.min has no positive Int
        var groups: [Substring] = []
        var end = raw.endIndex
        var size = locale.primaryGroup
        while size > 0, raw.distance(from: raw.startIndex, to: end) > size {
            let start = raw.index(end, offsetBy: -size)
            groups.insert(raw[start..<end], at: 0)
            end = start
            size = locale.secondaryGroup
        }
        groups.insert(raw[raw.startIndex..<end], at: 0)
        let grouped = groups.joined(separator: locale.group)
        return (value < 0 ? "-" : "") + digits(grouped)
    }

    /// The country's name in this language; tracker's English name when CLDR has none (and for English).
    public func countryName(_ iso: String) -> String {
        if !locale.countries.isEmpty, let index = Self.countryIndex[iso], !locale.countries[index].isEmpty {
            return locale.countries[index]
        }
        return CountryCodes.names[iso] ?? iso
    }

    /// "3 sources from 2 independent origins", "1 source from 1 origin" (`origins_summary`).
    /// The theme's `list_separator` (", " in English).
    var listSeparator: String { storage.listSeparator }

    public func originSummary(_ count: OriginCount) -> String {
        let (sources, origins) = (count.sourceCount, count.originCount)
        if sources < storage.originSummaries.count, origins < Self.summarized { return storage.originSummaries[sources][origins] }
        return summary(sources: sources, origins: origins)
    }

    private func summary(sources: Int, origins: Int) -> String {
        format("origins_summary", ["sources": plural("sources_count", count: sources), "origins": plural("origins_count", count: origins)])
    }

    /// A custom field's value for readers in this language (`CustomValue.display` in English).
    func display(_ value: CustomValue) -> String {
        switch value {
        case .string(let text): text
        case .integer(let number): self.number(number)
        case .number: digits(String(value.display.map { $0 == "," ? "\u{0}" : $0 }).replacingOccurrences(of: ".", with: locale.decimal)
                                 .replacingOccurrences(of: "\u{0}", with: locale.group))
        case .boolean(let flag): string(flag ? "yes" : "no")
        case .date(let date): self.date(date)
        case .list(let items): items.joined(separator: listSeparator)
        }
    }

    static let countryIndex = Dictionary(uniqueKeysWithValues: CLDRLocale.countryCodes.enumerated().map { ($1, $0) })

    private func digits(_ value: Int) -> String { digits(String(value)) }

    /// ASCII digits in `text` replaced by the locale's own (unchanged where it uses 0–9).
    private func digits(_ text: String) -> String {
        guard locale.digits != "0123456789" else { return text }
        let native = Array(locale.digits)
        return String(text.map { $0.isASCII && $0.isNumber ? native[Int($0.asciiValue! - 48)] : $0 })
    }

    private func write(_ parts: [CLDRLocale.DatePart], year: Int, month: Int, day: Int) -> String {
        func monthName(standAlone: Bool) -> String { (standAlone ? locale.standAloneMonths : locale.months)[month - 1] }
        // With the digits 0–9, written in one buffer (`ShortText`).
        if locale.digits == "0123456789" {
            var room = 0
            for part in parts {
                switch part {
                case .day, .year: room += ShortText.numberRoom
                case .month(let standAlone): room += monthName(standAlone: standAlone).utf8.count
                case .text(let literal): room += literal.utf8.count
                }
            }
            return ShortText.make(capacity: room) { text in
                for part in parts {
                    switch part {
                    case .day(let padded): text.append(day, width: padded ? 2 : 1)
                    case .month(let standAlone): text.append(monthName(standAlone: standAlone))
                    case .year: text.append(year)
                    case .text(let literal): text.append(literal)
                    }
                }
            }
        }
        var text = ""
        for part in parts {
            switch part {
            case .day(let padded): text += digits(padded && day < 10 ? "0\(day)" : String(day))
            case .month(let standAlone): text += monthName(standAlone: standAlone)
            case .year: text += digits(year)
            case .text(let literal): text += literal
            }
        }
        return text
    }
}

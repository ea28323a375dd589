import Foundation

/// Access Now's STOP dataset (the #KeepItOn Shutdown Tracker Optimization Project): its CSV columns, and how
/// their values map to an incident's fields both ways, for `tracker import stop` and `data/incidents.stop.csv`.
/// Each mapping is written once here, so what the export writes the import reads back unchanged.
enum StopDataset {
    /// STOP's columns, in its order: the export's header.
    static let columns = [
        "start_date_type", "start_date", "country", "geo_scope", "area_name", "shutdown_type", "affected_network",
        "shutdown_extent", "ordered_by", "decision_maker", "actual_cause", "actual_cause_details", "info_source",
        "info_source_link", "shutdown_status", "end_date", "duration", "gov_justification", "gov_ack",
        "facebook_affected", "twitter_affected", "whatsapp_affected", "instagram_affected", "telegram_affected",
        "other_affected", "sms_affected", "event", "an_link",
    ]

    /// The columns a file must have to be read as STOP's.
    static let requiredColumns = ["country", "start_date"]

    /// The yes/no `*_affected` columns, and the platform each names.
    static let serviceColumns: [(column: String, platform: String)] = [
        ("facebook_affected", "Facebook"), ("twitter_affected", "X"), ("whatsapp_affected", "WhatsApp"),
        ("instagram_affected", "Instagram"), ("telegram_affected", "Telegram"), ("sms_affected", "SMS"),
    ]

    /// The platforms a full shutdown or throttling cuts, from `affected_network`; `Internet` when it names none.
    static let mobileInternet = "Mobile internet", fixedLineInternet = "Fixed-line internet", internet = "Internet"
    static let networkPlatforms: Set<String> = [mobileInternet, fixedLineInternet, internet]

    // MARK: Type and platforms

    /// The incident type of a row, from `shutdown_type` (or `shutdown_extent` when the type is blank); nil when neither names one.
    static func incidentType(shutdownType: String, extent: String, network: String) -> IncidentType? {
        let text = (shutdownType.isEmpty ? extent : shutdownType).lowercased()
        if text.contains("full") || text.contains("network") || text.contains("blackout") {
            return networks(network) == [mobileInternet] ? .mobileShutdown : .fullShutdown
        }
        if text.contains("throttl") || text.contains("bandwidth") { return .throttling }
        if text.contains("service") || text.contains("block") { return .serviceBlock }
        return nil
    }

    /// `affected_network` as platforms: "Mobile, Broadband" → Mobile internet, Fixed-line internet.
    static func networks(_ text: String) -> [String] {
        let text = text.lowercased()
        var platforms: [String] = []
        if text.contains("mobile") || text.contains("cellular") { platforms.append(mobileInternet) }
        if text.contains("broadband") || text.contains("fixed") { platforms.append(fixedLineInternet) }
        return platforms
    }

    /// A row's platforms: the networks a shutdown or throttling cut (`Internet` when unnamed), then the services
    /// marked affected and those `other_affected` names. Empty for a service block that names no service. Each
    /// platform once, as an incident must list it: of two names with one page ("Mobile internet" in
    /// `other_affected` of a mobile shutdown, "Whats App" and "whats-app"), the first.
    static func platforms(type: IncidentType, network: String, services: [String]) -> [String] {
        var slugs: Set<String> = []
        return allPlatforms(type: type, network: network, services: services).filter { slugs.insert(Slug.make($0)).inserted }
    }

    private static func allPlatforms(type: IncidentType, network: String, services: [String]) -> [String] {
        switch type {
        case .serviceBlock: return services
        case .mobileShutdown: return [mobileInternet] + services
        case .fullShutdown:
            let cut = networks(network)
            return (cut.isEmpty ? [internet] : cut) + services
        case .throttling:
            let cut = networks(network)
            return cut.isEmpty && services.isEmpty ? [internet] : cut + services
        }
    }

    /// The services a row marks affected: the yes/no columns in order, then the names in `other_affected`.
    static func services(_ row: (String) -> String) -> [String] {
        var names = serviceColumns.filter { isYes(row($0.column)) }.map(\.platform)
        for name in otherPlatforms(row("other_affected")) where !names.contains(where: { samePlatform($0, name) }) {
            names.append(name)
        }
        return names
    }

    /// The platform names in `other_affected` ("YouTube, TikTok"); none for a bare yes/no.
    static func otherPlatforms(_ text: String) -> [String] {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, !isYes(trimmed), !isNo(trimmed) else { return [] }
        return trimmed.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == "\n" })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// True when `other_affected` says yes without naming a platform.
    static func isBareYes(_ text: String) -> Bool { isYes(text.trimmingCharacters(in: .whitespaces)) }

    static func isYes(_ text: String) -> Bool { ["yes", "y", "true", "1", "x"].contains(text.lowercased()) }
    static func isNo(_ text: String) -> Bool { ["no", "n", "false", "0", "unknown", "n/a", "na", "-"].contains(text.lowercased()) }

    /// "Twitter" and "X" are one platform.
    static func samePlatform(_ a: String, _ b: String) -> Bool { canonical(a) == canonical(b) }
    /// Each of `serviceColumns`' platforms as `samePlatform` compares it.
    private static let serviceCanonicalNames = serviceColumns.map { canonical($0.platform) }
    private static func canonical(_ name: String) -> String {
        let lower = name.lowercased()
        return lower == "twitter" ? "x" : lower
    }

    /// The STOP values of an incident's type and platforms: shutdown_type, affected_network, each yes/no
    /// column's value (`affected`, in `serviceColumns`' order) and other_affected.
    static func stopValues(type: IncidentType, platforms: [String]) -> (shutdownType: String, network: String, affected: [String], other: String) {
        let shutdownType: String
        switch type {
        case .fullShutdown, .mobileShutdown: shutdownType = "Full network"
        case .throttling: shutdownType = "Throttling"
        case .serviceBlock: shutdownType = "Service-based"
        }
        var network: [String] = []
        if type == .mobileShutdown || platforms.contains(mobileInternet) { network.append("Mobile") }
        if type != .mobileShutdown && platforms.contains(fixedLineInternet) { network.append("Broadband") }
        // Compared as `samePlatform` compares them, each name made canonical once (lowercasing is the slow part).
        let names = platforms.map(canonical)
        let affected = serviceCanonicalNames.map { names.contains($0) ? "Yes" : "" }
        let other = zip(platforms, names).filter { name, canonicalName in
            !networkPlatforms.contains(name) && !serviceCanonicalNames.contains(canonicalName)
        }
        return (shutdownType, type == .serviceBlock ? "" : network.joined(separator: ", "), affected, other.map(\.0).joined(separator: ", "))
    }

    // MARK: Status

    /// `shutdown_status` as a status: "Ongoing", "Ended" (or resolved, restored, lifted); unknown otherwise,
    /// and resolved when the status is blank but the row has an end.
    static func status(_ text: String, hasEnd: Bool) -> IncidentStatus {
        let lower = text.lowercased()
        if lower.contains("ongoing") || lower.contains("active") { return .ongoing }
        if ["ended", "end", "resolved", "restored", "lifted", "over"].contains(where: { lower.contains($0) }) { return .resolved }
        return lower.isEmpty && hasEnd ? .resolved : .unknown
    }

    static func stopStatus(_ status: IncidentStatus) -> String {
        switch status {
        case .ongoing: return "Ongoing"
        case .resolved: return "Ended"
        case .unknown: return ""
        }
    }

    // MARK: Dates

    /// A STOP date: `MM/DD/YYYY` (some releases; `M/D/YYYY` too, and `MM/YYYY`) or `YYYY-MM-DD` (others; `YYYY-MM`
    /// and `YYYY` too). A time after the date ("2/8/2024 0:00", as spreadsheets save it) is ignored. Nil when it is neither.
    static func date(_ text: String) -> PartialDate? {
        guard let token = text.split(whereSeparator: { $0 == " " || $0 == "T" }).first.map(String.init) else { return nil }
        let parts = token.split(separator: "/", omittingEmptySubsequences: false)
        let iso: String
        switch parts.count {
        case 1: iso = token
        case 2, 3:
            guard parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
                  let year = parts.last, year.count == 4 else { return nil }
            let month = parts[0].count == 1 ? "0" + parts[0] : String(parts[0])
            if parts.count == 2 {
                iso = "\(year)-\(month)"
            } else {
                let day = parts[1].count == 1 ? "0" + parts[1] : String(parts[1])
                iso = "\(year)-\(month)-\(day)"
            }
        default: return nil
        }
        return try? PartialDate.parse(iso)
    }

    /// Whole days from the start's day to the end's, both counted; nil unless both are full dates.
    static func durationInDays(start: PartialDate, end: PartialDate?) -> Int? {
        guard let end, start.precision == .day, end.precision == .day else { return nil }
        // Counted in the proleptic Gregorian calendar without a formatter (making one per row cost 1.4 s on
        // 10,000 incidents); Foundation's answer is kept before 1600, where its calendar may switch to Julian.
        if start.year >= 1600 && end.year >= 1600 {
            return DayNumber.earliest(end) - DayNumber.earliest(start) + 1
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        guard let from = formatter.date(from: start.iso), let to = formatter.date(from: end.iso) else { return nil }
        return Int((to.timeIntervalSince(from) / 86_400).rounded()) + 1
    }

    // MARK: Sources

    /// `info_source` values and the source kinds they stand for (checked in order: "Social media" is social).
    static let kindWords: [(words: [String], kind: SourceKind)] = [
        (["court", "judicia"], .court), (["government", "official", "authorit", "ministry"], .government),
        (["measurement", "ooni", "netblocks", "ioda", "cloudflare"], .measurement), (["social", "first-hand", "witness"], .social),
        (["wire"], .wire), (["civil society", "ngo", "cso", "rights"], .ngo), (["media", "news", "press"], .news),
    ]

    static func sourceKind(_ text: String) -> SourceKind {
        let lower = text.lowercased()
        return kindWords.first { $0.words.contains(where: { lower.contains($0) }) }?.kind ?? .news
    }

    static func stopLabel(_ kind: SourceKind) -> String {
        switch kind {
        case .news: return "Media"
        case .wire: return "Wire"
        case .ngo: return "Civil society"
        case .measurement: return "Network measurement"
        case .government: return "Government"
        case .court: return "Court"
        case .social: return "Social media"
        }
    }

    /// The kind of each of a row's links: `info_source` read one entry per link when it has as many, else its
    /// first entry for all ("Media" for a single link, "Media, Government" for two).
    static func sourceKinds(_ text: String, links: Int) -> [SourceKind] {
        let entries = text.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == "\n" })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if entries.count == links { return entries.map(sourceKind) }
        return Array(repeating: sourceKind(entries.first ?? ""), count: links)
    }

    /// The web addresses in `info_source_link`, which may hold several (one a line, or separated by spaces or
    /// commas), each with any character no address may hold escaped (`WebAddress.escaped`); second, each line's
    /// other words, which are not http(s) addresses; third, each address escaped, as written and as imported.
    static func links(_ text: String) -> (links: [String], other: [String], escaped: [(String, String)]) {
        var links: [String] = [], other: [String] = [], escaped: [(String, String)] = []
        for line in text.split(whereSeparator: \.isNewline) {
            var words: [String] = []
            for word in line.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
                var word = String(word)
                while let last = word.last, last == "," || last == ";" { word.removeLast() }
                if word.isEmpty { continue }
                if !WebAddress.isHTTP(word) {
                    words.append(word)
                } else if WebAddress.characterProblem(word) != nil {
                    links.append(WebAddress.escaped(word))
                    escaped.append((word, links.last!))
                } else {
                    links.append(word)
                }
            }
            if !words.isEmpty { other.append(words.joined(separator: " ")) }
        }
        return (links, other, escaped)
    }

    // MARK: Countries

    /// A country's ISO 3166-1 alpha-2 code from its name as STOP spells it ("Russia", "DRC", "Côte d’Ivoire"),
    /// its ISO name, or its code.
    static func countryCode(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.count == 2, CountryCodes.names[trimmed.uppercased()] != nil { return trimmed.uppercased() }
        return codesByName[normalizedName(trimmed)]
    }

    /// The names STOP (and news) use that are not ISO's short names.
    static let countryAliases: [String: String] = [
        "democratic republic of the congo": "CD", "democratic republic of congo": "CD", "dr congo": "CD", "drc": "CD",
        "congo kinshasa": "CD", "republic of the congo": "CG", "republic of congo": "CG", "congo brazzaville": "CG",
        "ivory coast": "CI", "russia": "RU", "swaziland": "SZ", "burma": "MM", "czech republic": "CZ",
        "macedonia": "MK", "usa": "US", "united states of america": "US", "uk": "GB", "great britain": "GB",
        "turkey": "TR", "palestine": "PS", "palestinian territories": "PS", "brunei": "BN", "cape verde": "CV",
        "micronesia": "FM", "vatican": "VA", "east timor": "TL", "kyrgyz republic": "KG", "syrian arab republic": "SY",
        "iran islamic republic of": "IR", "tanzania united republic of": "TZ", "united republic of tanzania": "TZ",
        "venezuela bolivarian republic of": "VE", "viet nam": "VN", "lao pdr": "LA", "lao people s democratic republic": "LA",
        "korea republic of": "KR", "republic of korea": "KR", "korea democratic people s republic of": "KP",
        "moldova republic of": "MD", "republic of moldova": "MD", "bolivia plurinational state of": "BO",
        "macau": "MO", "hong kong sar": "HK", "uae": "AE", "drc congo": "CD",
    ]

    private static let codesByName: [String: String] = {
        var codes: [String: String] = [:]
        for (code, name) in CountryCodes.names { codes[normalizedName(name)] = code }
        for (name, code) in countryAliases { codes[name] = code }
        return codes
    }()

    /// Lowercase, without accents or a leading "the", every run of other characters one space:
    /// "Côte d'Ivoire" → "cote d ivoire", "The Gambia" → "gambia".
    static func normalizedName(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US_POSIX"))
            .replacingOccurrences(of: "&", with: " and ")
        let words = folded.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        return (words.first == "the" ? words.dropFirst() : words[...]).joined(separator: " ")
    }

    /// The country names a misspelt one may have meant, for the skip note's hint: made once, asked for every row
    /// whose country is not known.
    static let countryNames = Suggestion(CountryCodes.names.values)
}

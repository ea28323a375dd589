import Foundation
import Testing
@testable import TrackerCore

/// `Localization`: the theme's strings and CLDR's dates, numbers, names, plurals and direction, by language.
@Suite struct LocalizationTestSuite {
    static let theme = try! Theme.builtIn().get()
    func l(_ code: String) -> Localization { Self.theme.localization(code) }

    @Test func datesKeepTheirPrecisionInEveryLanguage() {
        let day = PartialDate(year: 2024, month: 2, day: 17), month = PartialDate(year: 2024, month: 2), year = PartialDate(year: 2024)
        #expect([day, month, year].map(l("en").date) == ["17 February 2024", "February 2024", "2024"])
        #expect([day, month, year].map(l("ur").date) == ["17 فروری، 2024", "فروری 2024", "2024"])
        #expect([day, month, year].map(l("ru").date) == ["17 февраля 2024\u{202F}г.", "февраль 2024\u{202F}г.", "2024"])
        #expect([day, month, year].map(l("fa").date) == ["۱۷ فوریهٔ ۲۰۲۴", "فوریهٔ ۲۰۲۴", "۲۰۲۴"])
        #expect(l("my").date(day) == "၂၀၂၄ ဖေဖော်ဝါရီ ၁၇")
        #expect(l("ar").date(month) == "فبراير 2024")
        #expect(l("am").date(month) == "ፌብሩዋሪ 2024")
    }

    /// Each fixed value's label is the theme string named after the value (`type_` and the type with `_` for
    /// `-`), in every language: the keys are written out one by one, so a new case must get its own.
    @Test func everySchemaValuesLabelIsTheThemeStringItsValueNames() {
        for code in ["en", "ru", "ur"] {
            let strings = l(code)
            func key(_ prefix: String, _ raw: String) -> String { prefix + String(raw.map { $0 == "-" ? "_" : $0 }) }
            for type in IncidentType.allCases {
                #expect(strings.label(type) == strings.string(key("type_", type.rawValue)))
                #expect(strings.label(type) != key("type_", type.rawValue), "no theme string for \(type)")
            }
            for status in IncidentStatus.allCases { #expect(strings.label(status) == strings.string(key("status_", status.rawValue))) }
            for verification in Verification.allCases {
                #expect(strings.label(verification) == strings.string(key("verification_", verification.rawValue)))
            }
            for kind in SourceKind.allCases { #expect(strings.label(kind) == strings.string(key("kind_", kind.rawValue))) }
        }
        #expect(l("en").label(IncidentType.serviceBlock) == "Service block")
        #expect(l("en").label(SourceKind.ngo) == "NGO report")
    }

    @Test func englishDatesAreTheOnesTrackerAlwaysWrote() {
        for month in 1...12 {
            let date = PartialDate(year: 2023, month: month, day: 5)
            #expect(l("en").date(date) == date.display)
        }
    }

    /// Every date's texts, made once per date and read without a lock (`DateTexts`): on many threads at once,
    /// for more dates than the table holds (those past it are made each time), each is the date's own, and a
    /// date's context is the same value wherever it is asked for.
    @Test func aDatesTextsAreItsOwnOnEveryThreadAndPastTheTablesSize() {
        let fa = l("fa")
        let table = DateTexts()
        // 40,000 days from 1900 on (more than the table's 32,768 slots), then months and years alone.
        let days = (0 ..< 40_000).map { PartialDate(year: 1900 + $0 / 336, month: $0 / 28 % 12 + 1, day: $0 % 28 + 1) }
        let dates = days + (1 ... 12).map { PartialDate(year: 2024, month: $0) } + [PartialDate(year: 2024), PartialDate(year: -44, month: 3, day: 15)]
        #expect(DateTexts.capacity < dates.count)
        let wrong = Array(0 ..< 8).parallelMap { thread -> Int in
            // Each thread in its own order, so that threads meet on the same dates while they are made.
            let order = thread % 2 == 0 ? Array(dates.indices) : dates.indices.reversed()
            return order.count { index in
                let date = dates[index]
                // Half the threads ask for the whole entry, half for its parts alone.
                let (display, context) = thread < 4 ? (table.entry(date) { fa.written($0) }.display, table.entry(date) { fa.written($0) }.context)
                    : (table.display(date) { fa.written($0) }, table.context(date) { fa.written($0) })
                return display != fa.written(date) || context != ["iso": .string(date.iso), "display": .string(display)]
            }
        }
        #expect(wrong == Array(repeating: 0, count: 8))
        // The table keeps as many dates as it has slots at most; the others are made each time they are asked for.
        let madeAgain = dates.count { table.entry($0) { _ in "made again" }.display == "made again" }
        #expect(madeAgain >= dates.count - DateTexts.capacity && madeAgain < dates.count)
        #expect(dates.count { table.display($0) { _ in "made again" } == "made again" } == madeAgain)
        #expect(dates.count { table.context($0) { _ in "made again" } == ["iso": .string($0.iso), "display": "made again"] } == madeAgain)
        let small = DateTexts()
        #expect(small.entry(dates[7]) { fa.written($0) }.display == "۸ ژانویهٔ ۱۹۰۰")
        #expect(small.entry(dates[7]) { _ in "not asked" }.display == "۸ ژانویهٔ ۱۹۰۰", "kept")
        // A language's dates are one table, whoever asks.
        #expect(l("fa").date(PartialDate(year: 2024, month: 2, day: 17)) == "۱۷ فوریهٔ ۲۰۲۴")
        #expect(DateTexts.shared("fa") === DateTexts.shared("fa") && DateTexts.shared("fa") !== DateTexts.shared("ur"))
    }

    @Test func numbersUseTheLocalesDigitsAndGrouping() {
        #expect(l("en").number(1234567) == "1,234,567")
        #expect(l("en").numeral(1234567) == "1234567")
        #expect(l("fa").number(1234567) == "۱٬۲۳۴٬۵۶۷")
        #expect(l("hi").number(1234567) == "12,34,567")
        #expect(l("ru").number(-1234) == "-1\u{A0}234")
        #expect(l("my").numeral(2024) == "၂၀၂၄")
        #expect(l("ur").number(1234) == "1,234")
    }

    @Test func pluralCategoriesFollowCLDR() {
        func categories(_ code: String, _ counts: [Int]) -> [String] { counts.map(l(code).locale.pluralCategory) }
        #expect(categories("en", [0, 1, 2, 11]) == ["other", "one", "other", "other"])
        #expect(categories("ur", [0, 1, 2]) == ["other", "one", "other"])
        #expect(categories("ru", [1, 2, 5, 11, 21, 22, 25, 111]) == ["one", "few", "many", "many", "one", "few", "many", "many"])
        #expect(categories("ar", [0, 1, 2, 3, 11, 100, 102]) == ["zero", "one", "two", "few", "many", "other", "other"])
        #expect(categories("fa", [0, 1, 2]) == ["one", "one", "other"])
        #expect(categories("my", [1, 2]) == ["other", "other"])
    }

    @Test func countedLabelsTakeTheirPluralForm() {
        #expect(l("en").plural("incidents_count", count: 1) == "1 incident")
        #expect(l("en").plural("incidents_count", count: 3) == "3 incidents")
        #expect(l("ur").plural("incidents_count", count: 1) == "1 واقعہ")
        #expect(l("ur").plural("incidents_count", count: 3) == "3 واقعات")
        // Kept once made, by key and count: asked again, and for another key with the same count, in turn.
        let english = l("en")
        for _ in 0..<2 {
            #expect(english.plural("incidents_count", count: 3) == "3 incidents")
            #expect(english.plural("ongoing_count", count: 3) == "3 ongoing")
            #expect(english.plural("incidents_count", count: 1) == "1 incident")
        }
    }

    @Test func placeholdersAreFilledInOnePass() {
        #expect(Localization.fill("{a} and {b}, {c}", ["a": "{b}", "b": "B"]) == "{b} and B, {c}")
        #expect(Localization.fill("{ {a}", ["a": "A"]) == "{ A")
    }

    @Test func countryNamesAndDirection() {
        #expect(l("en").countryName("PK") == "Pakistan")
        #expect(l("en").countryName("TR") == CountryCodes.names["TR"])
        #expect(l("ur").countryName("PK") == "پاکستان")
        #expect(l("ru").countryName("PK") == "Пакистан")
        #expect(l("ur").countryName("XX") == "XX")
        #expect(["en", "ur", "ar", "fa", "ps", "am", "my"].map(LanguageTag.defaultDirection(of:)) == [.ltr, .rtl, .rtl, .rtl, .rtl, .ltr, .ltr])
    }

    @Test func aRegionalCodeFallsBackToItsLanguageThenEnglish() {
        #expect(Localization.fallbacks("pt-BR") == ["pt-BR", "pt", "en"])
        #expect(l("pt-BR").date(PartialDate(year: 2024, month: 2)) == "fevereiro de 2024")
        #expect(l("pt-BR").string("facts") == "Facts")
        #expect(l("ur-PK").string("facts") == "حقائق")
        #expect(LanguageTag.defaultDirection(of: "ur-PK") == .rtl)
        #expect(l("xx").date(PartialDate(year: 2024, month: 2, day: 1)) == "1 February 2024")
    }

    @Test func everyShippedLanguageHasEveryKey() {
        #expect(Self.theme.strings.keys.count > 100)
        for code in ["en", "ur"] {
            let table = Self.theme.strings.languages[code]!
            #expect(Set(table.keys) == Set(Self.theme.strings.keys), "\(code)")
        }
    }

    /// The theme's files with `en.yml` and `ur.yml` replaced, and the site's own strings.
    func load(en: String, ur: String, site: [String: String] = [:]) -> Result<Theme, DiagnosticList> {
        let replaced: [String: String] = ["i18n/en.yml": en, "i18n/ur.yml": ur]
        let files = EmbeddedTheme.files.map { ($0.key, Data((replaced[$0.key] ?? $0.value).utf8), Theme.builtInFolder) }
        return Theme.load(files: files, siteStrings: site.map { ($0.key, Data($0.value.utf8), "site/" + $0.key) })
    }

    @Test func aMissingKeyInAShippedLanguageIsAnErrorNamingTheFileAndKey() {
        let en = String(decoding: EmbeddedTheme.data["i18n/en.yml"]!, as: UTF8.self)
        let ur = String(decoding: EmbeddedTheme.data["i18n/ur.yml"]!, as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("facts:") && !$0.hasPrefix("tags:") }.joined(separator: "\n")
        guard case .failure(let errors) = load(en: en, ur: ur) else { Issue.record("expected errors"); return }
        #expect(errors.diagnostics.map(\.description) == [
            "(built-in theme)/i18n/ur.yml:1:1: error: missing key 'facts': every language the theme ships needs every key of en.yml",
            "(built-in theme)/i18n/ur.yml:1:1: error: missing key 'tags': every language the theme ships needs every key of en.yml",
        ])
    }

    /// A strings file is text a site may override (`i18n/<lang>.yml`): no template of the built-in theme writes one
    /// unescaped (`{{{i18n.…}}}`, `{{&i18n.…}}`), so none can put markup on a page.
    @Test func theBuiltInThemeEscapesEveryString() {
        let templates = EmbeddedTheme.data.filter { $0.key.hasSuffix(".mustache") }
        #expect(templates.count > 20)
        for (path, data) in templates.sorted(by: { $0.key < $1.key }) {
            let text = String(decoding: data, as: UTF8.self)
            #expect(!text.contains("{{{i18n.") && !text.contains("{{& i18n.") && !text.contains("{{&i18n."), "\(path)")
        }
    }

    @Test func aSiteOverridesStringsKeyByKeyAndMayAddALanguage() throws {
        let en = String(decoding: EmbeddedTheme.data["i18n/en.yml"]!, as: UTF8.self)
        let ur = String(decoding: EmbeddedTheme.data["i18n/ur.yml"]!, as: UTF8.self)
        let theme = try load(en: en, ur: ur, site: [
            "i18n/en.yml": "facts: At a glance\n",
            "i18n/ru.yml": "facts: Факты\nincidents_count:\n  one: \"{count} инцидент\"\n  few: \"{count} инцидента\"\n  many: \"{count} инцидентов\"\n  other: \"{count} инцидента\"\n",
        ]).get()
        #expect(theme.localization("en").string("facts") == "At a glance")
        #expect(theme.localization("en").string("tags") == "Tags")
        #expect(theme.localization("ru").string("facts") == "Факты")
        #expect(theme.localization("ru").string("tags") == "Tags")
        #expect([1, 3, 5, 21].map { theme.localization("ru").plural("incidents_count", count: $0) } == ["1 инцидент", "3 инцидента", "5 инцидентов", "21 инцидент"])
    }

    @Test func aSiteStringsFileIsChecked() {
        let en = String(decoding: EmbeddedTheme.data["i18n/en.yml"]!, as: UTF8.self)
        let ur = String(decoding: EmbeddedTheme.data["i18n/ur.yml"]!, as: UTF8.self)
        guard case .failure(let errors) = load(en: en, ur: ur, site: [
            "i18n/fr.yml": "factz: Faits\nincidents_count: incidents\nsources_count:\n  single: \"{count} source\"\n  other: \"{count} sources\"\n",
        ]) else { Issue.record("expected errors"); return }
        #expect(errors.diagnostics.map(\.description) == [
            "site/i18n/fr.yml:1:1: error: unknown key 'factz': the theme has no such string; did you mean 'facts'?",
            "site/i18n/fr.yml:2:1: error: 'incidents_count' is a counted label: give its plural forms (one, other…), each with {count}",
            "site/i18n/fr.yml:4:3: error: 'single' is not a CLDR plural category: use zero, one, two, few, many or other",
        ])
    }

    /// Found by hand: a placeholder the label does not have (`{nope}`, or `{site}` where none is filled) showed as
    /// written on every page. Braces that are not a placeholder (`{{count}}` holds one, `{ }` and `{Count}` none) are text.
    @Test func aPlaceholderTheLabelDoesNotHaveIsAnError() {
        let en = String(decoding: EmbeddedTheme.data["i18n/en.yml"]!, as: UTF8.self)
        let ur = String(decoding: EmbeddedTheme.data["i18n/ur.yml"]!, as: UTF8.self)
        guard case .failure(let errors) = load(en: en, ur: ur, site: [
            "i18n/fr.yml": "facts: \"Faits {site}\"\nincidents_count:\n  one: \"{count} incident\"\n  other: \"{count} {nombre} {{count}} { } {Count}\"\n"
                + "page_of: \"Page {number} sur {count}\"\nchart_range: \"{to} – {from} {x_1}\"\n",
        ]) else { Issue.record("expected errors"); return }
        #expect(errors.diagnostics.map(\.description) == [
            "site/i18n/fr.yml:1:1: error: 'facts' has the placeholder {site}, which en.yml's 'facts' does not have and nothing fills; it has none",
            "site/i18n/fr.yml:2:1: error: 'incidents_count' has the placeholder {nombre}, which en.yml's 'incidents_count' does not have and nothing fills; it has {count}",
            "site/i18n/fr.yml:6:1: error: 'chart_range' has the placeholder {x_1}, which en.yml's 'chart_range' does not have and nothing fills; it has {from}, {to}",
        ])
        #expect(ThemeStrings.placeholders(in: .text("{{count}} { } {Count} {a_1}{b}")) == ["count", "a_1", "b"])
    }
}

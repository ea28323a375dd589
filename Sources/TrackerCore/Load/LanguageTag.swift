enum LanguageTag {
    /// BCP 47 in the forms trackers use: `en`, `ur`, `pt-BR`, `zh-Hant`.
    static func isValid(_ tag: String) -> Bool {
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLowercase }) else { return false }
        return parts.dropFirst().allSatisfy { (2...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
    }
}

extension LanguageTag {
    /// Scripts written right to left (ISO 15924): Arabic, Hebrew, Thaana, Syriac, N'Ko, Adlam, Hanifi Rohingya,
    /// Mandaic, Samaritan, Old South Arabian, Avestan, Imperial Aramaic, Nabataean, Phoenician, Mende Kikakui…
    static let rightToLeftScripts: Set<String> = [
        "arab", "aran", "hebr", "thaa", "syrc", "syre", "syrj", "syrn", "nkoo", "adlm", "rohg", "mand", "samr",
        "sarb", "avst", "armi", "nbat", "phnx", "mend", "palm", "prti", "phli", "phlp", "mani", "narb", "hatr", "yezi",
    ]

    /// Languages written right to left in their usual script: Arabic, Persian, Urdu, Hebrew, Yiddish, Pashto,
    /// Sindhi, Uyghur, Dhivehi, Central Kurdish, Balochi, Kashmiri, Dari, Azerbaijani in Iran, Mazanderani…
    static let rightToLeftLanguages: Set<String> = [
        "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ji", "ks", "ku-iq", "lrc", "mzn", "pnb", "ps", "prs", "sd", "skr",
        "syr", "ug", "ur", "yi", "bal", "bqi", "glk", "azb", "nqo", "ff-adlm",
    ]

    /// The direction a language is written in by default. An explicit script subtag decides (`ku-Arab` is
    /// right to left, `pa-Arab` too, `az-Latn` left to right); otherwise the language's usual script does.
    static func defaultDirection(of tag: String) -> TextDirection {
        let parts = tag.lowercased().split(separator: "-").map(String.init)
        guard let language = parts.first else { return .ltr }
        if let script = parts.dropFirst().first(where: { $0.count == 4 && $0.allSatisfy(\.isLetter) }) {
            return rightToLeftScripts.contains(script) ? .rtl : .ltr
        }
        // CLDR's character order where its table has the language (Render/Localization/CLDRData.swift).
        if parts.count == 1, let locale = CLDRLocale.all[language] { return locale.rightToLeft ? .rtl : .ltr }
        if let region = parts.dropFirst().first(where: { $0.count == 2 }), rightToLeftLanguages.contains(language + "-" + region) { return .rtl }
        return rightToLeftLanguages.contains(language) ? .rtl : .ltr
    }
}

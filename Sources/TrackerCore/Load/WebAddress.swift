import Foundation

enum WebAddress {
    static func isHTTP(_ text: String) -> Bool {
        guard let components = URLComponents(string: text),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = components.host, !host.isEmpty
        else { return false }
        return true
    }

    /// Why `text` cannot be written as it is in an `href` or a feed: the first character no address may hold (a space,
    /// `"`, `<`, `>`, `\`, `^`, `` ` ``, `{`, `|`, `}`) or a `%` that two hex digits do not follow, with its escape.
    /// Foundation reads such a text as an address, escaping it itself, so it passed as one and was written raw: an
    /// `href` with a space is not a valid URL in HTML. Letters of other scripts are fine (an IRI, as browsers show it).
    static func characterProblem(_ text: String) -> String? {
        // Every source's address is checked: most hold none of these bytes, and are scanned in place, not copied.
        let mayHaveOne = text.utf8.withContiguousStorageIfAvailable { bytes in bytes.contains(where: mayBeUnwritable) }
            ?? text.utf8.contains(where: mayBeUnwritable)
        guard mayHaveOne else { return nil }
        let bytes = Array(text.utf8)
        guard let index = bytes.indices.first(where: { isUnwritable(bytes, at: $0) }) else { return nil }
        let byte = bytes[index]
        let escape = percentEscape(byte)
        switch byte {
        case UInt8(ascii: "%"): return "holds a '%' that two hex digits do not follow; write a '%' itself as \(escape)"
        case UInt8(ascii: " "): return "holds a space, which an address cannot hold; write it as \(escape)"
        case UInt8(ascii: "\t"): return "holds a tab, which an address cannot hold; write it as \(escape)"
        default: return "holds '\(Character(Unicode.Scalar(byte)))', which an address cannot hold; write it as \(escape)"
        }
    }

    /// `text` with each character `characterProblem` names written as its escape (`|` as `%7C`, a `%` without two hex
    /// digits as `%25`): the same address, as one may write it.
    static func escaped(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var result: [UInt8] = []
        for index in bytes.indices {
            if isUnwritable(bytes, at: index) { result += Array(percentEscape(bytes[index]).utf8) } else { result.append(bytes[index]) }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// A byte no address may hold, or `%`, which may start an escape.
    private static func mayBeUnwritable(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\""), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\\"),
             UInt8(ascii: "^"), UInt8(ascii: "`"), UInt8(ascii: "{"), UInt8(ascii: "|"), UInt8(ascii: "}"), UInt8(ascii: "%"): true
        default: false
        }
    }

    private static func isUnwritable(_ bytes: [UInt8], at index: Int) -> Bool {
        let byte = bytes[index]
        guard mayBeUnwritable(byte) else { return false }
        guard byte == UInt8(ascii: "%") else { return true }
        let hex = bytes[(index + 1)...].prefix(2)
        return hex.count < 2 || !hex.allSatisfy { UInt8(ascii: "0")...UInt8(ascii: "9") ~= $0 || UInt8(ascii: "a")...UInt8(ascii: "f") ~= $0 | 0x20 }
    }

    private static func percentEscape(_ byte: UInt8) -> String {
        "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
    }

    /// What makes an http(s) address unfit to be a site's `base_url`, which every page's address extends
    /// with its path: a query or a fragment (`https://example.org/?x=1` made `https://example.org/?x=1/about/`
    /// of every link), or a user name or password (which every page, feed and sitemap would publish).
    static func baseURLProblem(_ text: String) -> String? {
        if let problem = characterProblem(text) { return problem }
        guard let components = URLComponents(string: text) else { return nil }
        if components.user != nil || components.password != nil {
            return "must not hold a user name or password: every page, feed and sitemap would publish it; remove it"
        }
        if let query = components.percentEncodedQuery {
            return "must not have a query ('?\(query)'): each page's address is base_url followed by its path; remove it"
        }
        if let fragment = components.percentEncodedFragment {
            return "must not have a fragment ('#\(fragment)'): each page's address is base_url followed by its path; remove it"
        }
        return nil
    }
}

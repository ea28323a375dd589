/// The target of `<meta http-equiv="refresh" content="0; url=/x/">`, as browsers read it.
enum MetaRefresh {
    static func url(in content: String) -> String? {
        guard let semicolon = content.firstIndex(where: { $0 == ";" || $0 == "," }) else { return nil }
        var rest = content[content.index(after: semicolon)...].drop { $0.isWhitespace }
        guard rest.lowercased().hasPrefix("url") else { return nil }
        rest = rest.dropFirst(3).drop { $0.isWhitespace }
        guard rest.first == "=" else { return nil }
        rest = rest.dropFirst().drop { $0.isWhitespace }
        if let quote = rest.first, quote == "'" || quote == "\"" {
            rest = rest.dropFirst()
            if let close = rest.firstIndex(of: quote) { rest = rest[..<close] }
        }
        let url = rest.trimmingTrailingWhitespace
        return url.isEmpty ? nil : String(url)
    }
}

private extension Substring {
    var trimmingTrailingWhitespace: Substring {
        var end = endIndex
        while end > startIndex, self[index(before: end)].isWhitespace { end = index(before: end) }
        return self[..<end]
    }
}

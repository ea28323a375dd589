/// Anchor ids for headings: stable across builds, readable, unique within a page.
enum HeadingSlug {
    /// Lowercased ASCII letters and digits and non-ASCII letters (with their marks); any other run becomes one "-".
    static func slug(_ text: String) -> String {
        var slug = String.UnicodeScalarView()
        var pendingDash = false
        for scalar in text.unicodeScalars {
            let kept: Bool
            if scalar.isASCII {
                let value = scalar.value
                kept = (value >= 0x30 && value <= 0x39) || (value >= 0x41 && value <= 0x5A) || (value >= 0x61 && value <= 0x7A)
            } else {
                kept = isLetterLike(scalar)
            }
            guard kept else {
                pendingDash = !slug.isEmpty
                continue
            }
            if pendingDash { slug.append("-") }
            pendingDash = false
            if scalar.isASCII {
                let byte = UInt8(scalar.value)
                slug.append(Unicode.Scalar(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte))
            } else {
                slug.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return slug.isEmpty ? "section" : String(slug)
    }

    /// Letters, plus the combining marks and digits that many scripts cannot be spelled without.
    static func isLetterLike(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber:
            true
        default:
            false
        }
    }
}

/// Hands out each slug once per page: repeats get "-2", "-3", … ("_2", "_3", … after "ref" and "cite-N", whose
/// "-N" are citation anchors).
struct HeadingIDs {
    private var used: Set<String> = []
    /// For each slug already met, the number of the candidate to try next (1 is the slug itself, n the slug
    /// and "-n"): every candidate before it is taken, and stays taken (`used` only grows, the reserved ids
    /// are fixed). Trying from the slug each time took time growing with the square of the number of
    /// headings sharing a slug (a body of 20,000 "## Update" headings).
    private var nextCandidate: [String: Int] = [:]

    mutating func id(for text: String) -> String {
        let base = HeadingSlug.slug(text)
        // "ref-2" and "cite-1-2" are citation anchors, as is every other number after "ref" or "cite-1": those
        // slugs are numbered after "_" (which no slug holds). Numbered after "-", a second heading "Ref" was
        // never given an id, and the build never ended.
        let separator = Self.numbersAreReserved(base) ? "_" : "-"
        var number = nextCandidate[base] ?? 1
        var id = number == 1 ? base : "\(base)\(separator)\(number)"
        while used.contains(id) || Self.isReserved(id) {
            number += 1
            id = "\(base)\(separator)\(number)"
        }
        used.insert(id)
        nextCandidate[base] = number + 1
        return id
    }

    /// Whether every "-N" after `base` is a citation's anchor ("ref", "cite-3"): the pattern holds for one
    /// number exactly when it holds for all.
    static func numbersAreReserved(_ base: String) -> Bool {
        let first = base + "-1"
        return isReserved(first) && !templateIDs.contains(first)
    }

    /// Every id the default theme's templates write on a page (`id="…"` in templates/): a heading taking one
    /// would make the page's links jump to the wrong element. `HeadingIDTests` checks this against the templates;
    /// a theme's own ids are caught by the duplicate-id check of the built pages (`DuplicateIDs`).
    static let templateIDs: Set<String> = [
        "main", "site-search-query", "toc-heading", "facts-heading", "timeline-heading", "references-heading",
        "related-heading", "cite-heading", "history-heading", "corrections-heading", "recent-heading", "notes-heading", "cited-heading", "chart-heading", "chart-title", "chart-desc", "map-heading", "map-title", "map-desc",
        "counts-heading", "latest-heading", "duration-title", "incident-filters", "incidents-table", "incidents-empty",
        "filter-q", "filter-country", "filter-platform", "filter-status", "filter-status-text", "filter-type", "filter-year",
        "search-form", "search-query", "search-status", "search-results", "search-fallback",
        "cases-heading", "case-incidents-heading", "proceedings-heading",
    ]

    /// The template's ids, and "ref-N" and "cite-N-K", the citation anchors on the same page.
    static func isReserved(_ id: String) -> Bool {
        if templateIDs.contains(id) { return true }
        guard id.hasPrefix("ref-") || id.hasPrefix("cite-") else { return false }
        var parts = id.split(separator: "-", omittingEmptySubsequences: false)[...]
        guard let head = parts.popFirst(), head == "ref" || head == "cite" else { return false }
        guard parts.count == (head == "ref" ? 1 : 2) else { return false }
        return parts.allSatisfy { part in !part.isEmpty && part.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
    }
}

/// Translations joined to their originals: each must have one, a translated timeline must follow the
/// original's events, and a translated body must cite the original's sources in the same order.
extension SiteLinker {
    static func checkTranslations(_ content: LoadedContent) -> [Diagnostic] {
        guard !content.translations.isEmpty else { return [] }
        var diagnostics: [Diagnostic] = []
        let incidents = Dictionary(content.incidents.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let sources = Dictionary(content.sources.map { ($0.id, $0.body) }, uniquingKeysWith: { first, _ in first })
        let pages = Dictionary(content.pages.map { ($0.id, $0.body) }, uniquingKeysWith: { first, _ in first })
        var seen: [String: String] = [:]
        for (folder, translation) in content.translations {
            func error(_ message: String, at location: SourceLocation = SourceLocation(line: 1, column: 1)) {
                diagnostics.append(Diagnostic(path: translation.path, line: location.line, column: location.column, message: message))
            }
            let kind = String(String(describing: folder).dropLast())
            let key = "\(folder.rawValue)/\(translation.id).\(translation.language)"
            if let other = seen[key] {
                error("duplicate '\(translation.language)' translation of \(kind) '\(translation.id)': \(other) translates it too")
                continue
            }
            seen[key] = translation.path
            guard content.originalIDs[folder]?.contains(translation.id) == true else {
                error("translation of an unknown \(kind) '\(translation.id)': there is no \(folder.rawValue)/\(translation.id).md (or \(folder.rawValue)/\(translation.id)/index.md) to translate")
                continue
            }
            let originalBody: RenderedMarkdown?
            switch folder {
            case .incidents:
                guard let incident = incidents[translation.id] else { continue }
                originalBody = incident.body
                if let events = translation.timeline {
                    if events.count != incident.timeline.count {
                        error("the translated timeline has \(events.count) event\(events.count == 1 ? "" : "s") and the original (\(incident.path)) has \(incident.timeline.count): translate every event, in the original's order",
                              at: translation.timelineLocation ?? SourceLocation(line: 1, column: 1))
                    }
                    for (number, (event, original)) in zip(events, incident.timeline).enumerated() where event.date != original.date {
                        error("event \(number + 1) is dated \(original.date.iso) in the original (\(incident.path)), not \(event.date.iso): a translated timeline follows the original's events in order", at: event.location)
                    }
                }
            case .sources: originalBody = sources[translation.id]
            case .pages: originalBody = pages[translation.id]
            case .cases:
                error("court cases are not translated: a case's page shows its original text in every language")
                continue
            }
            if let body = translation.body, let originalBody, body.citedSourceIDs != originalBody.citedSourceIDs {
                let differs = Array(zip(body.citedSourceIDs, originalBody.citedSourceIDs)).firstIndex { $0 != $1 } ?? min(body.citedSourceIDs.count, originalBody.citedSourceIDs.count)
                let at = differs < body.citedSourceIDs.count
                    ? translation.bodyCitations.first { $0.id == body.citedSourceIDs[differs] }?.location
                    : translation.bodyCitations.last?.location
                let cited = { (ids: [String]) in ids.isEmpty ? "no source" : ids.map { "[@\($0)]" }.joined(separator: ", ") }
                error("the translation cites \(cited(body.citedSourceIDs)) and the original cites \(cited(originalBody.citedSourceIDs)): cite the same sources, first in the same order, so the reference numbers agree",
                      at: at ?? SourceLocation(line: 1, column: 1))
            }
        }
        return diagnostics
    }

    /// Each other language's translations, by the index of their item in `site` (drafts left out are dropped).
    static func editions(_ content: LoadedContent, of site: Site) -> [SiteEdition] {
        let pageIndex = Dictionary(uniqueKeysWithValues: site.pages.enumerated().map { ($1.id, $0) })
        return site.config.otherLanguages.map { language in
            var incidents = [Translation?](repeating: nil, count: site.incidents.count)
            var sources = [Translation?](repeating: nil, count: site.sources.count)
            var pages = [Translation?](repeating: nil, count: site.pages.count)
            for (folder, translation) in content.translations where translation.language == language.code {
                switch folder {
                case .incidents: if let index = site.incidentIndex[translation.id] { incidents[index] = translation }
                case .sources: if let index = site.sourceIndex[translation.id] { sources[index] = translation }
                case .pages: if let index = pageIndex[translation.id] { pages[index] = translation }
                case .cases: break
                }
            }
            return SiteEdition(language: language, incidents: incidents, sources: sources, pages: pages)
        }
    }
}

extension SiteLinker {
    /// What `tracker check` warns about once the site is linked: each translation whose original's content
    /// hash is no longer the one its `translation_of` records (the original changed since it was translated).
    public static func staleTranslations(_ site: Site) -> [Diagnostic] {
        var warnings: [Diagnostic] = []
        for edition in site.editions {
            let items = Array(zip(edition.incidents, site.incidents.map(\.path))) + Array(zip(edition.sources, site.sources.map(\.path)))
                + Array(zip(edition.pages, site.pages.map(\.path)))
            for case let (translation?, original) in items {
                guard let recorded = translation.translationOf, let at = translation.translationOfLocation,
                      let current = FileTree.read(original).map(Translation.contentHash), current != recorded else { continue }
                warnings.append(Diagnostic(path: translation.path, line: at.line, column: at.column,
                                           message: "the original \(original) changed since this translation (translation_of: \(recorded), now \(current)); update the translation and its translation_of",
                                           isWarning: true))
            }
        }
        return warnings.sorted()
    }
}

/// Where a court case stands.
public enum CaseStatus: String, Sendable, CaseIterable {
    case pending, decided, dismissed, withdrawn, unknown
    public var label: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}

/// What happened at one step of a case.
public enum ProceedingKind: String, Sendable, CaseIterable {
    case hearing, filing, order, judgment
    public var label: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}

/// One dated step of a court case, backed by one or more sources.
public struct Proceeding: Sendable, Hashable {
    public var date: PartialDate
    public var kind: ProceedingKind
    public var text: String
    public var sources: [SourceReference]
    /// The court's document: an http(s) address, or the name of a file beside the case's `index.md` (a bundle).
    public var document: String?
    /// Where the proceeding starts in its file.
    public var location: SourceLocation
}

/// `content/cases/<id>.md`: a court case about one or more incidents. The body holds the facts.
public struct LegalCase: Sendable {
    public let id: String
    public let path: String
    public var title: String
    public var court: String
    /// ISO 3166-1 alpha-2.
    public var country: String
    /// ISO 3166-2, within `country` ("PK-SD").
    public var subdivision: String?
    public var caseNumber: String?
    public var petitioners: [String]
    public var respondents: [String]
    public var filed: PartialDate?
    public var status: CaseStatus
    public var outcome: String?
    /// The incidents the case is about, as written (each checked against the site's incidents).
    public var incidents: [SourceReference]
    /// In date order.
    public var proceedings: [Proceeding]
    public var body: RenderedMarkdown
    /// The body's `[@id]` citations, with file positions.
    public var bodyCitations: [SourceReference]

    static let keys = ["title", "court", "country", "subdivision", "case_number", "petitioners", "respondents", "filed", "status",
                       "outcome", "incidents", "proceedings"]
    static let proceedingKeys = ["date", "type", "text", "sources", "document"]

    /// The latest date the record speaks for: the last proceeding, else the filing date.
    public var lastKnownDate: PartialDate? { proceedings.last?.date ?? filed }

    /// "Pakistan · PK-SD": the country's name and the subdivision's code.
    public var jurisdiction: String {
        let name = CountryCodes.names[country] ?? country
        return subdivision.map { "\(name) · \($0)" } ?? name
    }

    /// A decoded case file: the case when it is valid, and its source and incident references either way
    /// (see `Incident.Decoded`), so a broken reference is reported with the file's other errors.
    struct Decoded: Sendable {
        var legalCase: LegalCase?
        var references: [SourceReference]
        var incidents: [SourceReference]
    }

    /// `bundle` is the case's bundle folder as messages show it, nil for a single file.
    static func decode(id: String, path: String, reader: FieldReader, body: RenderedMarkdown, bodyFirstLine: Int, bundle: String?) -> Decoded {
        reader.rejectUnknownKeys(allowed: keys)
        let collector = reader.collector
        let title = reader.string("title", required: true)
        let court = reader.string("court", required: true)
        let country = reader.countryCode("country", required: true)
        var subdivision = reader.string("subdivision")
        if let code = subdivision, !isSubdivision(code, of: country) {
            let example = country.map { "\($0)-" } ?? "PK-"
            collector.error("'subdivision' must be an ISO 3166-2 code of the case's country, such as \(example)SD, not '\(code)'",
                            at: reader.location(of: reader.entry("subdivision")!.value))
            subdivision = nil
        }
        let petitioners = reader.strings("petitioners", unique: .text)
        let respondents = reader.strings("respondents", unique: .text)
        let filed = reader.date("filed")
        let status = reader.oneOf("status", CaseStatus.allCases.map(\.rawValue), required: true).flatMap(CaseStatus.init)
        let incidents = reader.references("incidents")
        let (proceedings, proceedingSources) = decodeProceedings(reader, filed: filed, bundle: bundle)
        let citations = body.references(firstLine: bodyFirstLine)
        let references = citations + proceedingSources
        guard let title, let court, let country, let status else { return Decoded(legalCase: nil, references: references, incidents: incidents) }
        let legalCase = LegalCase(id: id, path: path, title: title, court: court, country: country, subdivision: subdivision,
                                  caseNumber: reader.string("case_number"), petitioners: petitioners, respondents: respondents,
                                  filed: filed, status: status, outcome: reader.string("outcome"), incidents: incidents,
                                  proceedings: proceedings, body: body, bodyCitations: citations)
        return Decoded(legalCase: legalCase, references: references, incidents: incidents)
    }

    /// A proceeding's `document`: an http(s) address, or a file of the case's bundle, named from its folder.
    private static func documentReference(_ step: FieldReader, bundle: String?) -> String? {
        guard let text = step.string("document") else { return nil }
        if WebAddress.isHTTP(text) {
            guard let problem = WebAddress.characterProblem(text) else { return text }
            step.collector.error("'document' \(problem)", at: step.location(of: step.entry("document")!.value))
            return nil
        }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        let isFileName = !parts.contains { $0.isEmpty || $0.hasPrefix(".") } && text != ContentFiles.bundleIndex
        let at = step.location(of: step.entry("document")!.value)
        guard let bundle else {
            step.collector.error("'document' must be an http:// or https:// address, or a file beside the case's index.md when the case is a folder (content/cases/<id>/index.md), not '\(text)'", at: at)
            return nil
        }
        guard isFileName, FileTree.isRegularFile(bundle + "/" + text) else {
            step.collector.error("'document' must be an http:// or https:// address or a file beside this case's index.md; there is no file '\(text)' in \(bundle)", at: at)
            return nil
        }
        return text
    }

    /// `CC-X`, `CC-XX` or `CC-XXX` (uppercase letters and digits) under the given country.
    static func isSubdivision(_ code: String, of country: String?) -> Bool {
        let parts = code.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].utf8.count == 2, (1...3).contains(parts[1].utf8.count),
              parts[1].utf8.allSatisfy({ (byte: UInt8) -> Bool in (48...57).contains(byte) || (65...90).contains(byte) }) else { return false }
        guard let country else { return CountryCodes.names[String(parts[0])] != nil }
        return parts[0] == country
    }

    /// The valid proceedings, and the sources every proceeding names (an invalid one's too).
    private static func decodeProceedings(_ reader: FieldReader, filed: PartialDate?, bundle: String?) -> ([Proceeding], [SourceReference]) {
        let items = reader.mappingList("proceedings", what: "proceeding",
                                       notAList: "'proceedings' must be a list, each with date, type, text and sources",
                                       notAMapping: "each proceeding must be a mapping with date, type, text and sources") ?? []
        var proceedings: [Proceeding] = []
        var named: [SourceReference] = []
        for step in items {
            step.rejectUnknownKeys(allowed: proceedingKeys)
            let date = step.date("date", required: true)
            let kind = step.oneOf("type", ProceedingKind.allCases.map(\.rawValue), required: true).flatMap(ProceedingKind.init)
            let text = step.string("text", required: true)
            let sources = step.references("sources", required: true)
            named += sources
            let document = documentReference(step, bundle: bundle)
            if let date {
                let at = step.location(of: step.entry("date")!.value)
                if let filed, date.isEntirelyBefore(filed) {
                    reader.collector.error("proceeding dated \(date.iso) is before 'filed' (\(filed.iso))", at: at)
                } else if let previous = proceedings.last, date.isEntirelyBefore(previous.date) {
                    reader.collector.error("proceedings must be in date order: \(date.iso) is listed after \(previous.date.iso)", at: at)
                }
            }
            if let date, let kind, let text {
                proceedings.append(Proceeding(date: date, kind: kind, text: text, sources: sources, document: document,
                                              location: step.ownLocation))
            }
        }
        return (proceedings, named)
    }
}

/// The court cases for researchers: `data/cases.json` and `data/cases.csv`.
enum CaseExport {
    /// The CSV columns, in order; documented in the README. Lists are joined with "; "; `proceedings` holds
    /// each proceeding as `date type: text`.
    static let csvColumns = [
        "id", "title", "court", "country", "country_name", "subdivision", "case_number", "petitioners", "respondents",
        "filed", "status", "outcome", "incidents", "url", "sources", "proceedings",
    ]

    /// The ids of the published incidents case `index` names.
    static func incidentIDs(_ site: Site, _ index: Int) -> [String] {
        site.cases.incidents[index].map { site.incidents[$0].id }
    }

    /// `data/cases.json`: every case with all its fields and its proceedings, keys sorted.
    static func json(_ site: Site, urls: SiteURLs, into output: ByteBuffer) {
        var json = JSONWriter(pretty: true, output: output)
        json.objects(site.cases.all.count) { json, index in
            let legalCase = site.cases.all[index]
            json.field("case_number", legalCase.caseNumber)
            json.field("country", legalCase.country)
            json.field("country_name", CountryCodes.names[legalCase.country] ?? legalCase.country)
            json.field("court", legalCase.court)
            json.field("filed", legalCase.filed?.iso)
            json.field("id", legalCase.id)
            json.field("incidents", incidentIDs(site, index))
            json.field("outcome", legalCase.outcome)
            json.field("petitioners", legalCase.petitioners)
            json.key("proceedings")
            json.openArray()
            for proceeding in legalCase.proceedings {
                json.openObject()
                json.field("date", proceeding.date.iso)
                json.field("document", proceeding.document.map { SiteRenderer.documentURL($0, of: legalCase, urls: urls, absolute: true) })
                json.field("sources", proceeding.sources.map(\.id))
                json.field("text", proceeding.text)
                json.field("type", proceeding.kind.rawValue)
                json.closeObject()
            }
            json.closeArray()
            json.field("respondents", legalCase.respondents)
            json.field("sources", site.cases.references[index])
            json.field("status", legalCase.status.rawValue)
            json.field("subdivision", legalCase.subdivision)
            json.field("summary", legalCase.body.summaryText)
            json.field("title", legalCase.title)
            json.field("url", urls.absoluteURL(for: .legalCase(legalCase.id)))
        }
        output.append(10)
    }

    /// `data/cases.csv`: one row per case (RFC 4180, formulas defused as in `DataExport.csvField`).
    static func csv(_ site: Site, urls: SiteURLs, into csv: ByteBuffer) {
        csv.append(csvColumns.joined(separator: ",") + "\r\n")
        for (index, legalCase) in site.cases.all.enumerated() {
            DataExport.csvLine([
                legalCase.id, legalCase.title, legalCase.court, legalCase.country,
                CountryCodes.names[legalCase.country] ?? legalCase.country, legalCase.subdivision ?? "", legalCase.caseNumber ?? "",
                legalCase.petitioners.joined(separator: "; "), legalCase.respondents.joined(separator: "; "),
                legalCase.filed?.iso ?? "", legalCase.status.rawValue, legalCase.outcome ?? "",
                incidentIDs(site, index).joined(separator: "; "), urls.absoluteURL(for: .legalCase(legalCase.id)),
                site.cases.references[index].joined(separator: "; "),
                legalCase.proceedings.map { "\($0.date.iso) \($0.kind.rawValue): \($0.text)" }.joined(separator: "; "),
            ], into: csv)
        }
    }
}

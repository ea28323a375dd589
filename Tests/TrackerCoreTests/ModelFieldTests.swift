import Foundation
import Testing
@testable import TrackerCore

/// The preview decides what to re-render from `IncidentField`, `SourceField` and `PageField`: a stored
/// property without a case would never count as changed, and its edits would leave pages stale.
@Suite struct ModelFieldTests {
    /// An incident, a source and a page as the loader decodes them.
    static func loaded() throws -> (incident: Incident, source: Source, page: Page, legalCase: LegalCase) {
        let site = try TestSite(files: [
            "content/incidents/pk-x-2024.md": TestSite.incident("timeline:\n  - date: 2024-02-18\n    text: Restored.\n    sources: [report]"),
            "content/sources/report.md": TestSite.source,
            "content/pages/about.md": "---\ntitle: About\nmenu_order: 1\n---\nAbout us.\n",
            "content/cases/shc.md": "---\ntitle: Petition\ncourt: Sindh High Court\ncountry: PK\nstatus: pending\nincidents: [pk-x-2024]\n---\nFacts.\n",
        ])
        defer { site.remove() }
        let content = site.withCurrentDirectory { ContentLoader(siteDirectory: ".").load() }
        #expect(content.diagnostics.isEmpty)
        return (try #require(content.incidents.first), try #require(content.sources.first), try #require(content.pages.first),
                try #require(content.cases.first))
    }

    /// Every stored property has the case of its name, and each case's key path reads that property.
    func expectCovers<Field: ModelField>(_ field: Field.Type, _ value: Field.Model) {
        let properties = Mirror(reflecting: value).children.compactMap(\.label)
        #expect(properties.count == Mirror(reflecting: value).children.count)
        #expect(properties.sorted() == Field.allCases.map { "\($0)" }.sorted(), "\(Field.self) must have a case for each stored property of \(Field.Model.self)")
        for field in Field.allCases {
            #expect("\(field.property.keyPath)" == "\\\(Field.Model.self).\(field)", "\(Field.self).\(field) must read the property of its name")
        }
    }

    @Test func everyStoredPropertyHasAField() throws {
        let (incident, source, page, legalCase) = try Self.loaded()
        expectCovers(IncidentField.self, incident)
        expectCovers(SourceField.self, source)
        expectCovers(PageField.self, page)
        expectCovers(CaseField.self, legalCase)
    }

    @Test func differingNamesTheChangedFields() throws {
        let (incident, source, page, legalCase) = try Self.loaded()
        #expect(IncidentField.differing(incident, incident).isEmpty)
        var retitledCase = legalCase
        retitledCase.title = "Another petition"
        #expect(CaseField.differing(legalCase, retitledCase) == [.title])
        #expect(SourceField.differing(source, source).isEmpty)
        #expect(PageField.differing(page, page).isEmpty)

        let retitled = source.with(title: "Another report", accessed: PartialDate(year: 2024))
        #expect(SourceField.differing(source, retitled) == [.title, .accessed])

        var moved = page
        moved.menuOrder = 2
        #expect(PageField.differing(page, moved) == [.menuOrder])

        let ended = Incident(id: incident.id, path: incident.path, title: incident.title, country: incident.country,
                             regions: incident.regions, platforms: incident.platforms, type: incident.type, status: .resolved,
                             verification: incident.verification, start: incident.start, end: PartialDate(year: 2024, month: 3),
                             orderedBy: incident.orderedBy, justification: incident.justification, tags: incident.tags,
                             aliases: incident.aliases, draft: incident.draft, updated: incident.updated, timeline: incident.timeline,
                             body: incident.body, bodyCitations: incident.bodyCitations)
        #expect(IncidentField.differing(incident, ended) == [.status, .end, .lastKnownDate])
    }
}

import ByteScan
import Foundation

/// The dataset for researchers: `data/incidents.json`, `data/incidents.csv`, `data/sources.json`.
enum DataExport {
    struct IncidentRecord: Encodable {
        let id, title, country, countryName: String
        let regions, platforms: [String]
        let type, status, verification, start: String
        let end, orderedBy, justification, updated: String?
        let tags, aliases: [String]
        let url: String
        let summary: String
        let sources: [String]
        /// The independent origins of `sources` (see `OriginCount`), and how many.
        let originCount: Int
        let origins: [String]
        let timeline: [EventRecord]
        /// The declared custom fields; nil (left out) when the site declares none.
        let fields: FieldsRecord?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case id, title, country, countryName = "country_name", regions, platforms, type, status, verification
            case start, end, orderedBy = "ordered_by", justification, updated, tags, aliases, url, summary, sources
            case originCount = "origin_count", origins, timeline, fields
        }
    }

    /// An item's custom fields as a JSON object: every declared field, `null` where not set, keys sorted.
    struct FieldsRecord: Encodable {
        let values: [(name: String, value: CustomValue?)]

        init?(_ declared: [CustomField], _ values: [CustomValue?]) {
            guard !declared.isEmpty else { return nil }
            self.values = declared.enumerated().map { ($1.name, values.value(at: $0)) }.sorted { $0.name < $1.name }
        }

        struct Key: CodingKey {
            let stringValue: String
            init(stringValue: String) { self.stringValue = stringValue }
            var intValue: Int? { nil }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            for (name, value) in values {
                let key = Key(stringValue: name)
                switch value {
                case nil: try container.encodeNil(forKey: key)
                case .string(let text)?: try container.encode(text, forKey: key)
                case .integer(let number)?: try container.encode(number, forKey: key)
                case .number(let number)?: try container.encode(number, forKey: key)
                case .boolean(let flag)?: try container.encode(flag, forKey: key)
                case .date(let date)?: try container.encode(date.iso, forKey: key)
                case .list(let items)?: try container.encode(items, forKey: key)
                }
            }
        }

        /// Written as `JSONEncoder` writes `encode(to:)`.
        func write(into json: inout JSONWriter) {
            json.key("fields")
            json.openObject()
            for (name, value) in values {
                json.key(named: name)
                switch value {
                case nil: json.null()
                case .string(let text)?: json.string(text)
                case .integer(let number)?: json.int(number)
                case .number(let number)?: json.number(number.description)
                case .boolean(let flag)?: json.bool(flag)
                case .date(let date)?: json.string(date.iso)
                case .list(let items)?:
                    json.openArray()
                    for item in items { json.string(item) }
                    json.closeArray()
                }
            }
            json.closeObject()
        }
    }

    struct EventRecord: Encodable {
        let date, text: String
        let sources: [String]
        let origins: [String]
    }

    struct SourceRecord: Encodable {
        let id, title, publisher: String
        let url: String?
        let published, kind: String
        let origin, language, archive, accessed: String?
        let page: String
        let citedBy: [String]
        let fields: FieldsRecord?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case id, title, publisher, url, published, kind, origin, language, archive, accessed, page, citedBy = "cited_by", fields
        }
    }

    /// Names the exports give built-in values, which a custom field may not take.
    static let incidentExportKeys = IncidentRecord.CodingKeys.allCases.map(\.rawValue) + csvColumns
    static let sourceExportKeys = SourceRecord.CodingKeys.allCases.map(\.rawValue)

    static func records(_ site: Site, urls: SiteURLs) -> [IncidentRecord] {
        site.incidents.indices.map { record(site, $0, urls: urls) }
    }

    /// Without `timeline`, the record's timeline is left empty: the CSV has no column for it, and a long
    /// timeline's records (a date, two lists and a record per event) cost more than the rest of the record.
    static func record(_ site: Site, _ index: Int, urls: SiteURLs, timeline: Bool = true) -> IncidentRecord {
        record(site.incidents[index], references: site.references[index], origins: site.origins[index],
               fields: site.config.fields.incidents, urls: urls, timeline: timeline)
    }

    /// Borrows the incident: copying an `Incident` retains every one of its fields.
    static func record(_ incident: borrowing Incident, references: [String], origins: IncidentOrigins, fields: [CustomField],
                       urls: SiteURLs, timeline: Bool = true) -> IncidentRecord {
        IncidentRecord(
            id: incident.id, title: incident.title, country: incident.country,
            countryName: CountryCodes.names[incident.country] ?? incident.country,
            regions: incident.regions, platforms: incident.platforms, type: incident.type.rawValue,
            status: incident.status.rawValue, verification: incident.verification.rawValue, start: incident.start.iso,
            end: incident.end?.iso, orderedBy: incident.orderedBy, justification: incident.justification,
            updated: incident.updated?.iso, tags: incident.tags, aliases: incident.aliases.map(\.id),
            url: urls.absoluteURL(for: .incident(incident.id)), summary: incident.body.summaryText,
            sources: references, originCount: origins.whole.originCount, origins: origins.whole.names,
            timeline: !timeline ? [] : zip(incident.timeline, origins.events).map {
                EventRecord(date: $0.date.iso, text: $0.text, sources: $0.sources.map(\.id), origins: $1.names)
            },
            fields: FieldsRecord(fields, incident.customFields))
    }

    /// `data/incidents.json`, written record by record (keys in sorted order, as `JSONEncoder` sorts them).
    /// With a cache (the preview), each incident's record is written once and copied after that.
    static func incidentsJSON(_ site: Site, urls: SiteURLs, into output: ByteBuffer, cache: FragmentCache? = nil) {
        var json = JSONWriter(pretty: true, output: output)
        json.objects(site.incidents.count, cache: cache) { json, index in
            // The timeline is written from the incident's events, not through a record of each.
            let record = record(site, index, urls: urls, timeline: false)
            json.field("aliases", record.aliases)
            json.field("country", record.country)
            json.field("country_name", record.countryName)
            json.field("end", record.end)
            record.fields?.write(into: &json)
            json.field("id", record.id)
            json.field("justification", record.justification)
            json.field("ordered_by", record.orderedBy)
            json.key("origin_count")
            json.int(record.originCount)
            json.field("origins", record.origins)
            json.field("platforms", record.platforms)
            json.field("regions", record.regions)
            json.field("sources", record.sources)
            json.field("start", record.start)
            json.field("status", record.status)
            json.field("summary", record.summary)
            json.field("tags", record.tags)
            json.key("timeline")
            json.openArray()
            for (event, origins) in zip(site.incidents[index].timeline, site.origins[index].events) {
                json.openObject()
                json.field("date", event.date.iso)
                json.field("origins", origins.names)
                json.field("sources", event.sources.map(\.id))
                json.field("text", event.text)
                json.closeObject()
            }
            json.closeArray()
            json.field("title", record.title)
            json.field("type", record.type)
            json.field("updated", record.updated)
            json.field("url", record.url)
            json.field("verification", record.verification)
        }
        output.append(10)
    }

    static func sourceRecords(_ site: Site, urls: SiteURLs) -> [SourceRecord] {
        site.sources.indices.map { sourceRecord(site, $0, urls: urls) }
    }

    static func sourceRecord(_ site: Site, _ index: Int, urls: SiteURLs) -> SourceRecord {
        let source = site.sources[index]
        return SourceRecord(
            id: source.id, title: source.title, publisher: source.publisher, url: source.url, published: source.published.iso,
            kind: source.kind.rawValue, origin: source.origin, language: source.language, archive: source.archive,
            accessed: source.accessed?.iso, page: urls.absoluteURL(for: .source(source.id)),
            citedBy: site.citedBy[index].map { site.incidents[$0.incident].id },
            fields: FieldsRecord(site.config.fields.sources, source.customFields))
    }

    /// `data/sources.json`, written record by record.
    static func sourcesJSON(_ site: Site, urls: SiteURLs, into output: ByteBuffer) {
        var json = JSONWriter(pretty: true, output: output)
        json.objects(site.sources.count) { json, index in
            let record = sourceRecord(site, index, urls: urls)
            json.field("accessed", record.accessed)
            json.field("archive", record.archive)
            json.field("cited_by", record.citedBy)
            record.fields?.write(into: &json)
            json.field("id", record.id)
            json.field("kind", record.kind)
            json.field("language", record.language)
            json.field("origin", record.origin)
            json.field("page", record.page)
            json.field("published", record.published)
            json.field("publisher", record.publisher)
            json.field("title", record.title)
            json.field("url", record.url)
        }
        output.append(10)
    }

    /// The CSV columns of the built-in fields, in order; documented in the README. The site's custom
    /// incident fields follow, one column each, in declaration order.
    static let csvColumns = [
        "id", "title", "country", "country_name", "regions", "platforms", "type", "status", "verification",
        "start", "end", "ordered_by", "justification", "tags", "updated", "url", "sources", "origin_count", "origins",
    ]

    static func incidentsCSV(_ site: Site, urls: SiteURLs, into csv: ByteBuffer, cache: FragmentCache? = nil) {
        csv.append((csvColumns + site.config.fields.incidents.map(\.name)).joined(separator: ",") + "\r\n")
        for index in site.incidents.indices {
            if let cache {
                cache.append(index, to: csv) { csvRow(site, index, urls: urls, into: csv) }
            } else {
                csvRow(site, index, urls: urls, into: csv)
            }
            csv.flushIfLarge()
        }
    }

    static func csvRow(_ site: Site, _ index: Int, urls: SiteURLs, into csv: ByteBuffer) {
        let record = record(site, index, urls: urls, timeline: false)
        let fields = [
            record.id, record.title, record.country, record.countryName, record.regions.joined(separator: "; "),
            record.platforms.joined(separator: "; "), record.type, record.status, record.verification, record.start,
            record.end ?? "", record.orderedBy ?? "", record.justification ?? "", record.tags.joined(separator: "; "),
            record.updated ?? "", record.url, record.sources.joined(separator: "; "), String(record.originCount),
            record.origins.joined(separator: "; "),
        ] + site.config.fields.incidents.indices.map { site.incidents[index].customFields.value(at: $0)?.exportText ?? "" }
        csvLine(fields, into: csv)
    }

    /// One CSV record: the fields quoted (`csvField`), comma-separated, ended by CRLF.
    static func csvLine(_ fields: [String], into csv: ByteBuffer) {
        for (column, field) in fields.enumerated() {
            if column > 0 { csv.append(UInt8(ascii: ",")) }
            appendCSVField(field, to: csv)
        }
        csv.append([13, 10])
    }

    /// A cell as `csvField` wrote it, read back by a CSV reader: without the apostrophe that disarmed a formula.
    static func csvImportedField(_ value: String) -> String {
        guard value.hasPrefix("'"), let second = value.unicodeScalars.dropFirst().first,
              ["=", "+", "-", "@", "\t", "\r"].contains(second) else { return value }
        return String(value.dropFirst())
    }

    /// RFC 4180 quoting; a cell a spreadsheet would run as a formula (=, +, -, @, tab, CR) gets a leading
    /// apostrophe, as OWASP advises, so opening the export can never execute content.
    static func csvField(_ value: String) -> String {
        let buffer = ByteBuffer(capacity: value.utf8.count * 2 + 8)
        appendCSVField(value, to: buffer)
        return buffer.string
    }

    /// `csvField(value)`, written into `csv`. The bytes that make a field quoted are looked for sixteen at a time
    /// (`tracker_next_csv_byte`), and the quotes inside doubled byte by byte: a quote followed by a combining
    /// mark is one Character, which a Character-wise replacement would miss (found by the CSV property test),
    /// leaving the field open. `"` is ASCII, so doubling its bytes keeps the UTF-8 valid.
    static func appendCSVField(_ value: String, to csv: ByteBuffer) {
        var value = value
        value.withUTF8 { utf8 in
            guard let base = utf8.baseAddress, !utf8.isEmpty else { return }
            let count = utf8.count
            let first = base[0]
            let formula = first == UInt8(ascii: "=") || first == UInt8(ascii: "+") || first == UInt8(ascii: "-") || first == UInt8(ascii: "@")
                || first == 9 || first == 13
            guard tracker_next_csv_byte(base, count) < count else {
                if formula { csv.append(UInt8(ascii: "'")) }
                csv.append(utf8)
                return
            }
            csv.append(34)
            if formula { csv.append(UInt8(ascii: "'")) }
            var start = 0
            while let found = memchr(base + start, 34, count - start) {
                let quote = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
                csv.append(UnsafeBufferPointer(start: base + start, count: quote + 1 - start))
                csv.append(34)
                start = quote + 1
            }
            csv.append(UnsafeBufferPointer(start: base + start, count: count - start))
            csv.append(34)
        }
    }
}

import CSV
import Foundation

/// `tracker import stop FILE.csv`: one incident per row of Access Now's STOP dataset, one source per distinct
/// `info_source_link`, written as content files the import owns (`ImportedFile`).
///
/// Ids come from what a row says, not where it is (`stop-<country>-<start>-<type>[-<area>]`, `stop-<address>-<hash>`),
/// so importing a newer release updates the same files. Rows are numbered as a spreadsheet shows them: the header is row 1.
public struct StopImport: Sendable {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// One line of the report about a row: a row skipped, or imported with a caveat.
    public struct RowNote: Sendable, Equatable {
        public let row: Int
        public let skipped: Bool
        public let message: String
        public var description: String { "row \(row): \(skipped ? "skipped" : "note"): \(message)" }
    }

    static let importer = "stop"

    let files: [ImportedFile]
    public let notes: [RowNote]
    /// Every record after the header, blank ones included.
    public let rowCount: Int
    public let importedRows: Int

    // MARK: Reading

    /// Reads the CSV text (a UTF-8 byte order mark is ignored); fails when it is not STOP's layout.
    public init(csv data: Data, name: String) throws(Failure) {
        guard var text = String(data: data, encoding: .utf8) else {
            let place = InvalidUTF8(in: data)
            throw Failure(description: "\(name)\(place.map { ":\($0.line):\($0.column)" } ?? ""): not UTF-8 text; save it as UTF-8")
        }
        if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
        let reader: CSVReader
        do { reader = try CSVReader(string: text) } catch { throw Failure(description: "\(name): \(error)") }
        guard let header = reader.next()?.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) else {
            throw Failure(description: "\(name): the file is empty; expected STOP's header row (\(StopDataset.requiredColumns.joined(separator: ", ")), …)")
        }
        let missing = StopDataset.requiredColumns.filter { !header.contains($0) }
        guard missing.isEmpty else {
            throw Failure(description: "\(name): not STOP's layout: no column \(missing.map { "'\($0)'" }.joined(separator: " or ")) in the header row")
        }
        var columns: [String: Int] = [:]
        for (index, column) in header.enumerated() where columns[column] == nil { columns[column] = index }

        var notes: [RowNote] = []
        var rows: [Row] = []
        var number = 1
        while let record = reader.next() {
            number += 1
            if record.allSatisfy({ $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }) {
                notes.append(RowNote(row: number, skipped: true, message: "blank row"))
                continue
            }
            let value: (String) -> String = { column in
                guard let index = columns[column], index < record.count else { return "" }
                return DataExport.csvImportedField(record[index]).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            switch Row.read(number: number, value) {
            case .success(let row):
                rows.append(row)
                notes += row.notes.map { RowNote(row: number, skipped: false, message: $0) }
            case .failure(let reason):
                notes.append(RowNote(row: number, skipped: true, message: reason.description))
            }
        }
        if let error = reader.error { throw Failure(description: "\(name): \(error)") }
        self.notes = notes
        rowCount = number - 1
        importedRows = rows.count
        files = Self.files(rows)
    }

    /// A row that maps to an incident.
    struct Row {
        let number: Int
        let country: String
        let regions: [String]
        let type: IncidentType
        let platforms: [String]
        let status: IncidentStatus
        let start: PartialDate
        let end: PartialDate?
        let orderedBy: String?
        let justification: String?
        /// The row's links, each with the kind its `info_source` gives it.
        let links: [(url: String, kind: SourceKind)]
        var notes: [String]

        struct Skip: Error { let description: String }

        static func read(number: Int, _ value: (String) -> String) -> Result<Row, Skip> {
            var notes: [String] = []
            let countryName = clean(value("country"))
            guard !countryName.isEmpty else { return .failure(Skip(description: "no country")) }
            guard let country = StopDataset.countryCode(countryName) else {
                let hint = StopDataset.countryNames.hint(for: countryName)
                return .failure(Skip(description: "unknown country '\(countryName)'\(hint)"))
            }
            let startText = clean(value("start_date"))
            guard !startText.isEmpty else { return .failure(Skip(description: "no start_date")) }
            guard let start = StopDataset.date(startText) else {
                return .failure(Skip(description: "start_date '\(startText)' is not a date (MM/DD/YYYY or YYYY-MM-DD)"))
            }
            if start.precision != .day { notes.append("start_date '\(startText)' is partial; imported as \(start.iso)") }
            let endText = clean(value("end_date"))
            var end: PartialDate?
            if !endText.isEmpty {
                if let date = StopDataset.date(endText) {
                    if date.isEntirelyBefore(start) {
                        notes.append("end_date '\(endText)' is before start_date '\(startText)'; imported without an end")
                    } else {
                        end = date
                        if date.precision != .day { notes.append("end_date '\(endText)' is partial; imported as \(date.iso)") }
                    }
                } else {
                    notes.append("end_date '\(endText)' is not a date (MM/DD/YYYY or YYYY-MM-DD); imported without an end")
                }
            }
            let shutdownType = clean(value("shutdown_type")), network = clean(value("affected_network"))
            guard let type = StopDataset.incidentType(shutdownType: shutdownType, extent: clean(value("shutdown_extent")), network: network) else {
                return .failure(Skip(description: shutdownType.isEmpty && value("shutdown_extent").isEmpty
                    ? "no shutdown_type" : "unknown shutdown_type '\(shutdownType.isEmpty ? clean(value("shutdown_extent")) : shutdownType)'"))
            }
            if StopDataset.isBareYes(value("other_affected")) {
                notes.append("other_affected says yes without naming a platform")
            }
            let platforms = StopDataset.platforms(type: type, network: network, services: StopDataset.services { clean(value($0)) })
            guard !platforms.isEmpty else {
                return .failure(Skip(description: "a service-based shutdown with no platform marked affected"))
            }
            var status = StopDataset.status(clean(value("shutdown_status")), hasEnd: end != nil)
            if status == .ongoing, end != nil {
                notes.append("shutdown_status '\(clean(value("shutdown_status")))' with an end_date; imported as ongoing, which tracker check warns about")
            }
            if status == .resolved, end == nil {
                notes.append("shutdown_status '\(clean(value("shutdown_status")))' without an end date; imported with status unknown")
                status = .unknown
            }
            let found = StopDataset.links(value("info_source_link"))
            for word in found.other { notes.append("info_source_link '\(word)' is not an http(s) address; no source made from it") }
            for (written, imported) in found.escaped {
                notes.append("info_source_link '\(written)' \(WebAddress.characterProblem(written)!.prefix { $0 != ";" }); imported as \(imported)")
            }
            let kinds = StopDataset.sourceKinds(value("info_source"), links: found.links.count)
            let regions = clean(value("area_name")).split(whereSeparator: { $0 == "," || $0 == ";" })
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let decisionMaker = clean(value("decision_maker")), orderedBy = clean(value("ordered_by"))
            let justification = clean(value("gov_justification"))
            notes += citationNotes(value)
            return .success(Row(
                number: number, country: country, regions: regions, type: type, platforms: platforms, status: status,
                start: start, end: end, orderedBy: decisionMaker.isEmpty ? (orderedBy.isEmpty ? nil : orderedBy) : decisionMaker,
                justification: justification.isEmpty ? nil : justification,
                links: zip(found.links, kinds).map { (url: $0, kind: $1) }, notes: notes))
        }

        /// One line of text as the build accepts it in front matter: every run of white space (line breaks too)
        /// one space; control characters and noncharacters (`ForbiddenCharacters`) dropped; and a citation
        /// (`[@a]`, which the build refuses in a front-matter value) opened with `[ @`, which is no citation.
        static func clean(_ text: String) -> String {
            let line = oneLine(text)
            return citation(in: line) == nil ? line : line.replacingOccurrences(of: "[@", with: "[ @")
        }

        private static func oneLine(_ text: String) -> String {
            let kept = String(String.UnicodeScalarView(text.unicodeScalars.filter {
                $0.properties.isWhitespace || ($0.properties.generalCategory != .control && !ForbiddenCharacters.isForbidden($0))
            }))
            return kept.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }

        /// The first citation the build would find in `text` (`[@a]`, `[@a; @b]`), as written.
        static func citation(in text: String) -> String? {
            var text = text
            return text.withUTF8 { bytes in
                CitationScanner.scanLiteral(bytes).first.map { String(decoding: bytes[$0.range], as: UTF8.self) }
            }
        }

        /// A note for each column of free text holding a citation, which `clean` writes otherwise.
        static func citationNotes(_ value: (String) -> String) -> [String] {
            ["area_name", "decision_maker", "ordered_by", "gov_justification", "other_affected"].compactMap { column in
                citation(in: oneLine(value(column))).map { found in
                    let defused = found.replacingOccurrences(of: "[@", with: "[ @")
                    return "\(column) holds \(found), which the build would read as a citation of a source; imported as \(defused)"
                }
            }
        }

        var baseID: String {
            var id = "stop-\(country.lowercased())-\(start.iso)-\(type.rawValue)"
            if !regions.isEmpty { id += "-" + Slug.make(regions.joined(separator: " ")) }
            return Scaffold.shortened(id)
        }

        var title: String {
            let countryName = CountryCodes.names[country] ?? country
            let place = regions.isEmpty ? countryName : "\(regions.joined(separator: ", ")), \(countryName)"
            return "\(type.label) in \(place)"
        }
    }

    // MARK: Files

    /// A source's id from its address: readable, and unique through the address's hash.
    static func sourceID(_ url: String) -> String {
        let address = url.replacingOccurrences(of: "https://", with: "").replacingOccurrences(of: "http://", with: "")
        let hash = ContentHash.hex(ContentHash.digest(Data(url.utf8))).prefix(8)
        return "stop-" + String(Slug.make(address).prefix(60)).trimmingCharacters(in: ["-"]) + "-" + hash
    }

    static func publisher(_ url: String) -> String {
        let host = URLComponents(string: url)?.host ?? url
        return host.hasPrefix("www.") ? String(host.dropFirst(4)) : host
    }

    static func files(_ rows: [Row]) -> [ImportedFile] {
        // Sources: one per distinct address, in the order first cited; the kind of the first row citing it,
        // published (STOP has no date of its own) on the earliest start among the rows citing it.
        var sources: [String: (id: String, kind: SourceKind, published: PartialDate)] = [:]
        var sourceOrder: [String] = []
        for row in rows {
            for (url, kind) in row.links {
                if let known = sources[url] {
                    if row.start < known.published { sources[url]!.published = row.start }
                } else {
                    sources[url] = (sourceID(url), kind, row.start)
                    sourceOrder.append(url)
                }
            }
        }
        var files: [ImportedFile] = []
        var taken: Set<String> = []
        // For each base id, the sequence number to try next (every one before it is taken): trying from 1 for
        // each row took time growing with the square of the number of rows sharing a base id.
        var nextSequence: [String: Int] = [:]
        for row in rows {
            var sequence = nextSequence[row.baseID] ?? 1
            var id = sequence == 1 ? row.baseID : "\(row.baseID)-\(sequence)"
            while taken.contains(id) {
                sequence += 1
                id = "\(row.baseID)-\(sequence)"
            }
            taken.insert(id)
            nextSequence[row.baseID] = sequence + 1
            var seen: Set<String> = []
            let cited = row.links.map { sources[$0.url]!.id }.filter { seen.insert($0).inserted }
            files.append(ImportedFile(path: "content/incidents/\(id).md", importer: importer, body: incidentText(row, cited: cited)))
        }
        for url in sourceOrder {
            let source = sources[url]!
            let text = """
                title: \(Scaffold.yamlQuoted(url.replacingOccurrences(of: "https://", with: "").replacingOccurrences(of: "http://", with: "")))
                publisher: \(Scaffold.yamlQuoted(publisher(url)))
                url: \(Scaffold.yamlQuoted(url))
                published: \(source.published.iso)
                kind: \(source.kind.rawValue)
                ---

                """
            files.append(ImportedFile(path: "content/sources/\(source.id).md", importer: importer, body: text))
        }
        return files
    }

    static func incidentText(_ row: Row, cited: [String]) -> String {
        func list(_ items: [String]) -> String { "[" + items.map(Scaffold.yamlQuoted).joined(separator: ", ") + "]" }
        var lines = [
            "title: \(Scaffold.yamlQuoted(row.title))",
            "country: \(row.country)",
        ]
        if !row.regions.isEmpty { lines.append("regions: \(list(row.regions))") }
        lines += [
            "platforms: \(list(row.platforms))",
            "type: \(row.type.rawValue)",
            "status: \(row.status.rawValue)",
            "verification: reported",
            "start: \(row.start.iso)",
        ]
        if let end = row.end { lines.append("end: \(end.iso)") }
        if let orderedBy = row.orderedBy { lines.append("ordered_by: \(Scaffold.yamlQuoted(orderedBy))") }
        if let justification = row.justification { lines.append("justification: \(Scaffold.yamlQuoted(justification))") }
        let citation = cited.isEmpty ? "" : " [" + cited.map { "@" + $0 }.joined(separator: "; ") + "]"
        return lines.joined(separator: "\n") + "\n---\nRecorded in Access Now's STOP dataset\(citation).\n"
    }

    // MARK: Writing

    /// What the import did, or would do, with one file.
    public struct FileResult: Sendable, Equatable {
        public let path: String
        let action: ImportedFile.Action

        public var description: String {
            switch action {
            case .create: return "create \(path)"
            case .update: return "update \(path)"
            case .unchanged: return "unchanged \(path)"
            case .keepEdited: return "keep \(path): edited since it was imported, so the import leaves it alone"
            case .keepAuthored: return "keep \(path): not written by 'tracker import stop', so the import leaves it alone"
            }
        }
    }

    /// Compares every file with what `site` holds and, unless `dryRun`, writes those to create or update.
    public func apply(site: String, dryRun: Bool) throws(Failure) -> [FileResult] {
        var results: [FileResult] = []
        for file in files {
            let path = (site as NSString).appendingPathComponent(file.path)
            let existing = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
            let action = file.action(existing: existing, importer: Self.importer)
            results.append(FileResult(path: file.path, action: action))
            guard !dryRun, action == .create || action == .update else { continue }
            do {
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(file.text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw Failure(description: "cannot write \(path): \(error.localizedDescription)")
            }
        }
        return results
    }

    /// The whole report: every row skipped or noted, in row order; every file created, updated or kept; the counts.
    public func report(_ results: [FileResult], dryRun: Bool) -> String {
        var lines = notes.map(\.description)
        lines += results.filter { $0.action != .unchanged }.sorted { $0.path < $1.path }.map { (dryRun ? "would " : "") + $0.description }
        func counts(_ folder: String) -> String {
            let inFolder = results.filter { $0.path.hasPrefix("content/\(folder)/") }
            let created = inFolder.count(where: { $0.action == .create }), updated = inFolder.count(where: { $0.action == .update })
            let unchanged = inFolder.count(where: { $0.action == .unchanged })
            let kept = inFolder.count(where: { $0.action == .keepEdited || $0.action == .keepAuthored })
            return "\(inFolder.count) \(folder) (\(created) new, \(updated) updated, \(unchanged) unchanged, \(kept) kept)"
        }
        let skipped = notes.count(where: \.skipped)
        lines.append("\(dryRun ? "Dry run, nothing written: would import" : "Imported") \(importedRows) of \(rowCount) rows (\(skipped) skipped): \(counts("incidents")), \(counts("sources")).")
        return lines.joined(separator: "\n") + "\n"
    }
}

/// `data/incidents.stop.csv`: the incidents in the columns of Access Now's STOP dataset (`StopDataset`), for
/// sharing with it and for `tracker import stop` on another tracker. Columns the tracker has nothing for stay empty.
extension DataExport {
    static func incidentsStopCSV(_ site: Site, into csv: ByteBuffer, cache: FragmentCache? = nil) {
        csv.append(StopDataset.columns.joined(separator: ",") + "\r\n")
        for index in site.incidents.indices {
            if let cache {
                cache.append(index, to: csv) { stopRow(site, index, into: csv) }
            } else {
                stopRow(site, index, into: csv)
            }
            csv.flushIfLarge()
        }
    }

    static func stopRow(_ site: Site, _ index: Int, into csv: ByteBuffer) {
        let incident = site.incidents[index]
        // Positions in `site.sources`, not copies of the sources.
        let sources = site.references[index].compactMap { site.sourceIndex[$0] }.filter { site.sources[$0].url != nil }
        let mapped = StopDataset.stopValues(type: incident.type, platforms: incident.platforms)
        let at = stopPositions
        // The row's values in the columns' order, each column's place worked out once for all rows.
        var values = [String](repeating: "", count: StopDataset.columns.count)
        for (position, value) in zip(at.services, mapped.affected) { values[position] = value }
        values[at.startDate] = incident.start.iso
        values[at.country] = CountryCodes.names[incident.country] ?? incident.country
        values[at.areaName] = incident.regions.joined(separator: ", ")
        values[at.shutdownType] = mapped.shutdownType
        values[at.affectedNetwork] = mapped.network
        values[at.decisionMaker] = incident.orderedBy ?? ""
        values[at.infoSource] = sources.map { StopDataset.stopLabel(site.sources[$0].kind) }.joined(separator: ", ")
        values[at.infoSourceLink] = sources.compactMap { site.sources[$0].url }.joined(separator: "\n")
        values[at.shutdownStatus] = StopDataset.stopStatus(incident.status)
        values[at.endDate] = incident.end?.iso ?? ""
        values[at.duration] = StopDataset.durationInDays(start: incident.start, end: incident.end).map { String($0) } ?? ""
        values[at.govJustification] = incident.justification ?? ""
        values[at.otherAffected] = mapped.other
        for (column, value) in values.enumerated() {
            if column > 0 { csv.append(UInt8(ascii: ",")) }
            appendCSVField(value, to: csv)
        }
        csv.append([13, 10])
    }

    /// Where each column `stopRow` fills is in `StopDataset.columns`.
    struct StopPositions {
        let startDate, country, areaName, shutdownType, affectedNetwork, decisionMaker, infoSource, infoSourceLink: Int
        let shutdownStatus, endDate, duration, govJustification, otherAffected: Int
        /// Those of `StopDataset.serviceColumns`, in their order.
        let services: [Int]

        init() {
            func at(_ name: String) -> Int { StopDataset.columns.firstIndex(of: name)! }
            startDate = at("start_date")
            country = at("country")
            areaName = at("area_name")
            shutdownType = at("shutdown_type")
            affectedNetwork = at("affected_network")
            decisionMaker = at("decision_maker")
            infoSource = at("info_source")
            infoSourceLink = at("info_source_link")
            shutdownStatus = at("shutdown_status")
            endDate = at("end_date")
            duration = at("duration")
            govJustification = at("gov_justification")
            otherAffected = at("other_affected")
            services = StopDataset.serviceColumns.map { at($0.column) }
        }
    }

    static let stopPositions = StopPositions()
}

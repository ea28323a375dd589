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
        var values: [String: String] = mapped.affected
        values["start_date"] = incident.start.iso
        values["country"] = CountryCodes.names[incident.country] ?? incident.country
        values["area_name"] = incident.regions.joined(separator: ", ")
        values["shutdown_type"] = mapped.shutdownType
        values["affected_network"] = mapped.network
        values["decision_maker"] = incident.orderedBy
        values["info_source"] = sources.map { StopDataset.stopLabel(site.sources[$0].kind) }.joined(separator: ", ")
        values["info_source_link"] = sources.compactMap { site.sources[$0].url }.joined(separator: "\n")
        values["shutdown_status"] = StopDataset.stopStatus(incident.status)
        values["end_date"] = incident.end?.iso
        values["duration"] = StopDataset.durationInDays(start: incident.start, end: incident.end).map { String($0) }
        values["gov_justification"] = incident.justification
        values["other_affected"] = mapped.other
        for (column, name) in StopDataset.columns.enumerated() {
            if column > 0 { csv.append(UInt8(ascii: ",")) }
            csv.append(csvField(values[name] ?? ""))
        }
        csv.append([13, 10])
    }
}

/// `incidents/rows.json`: every incident as one compact row, newest first, for the incidents table's
/// script (`assets/incidents.js`). A paginated list holds only its page's rows; the script loads this
/// file when the reader starts filtering or sorting, and shows the matching rows of the whole list.
///
///     {"countries": [["pk", "Pakistan"], …], "platforms": [["x", "X"], …],
///      "rows": [["pk-x-2024", "X blocked", "2024-02-17", 0, [0], 3, 0], …],
///      "statuses": [["ongoing", "Ongoing"], …], "types": [["full-shutdown", "Full shutdown"], …],
///      "urls": {"country": "/countries/", "incident": "/incidents/", "platform": "/platforms/"}}
///
/// A row is id, title, start (ISO, as precise as known), then indices into `countries`, `platforms`,
/// `types` and `statuses`. An item's page is its list's URL, its id (a country's in lower case) and "/".
enum IncidentRows {
    /// With a cache (the preview), each incident's row is kept for the next rebuild.
    static func json(_ site: Site, urls: SiteURLs, into output: ByteBuffer, cache: FragmentCache? = nil) {
        let countries = Dictionary(uniqueKeysWithValues: site.countries.enumerated().map { ($1.slug, $0) })
        let platforms = Dictionary(uniqueKeysWithValues: site.platforms.enumerated().map { ($1.slug, $0) })
        let types = Dictionary(uniqueKeysWithValues: IncidentType.allCases.enumerated().map { ($1, $0) })
        let statuses = Dictionary(uniqueKeysWithValues: IncidentStatus.allCases.enumerated().map { ($1, $0) })
        // A platform's slug is made once per name written, not once per incident.
        var platformIndices: [String: Int] = [:]
        func platformIndex(_ name: String) -> Int {
            if let known = platformIndices[name] { return known }
            let index = platforms[Slug.make(name)] ?? -1
            platformIndices[name] = index
            return index
        }
        var json = JSONWriter(pretty: false, output: output)
        /// `"name": [[value, label], …]`.
        func pairs(_ name: StaticString, _ items: [(String, String)]) {
            json.key(name)
            json.openArray()
            for (value, label) in items {
                json.openArray()
                json.string(value)
                json.string(label)
                json.closeArray()
            }
            json.closeArray()
        }
        json.openObject()
        pairs("countries", site.countries.map { ($0.slug, $0.name) })
        pairs("platforms", site.platforms.map { ($0.slug, $0.name) })
        json.key("rows")
        json.arrays(site.incidents.count, cache: cache) { json, index in
            let incident = site.incidents[index]
            json.string(incident.id)
            json.string(incident.title)
            json.string(incident.start.iso)
            json.int(countries[incident.country.lowercased()] ?? -1)
            json.openArray()
            for platform in incident.platforms { json.int(platformIndex(platform)) }
            json.closeArray()
            json.int(types[incident.type]!)
            json.int(statuses[incident.status]!)
        }
        pairs("statuses", IncidentStatus.allCases.map { ($0.rawValue, $0.label) })
        pairs("types", IncidentType.allCases.map { ($0.rawValue, $0.label) })
        json.key("urls")
        json.openObject()
        json.field("country", urls.url(for: .countryList))
        json.field("incident", urls.url(for: .incidentList))
        json.field("platform", urls.url(for: .platformList))
        json.closeObject()
        json.closeObject()
    }
}

/// Whose reporting a set of sources carries: its independent origins.
///
/// The one definition of "independent origins": a source's origin is its `origin` field, else its
/// publisher (a source without `origin` is its own origin), trimmed; two origins are the same when they
/// are equal ignoring case; an origin is shown as its first spelling in the set. The sets counted are an
/// incident's whole reference list (body citations and timeline sources) and each timeline event's
/// sources, once each, at link time (`SiteLinker`).
public struct OriginCount: Sendable, Hashable {
    /// One origin and the sources carrying it.
    public struct Origin: Sendable, Hashable {
        /// The first spelling met in the set.
        public let name: String
        /// Positions in the counted list (for an incident, its reference list: position + 1 is the reference number).
        public let sources: [Int]
    }

    public let sourceCount: Int
    /// In order of first appearance in the counted list.
    public let origins: [Origin]

    public static let none = OriginCount(sourceCount: 0, origins: [])

    /// Counts `sources` (each once, in the list's order); a nil entry (an unknown id) is not counted.
    public init(_ sources: [Source?]) {
        self.init(originNames: sources.map { $0?.originName })
    }

    /// Counts sources by their `Source.originName`s, in the list's order; a nil entry (an unknown id) is not counted.
    init(originNames: [String?]) {
        var origins: [(key: String, name: String, sources: [Int])] = []
        var count = 0
        for (position, name) in originNames.enumerated() {
            guard let name else { continue }
            count += 1
            let key = name.lowercased()
            // A handful of origins per incident: a short array searched in order beats a dictionary.
            if let existing = origins.firstIndex(where: { $0.key == key }) {
                origins[existing].sources.append(position)
            } else {
                origins.append((key, name, [position]))
            }
        }
        self.init(sourceCount: count, origins: origins.map { Origin(name: $0.name, sources: $0.sources) })
    }

    init(sourceCount: Int, origins: [Origin]) {
        self.sourceCount = sourceCount
        self.origins = origins
    }

    /// The origins' names, in order.
    public var names: [String] { origins.map(\.name) }

    /// The only origin, when there is exactly one.
    public var singleOrigin: String? { origins.count == 1 ? origins[0].name : nil }
}

/// The origins of one incident: of its whole reference list, and of each timeline event.
public struct IncidentOrigins: Sendable, Hashable {
    public let whole: OriginCount
    /// One per timeline event, in the incident's order.
    public let events: [OriginCount]
}

extension Source {
    /// Whose reporting the source carries: `origin`, else its publisher, trimmed (see `OriginCount`).
    public var originName: String {
        if let origin = origin?.trimmedOfWhitespace, !origin.isEmpty { return origin }
        return publisher.trimmedOfWhitespace
    }
}

extension Site {
    /// The origins of an incident's reference list and of each of its events; `sourceIndex` resolves the ids to
    /// positions in `originNames` (each source's `Source.originName`, made once for the site, not per citation).
    static func origins(of incident: Incident, references: [String], originNames: [String], sourceIndex: [String: Int]) -> IncidentOrigins {
        let resolve = { (id: String) in sourceIndex[id].map { originNames[$0] } }
        return IncidentOrigins(
            whole: OriginCount(originNames: references.map(resolve)),
            events: incident.timeline.map { event in
                var seen: [String] = []
                for reference in event.sources where !seen.contains(reference.id) { seen.append(reference.id) }
                return OriginCount(originNames: seen.map(resolve))
            })
    }
}

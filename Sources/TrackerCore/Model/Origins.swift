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
        public internal(set) var sources: [Int]
    }

    public let sourceCount: Int
    /// In order of first appearance in the counted list.
    public let origins: [Origin]

    public static let none = OriginCount(sourceCount: 0, origins: [])

    /// Counts `sources` (each once, in the list's order); a nil entry (an unknown id) is not counted.
    public init(_ sources: [Source?]) {
        var numbers: [Int] = []
        var names: [String] = []
        for source in sources {
            numbers.append(source == nil ? -1 : names.count)
            if let source { names.append(source.originName) }
        }
        self.init(sources: numbers, names: SiteOrigins(names: names))
    }

    /// Counts sources given by their numbers in `names` (-1, an unknown id, is not counted), in the list's order.
    /// Every timeline event of the site is counted at each link, so the origins are made in place: an origin is
    /// found by its number (`SiteOrigins.keys`), not by comparing strings, among those met so far (on the stack).
    init(sources: [Int], names: SiteOrigins) {
        var count = 0
        let origins = withUnsafeTemporaryAllocation(of: Int.self, capacity: sources.count) { keys -> [Origin] in
            var origins: [Origin] = []
            for (position, source) in sources.enumerated() where source >= 0 {
                count += 1
                let key = names.keys[source]
                // A handful of origins per incident: a short list searched in order beats a dictionary.
                if let existing = (0 ..< origins.count).first(where: { keys[$0] == key }) {
                    origins[existing].sources.append(position)
                } else {
                    keys[origins.count] = key
                    origins.append(Origin(name: names.names[source], sources: [position]))
                }
            }
            return origins
        }
        self.init(sourceCount: count, origins: origins)
    }

    init(sourceCount: Int, origins: [Origin]) {
        self.sourceCount = sourceCount
        self.origins = origins
    }

    /// The origins' names, in order.
    public var names: [String] { origins.map(\.name) }

    /// The origins' names, in order, with `separator` between them: most counts have one origin or two,
    /// whose names are used as they are or put together in one piece, without an array of them.
    public func names(joinedBy separator: String) -> String {
        switch origins.count {
        case 0: ""
        case 1: origins[0].name
        case 2: .concatenating(origins[0].name, separator, origins[1].name)
        default: names.joined(separator: separator)
        }
    }

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

/// Each source's `Source.originName` (by the source's number in the site) and the number of its origin, which
/// two origins are compared by: the same number for names equal ignoring case (their lowercased forms equal as
/// strings). Made once for the site, not for each citation of a source.
struct SiteOrigins: Sendable {
    let names: [String]
    let keys: [Int]

    init(names: [String]) {
        self.names = names
        keys = Self.numbers(names.map { $0.lowercased() })
    }

    init(_ sources: [Source]) {
        names = sources.parallelMap(\.originName)
        keys = Self.numbers(names.parallelMap { $0.lowercased() })
    }

    /// A number for each distinct string, in order of first appearance.
    private static func numbers(_ keys: [String]) -> [Int] {
        var numbers: [String: Int] = [:]
        return keys.map { key in
            if let number = numbers[key] { return number }
            numbers[key] = numbers.count
            return numbers.count - 1
        }
    }
}

extension Site {
    /// The origins of an incident's reference list and of each of its events: `references` holds each
    /// reference's number among the sources (-1 for an unknown id), `events` the positions in the
    /// reference list of each event's sources (each once, in the event's order).
    static func origins(references: [Int], events: [[Int]], names: SiteOrigins) -> IncidentOrigins {
        IncidentOrigins(
            whole: OriginCount(sources: references, names: names),
            events: events.map { positions in OriginCount(sources: positions.map { references[$0] }, names: names) })
    }
}

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
        public var sources: [Int] {
            switch positions {
            case .one(let position): [position]
            case .many(let positions): positions
            }
        }
        /// `sources`: most origins of a count carry one source, held without an array.
        private var positions: Positions

        private enum Positions: Sendable, Hashable {
            case one(Int)
            /// Two or more.
            case many([Int])
        }

        init(name: String, sources: [Int]) {
            self.name = name
            positions = sources.count == 1 ? .one(sources[0]) : .many(sources)
        }

        /// Adds a later position in the counted list.
        mutating func append(_ position: Int) {
            switch positions {
            case .one(let first):
                positions = .many([first, position])
            case .many(var list):
                // Let go of the stored list first, so that it is appended to in place.
                positions = .one(0)
                list.append(position)
                positions = .many(list)
            }
        }
    }

    public let sourceCount: Int
    /// The origins, held as `Storage` says.
    private let storage: Storage

    /// Most counts (a timeline event's one or two sources, an incident citing one outlet) are one origin
    /// carrying every position counted: that name alone is kept, without an array of origins and one of
    /// positions for it (two allocations per event, a tenth of a large build's memory while it is linked).
    private enum Storage: Sendable, Hashable {
        /// No origin: nothing counted.
        case none
        /// One origin, carrying positions 0 to `sourceCount` − 1.
        case single(String)
        /// Any other count, in order of first appearance.
        case listed([Origin])
    }

    /// In order of first appearance in the counted list.
    public var origins: [Origin] {
        switch storage {
        case .none: []
        case .single(let name): [Origin(name: name, sources: Array(0 ..< sourceCount))]
        case .listed(let origins): origins
        }
    }

    /// How many origins there are: `origins.count`.
    public var originCount: Int {
        switch storage {
        case .none: 0
        case .single: 1
        case .listed(let origins): origins.count
        }
    }

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
        // The usual count first: every source known and of one origin, kept as its name alone.
        if let first = sources.first, first >= 0 {
            let key = names.keys[first]
            if sources.allSatisfy({ $0 >= 0 && names.keys[$0] == key }) {
                self.init(sourceCount: sources.count, storage: .single(names.names[first]))
                return
            }
        }
        var count = 0
        let origins = withUnsafeTemporaryAllocation(of: Int.self, capacity: sources.count) { keys -> [Origin] in
            var origins: [Origin] = []
            for (position, source) in sources.enumerated() where source >= 0 {
                count += 1
                let key = names.keys[source]
                // A handful of origins per incident: a short list searched in order beats a dictionary.
                if let existing = (0 ..< origins.count).first(where: { keys[$0] == key }) {
                    origins[existing].append(position)
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
        // The same count is held the same way however it was made (equal counts compare equal).
        let whole = origins.count == 1 && origins[0].sources.elementsEqual(0 ..< sourceCount)
        self.init(sourceCount: sourceCount, storage: origins.isEmpty ? .none : whole ? .single(origins[0].name) : .listed(origins))
    }

    private init(sourceCount: Int, storage: Storage) {
        self.sourceCount = sourceCount
        self.storage = storage
    }

    /// The origins' names, in order.
    public var names: [String] {
        switch storage {
        case .none: []
        case .single(let name): [name]
        case .listed(let origins): origins.map(\.name)
        }
    }

    /// The origins' names, in order, with `separator` between them: most counts have one origin or two,
    /// whose names are used as they are or put together in one piece, without an array of them.
    public func names(joinedBy separator: String) -> String {
        switch storage {
        case .none: ""
        case .single(let name): name
        case .listed(let origins) where origins.count == 1: origins[0].name
        case .listed(let origins) where origins.count == 2: .concatenating(origins[0].name, separator, origins[1].name)
        case .listed(let origins): origins.map(\.name).joined(separator: separator)
        }
    }

    /// The only origin, when there is exactly one.
    public var singleOrigin: String? {
        switch storage {
        case .none: nil
        case .single(let name): name
        case .listed(let origins): origins.count == 1 ? origins[0].name : nil
        }
    }
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

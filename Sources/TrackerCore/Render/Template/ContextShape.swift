/// What a template can find under a name of its context: the declared shape of a `TemplateValue`,
/// used to check a theme's names before anything is rendered (`TemplateNameCheck`).
indirect enum ContextShape: Hashable, Sendable, ExpressibleByDictionaryLiteral {
    /// A string or a number: `{{name}}` shows it; a section over it renders once with it as `{{.}}`.
    case text
    /// A Boolean: a section over it renders its body in the same context, or not at all.
    case flag
    /// Names and their shapes; a name may be absent from a given value (an incident without `end`).
    case object([String: ContextShape])
    /// A list (plain or generated) of values of one shape.
    case list(ContextShape)

    init(dictionaryLiteral elements: (String, ContextShape)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    /// The names of an object, nil for any other shape.
    var names: [String: ContextShape]? {
        if case .object(let names) = self { return names }
        return nil
    }

    /// This object with `more` names added (replacing any of the same name), as `TemplateValue.object(_:over:)` lays them.
    func adding(_ more: [String: ContextShape]) -> ContextShape {
        .object((names ?? [:]).merging(more) { _, new in new })
    }

    func adding(_ more: ContextShape) -> ContextShape { adding(more.names ?? [:]) }
}

extension ContextShape {
    /// Where `value` does not fit this shape: a name it has that is not declared, or a value of another
    /// kind, as "path: problem" lines. `seen` collects the declared names it has (as dotted paths), so
    /// a caller can also find declared names that no rendered value ever had.
    func mismatches(_ value: TemplateValue, at path: String, seen: inout Set<String>) -> [String] {
        switch (self, value) {
        case (.text, .string), (.text, .storedHTML), (.text, .int), (.flag, .bool):
            return []
        case (.text, .bool(false)), (.object, .bool(false)):
            // false is how a context says "not there" where a section must not reach an outer name.
            return []
        case (.list(let element), .list(let items)):
            return items.flatMap { element.mismatches($0, at: path + "[]", seen: &seen) }
        case (.list(let element), .generated(let list)):
            return list.elements.flatMap { element.mismatches($0, at: path + "[]", seen: &seen) }
        case (.object(let names), .object(let object)):
            return object.flatMap { key, child -> [String] in
                let childPath = path.isEmpty ? key : path + "." + key
                guard let shape = names[key] else { return ["\(childPath): not declared"] }
                seen.insert(childPath)
                return shape.mismatches(child, at: childPath, seen: &seen)
            }
        case (.object, .layered(let top, let base)):
            return mismatches(.object(top), at: path, seen: &seen) + mismatches(base, at: path, seen: &seen)
        default:
            return ["\(path): declared \(self.kind), rendered \(value)"]
        }
    }

    /// Every declared name, as dotted paths (list elements as `[]`), for the check above.
    func declaredPaths(at path: String = "") -> Set<String> {
        switch self {
        case .text, .flag: return []
        case .list(let element): return element.declaredPaths(at: path + "[]")
        case .object(let names):
            var paths: Set<String> = []
            for (key, shape) in names {
                let childPath = path.isEmpty ? key : path + "." + key
                paths.insert(childPath)
                paths.formUnion(shape.declaredPaths(at: childPath))
            }
            return paths
        }
    }

    private var kind: String {
        switch self {
        case .text: return "text"
        case .flag: return "flag"
        case .object: return "object"
        case .list: return "list"
        }
    }
}

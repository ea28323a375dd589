/// Finds `{{> name}}` and `{{< name}}` tags in template text, with their positions.
enum TemplateReferences {
    struct Reference: Equatable {
        let name: String
        let isParent: Bool
        let line: Int
        let column: Int
    }

    static func scan(_ text: String) -> [Reference] {
        var references: [Reference] = []
        let scalars = Array(text.unicodeScalars)
        var line = 1, column = 1, index = 0
        while index < scalars.count {
            if scalars[index] == "{", index + 1 < scalars.count, scalars[index + 1] == "{" {
                var cursor = index + 2
                while cursor < scalars.count, scalars[cursor] == " " { cursor += 1 }
                if cursor < scalars.count, scalars[cursor] == ">" || scalars[cursor] == "<" {
                    let isParent = scalars[cursor] == "<"
                    cursor += 1
                    var name = ""
                    while cursor < scalars.count, scalars[cursor] != "}" { name.unicodeScalars.append(scalars[cursor]); cursor += 1 }
                    let trimmed = name.trimmingCharacters(in: .whitespaces)
                    if !trimmed.isEmpty, !trimmed.hasPrefix("*") {
                        references.append(Reference(name: trimmed, isParent: isParent, line: line, column: column))
                    }
                }
            }
            if scalars[index] == "\n" { line += 1; column = 1 } else { column += 1 }
            index += 1
        }
        return references
    }

    /// A cycle's chain as an error shows it: `a → b → a`, and past 10 names the first 5, how many are left out, and the last 5.
    static func describe(_ chain: [String]) -> String {
        guard chain.count > 10 else { return chain.joined(separator: " → ") }
        return (chain.prefix(5) + ["… \(chain.count - 10) more …"] + chain.suffix(5)).joined(separator: " → ")
    }

    /// The chains of partials and parents that come back to a template already being rendered (`page → item →
    /// page`): a theme's contexts are not recursive, so such a template would include itself without end. Each
    /// cycle once, as the template and reference that close it and the chain of names.
    static func cycles(_ references: [String: [Reference]]) -> [(template: String, reference: Reference, chain: [String])] {
        var found: [(template: String, reference: Reference, chain: [String])] = []
        var seen: Set<[String]> = []
        var done: Set<String> = []
        // A walk in depth, with a stack of its own rather than the thread's: a theme may chain thousands
        // of partials. Each template on the path, with the index of its next reference; where each is on it.
        var path: [(name: String, next: Int)] = []
        var onPath: [String: Int] = [:]
        func enter(_ name: String) {
            onPath[name] = path.count
            path.append((name, 0))
        }
        for root in references.keys.sorted() where !done.contains(root) {
            enter(root)
            while let (name, next) = path.last {
                let outgoing = references[name] ?? []
                guard next < outgoing.count else {
                    path.removeLast()
                    onPath[name] = nil
                    done.insert(name)
                    continue
                }
                path[path.count - 1].next = next + 1
                let reference = outgoing[next]
                if done.contains(reference.name) { continue }
                if let start = onPath[reference.name] {
                    let chain = path[start...].map(\.name) + [reference.name]
                    if seen.insert(Set(chain).sorted()).inserted { found.append((name, reference, chain)) }
                } else if references[reference.name] != nil {
                    enter(reference.name)
                }
            }
        }
        return found
    }
}

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

    /// The chains of partials and parents that come back to a template already being rendered (`page → item →
    /// page`): a theme's contexts are not recursive, so such a template would include itself without end. Each
    /// cycle once, as the template and reference that close it and the chain of names.
    static func cycles(_ references: [String: [Reference]]) -> [(template: String, reference: Reference, chain: [String])] {
        var found: [(template: String, reference: Reference, chain: [String])] = []
        var seen: Set<[String]> = []
        var done: Set<String> = []
        var path: [String] = []
        func visit(_ name: String) {
            path.append(name)
            for reference in references[name] ?? [] where !done.contains(reference.name) {
                if let start = path.firstIndex(of: reference.name) {
                    let chain = Array(path[start...]) + [reference.name]
                    if seen.insert(Set(chain).sorted()).inserted { found.append((name, reference, chain)) }
                } else if references[reference.name] != nil {
                    visit(reference.name)
                }
            }
            path.removeLast()
            done.insert(name)
        }
        for name in references.keys.sorted() where !done.contains(name) { visit(name) }
        return found
    }
}

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
}

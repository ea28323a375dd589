import Yams

/// Parses YAML with the basic resolver (every scalar a string; the schema gives types), turning
/// libyaml's errors into diagnostics at the right file line. Front matter in the subset `FastFrontMatterParser`
/// reads skips Yams; anything else (including every error) goes through Yams exactly as before.
func parseYAML(_ yaml: String, collector: DiagnosticCollector, lineOffset: Int) -> [FrontMatterPair]? {
    if let root = FrontMatterYAML.parseFast(yaml), let pairs = root.mapping { return pairs }
    let node: FrontMatterNode?
    do {
        node = try FrontMatterYAML.parseWithYams(yaml)
    } catch let error as YamlError {
        let (message, mark) = describe(error)
        collector.error(message, at: SourceLocation(line: (mark?.line ?? 1) + lineOffset, column: mark?.column ?? 1))
        return nil
    } catch {
        collector.error("cannot read the YAML: \(error)", at: SourceLocation(line: 1 + lineOffset, column: 1))
        return nil
    }
    guard let node else { return [] }
    guard let mapping = node.mapping else {
        collector.error("the front matter must be a mapping of keys to values", at: SourceLocation(line: (node.mark?.line ?? 1) + lineOffset, column: node.mark?.column ?? 1))
        return nil
    }
    return mapping
}

private func describe(_ error: YamlError) -> (String, Mark?) {
    switch error {
    case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
        let detail = context.map { " (\($0.text))" } ?? ""
        return ("invalid YAML: \(problem)\(detail)", mark)
    case let .duplicatedKeysInMapping(duplicates, context):
        return ("duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in front matter", context.mark)
    case let .reader(problem, _, _, _):
        return ("invalid YAML: \(problem)", nil)
    default:
        return ("invalid YAML: \(error)", nil)
    }
}

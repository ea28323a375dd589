import Yams

/// What YAML is parsed, as its errors name it: a content file's front matter, or a file of YAML (site.yml,
/// a strings file).
enum YAMLSource {
    case frontMatter
    /// The file as a sentence names it: "site.yml", "the strings file".
    case file(String)

    /// "the front matter is…", "site.yml is…".
    var subject: String {
        switch self {
        case .frontMatter: return "the front matter"
        case .file(let name): return name
        }
    }

    /// "duplicate key 'x' in front matter", "… in site.yml".
    var container: String {
        switch self {
        case .frontMatter: return "front matter"
        case .file(let name): return name
        }
    }
}

/// Parses YAML with the basic resolver (every scalar a string; the schema gives types), turning
/// libyaml's errors into diagnostics at the right file line. Front matter in the subset `FastFrontMatterParser`
/// reads skips Yams; anything else (including every error) goes through Yams exactly as before.
func parseYAML(_ yaml: String, collector: DiagnosticCollector, lineOffset: Int, source: YAMLSource = .frontMatter) -> [FrontMatterPair]? {
    func location(_ mark: FrontMatterMark?) -> SourceLocation {
        SourceLocation(line: (mark?.line ?? 1) + lineOffset, column: mark?.column ?? 1)
    }
    let size = yaml.utf8.count
    if size > FrontMatterNode.Limits.maxBytes {
        let hint = if case .frontMatter = source { "; keep long text in the body" } else { "" }
        collector.error("\(source.subject) is \(size) bytes, more than the \(FrontMatterNode.Limits.maxBytes) allowed\(hint)", at: location(nil))
        return nil
    }
    let pairs = parseMapping(yaml, collector: collector, location: location, source: source)
    // A forbidden character written literally is reported where the file is read; one that only an escape
    // ("\x0b", "\u0000") makes is reported at its value.
    if let pairs, ByteWords.contains(UInt8(ascii: "\\"), in: yaml), !ForbiddenCharacters.containsLiteral(yaml) {
        FrontMatterNode.mapping(pairs, mark: nil).forEachForbiddenCharacter { scalar, mark in
            collector.error(ForbiddenCharacters.message(scalar, "this value holds "), at: location(mark))
        }
    }
    // A citation written in a value is shown as written, and its source never checked: the body's syntax is read
    // only in bodies. Most front matter holds no "[@" at all.
    if let pairs, ByteWords.contains(UInt8(ascii: "@"), in: yaml), yaml.contains("[@") {
        let hint = if case .frontMatter = source { "cite sources in the body, or list them in a timeline event's 'sources'" } else { "remove it" }
        FrontMatterNode.mapping(pairs, mark: nil).forEachCitation { key, citation, mark in
            let holder = key.map { "'\($0)'" } ?? "this value"
            collector.error("\(holder) holds the citation \(citation), which \(source.subject) does not read: it would show as written; \(hint)",
                            at: location(mark))
        }
    }
    return pairs
}

private func parseMapping(_ yaml: String, collector: DiagnosticCollector, location: (FrontMatterMark?) -> SourceLocation,
                          source: YAMLSource) -> [FrontMatterPair]? {
    if let root = FrontMatterYAML.parseFast(yaml), let pairs = root.mapping { return pairs }
    let node: FrontMatterNode?
    do {
        node = try FrontMatterYAML.parseWithYams(yaml)
    } catch let error as FrontMatterNode.LimitExceeded {
        switch error {
        case .tooDeep(let mark):
            collector.error("\(source.subject) nests lists and mappings more than \(FrontMatterNode.Limits.maxDepth) levels deep", at: location(mark))
        case .tooManyValues(let mark, let limit):
            collector.error("aliases expand \(source.subject) to more than \(limit) values; write the values out instead of repeating anchors",
                            at: location(mark))
        }
        return nil
    } catch let error as YamlError {
        // libyaml's reader refuses a control character without a position; the loader reports each one where it is.
        if case .reader = error, ForbiddenCharacters.containsLiteral(yaml) { return nil }
        let (message, mark) = describe(error, source: source)
        collector.error(message, at: location(FrontMatterMark(mark)))
        return nil
    } catch {
        collector.error("cannot read the YAML: \(error)", at: location(nil))
        return nil
    }
    guard let node else { return [] }
    guard let mapping = node.mapping else {
        collector.error("\(source.subject) must be a mapping of keys to values", at: location(node.mark))
        return nil
    }
    return mapping
}

private func describe(_ error: YamlError, source: YAMLSource) -> (String, Mark?) {
    switch error {
    case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
        // libyaml stops at its own nesting limit (1,000 levels) before the limit of `FrontMatterYAML` is met: the
        // same error, not the name of a C function to call.
        if problem.hasPrefix("Maximum nesting level reached") {
            return ("\(source.subject) nests lists and mappings more than \(FrontMatterNode.Limits.maxDepth) levels deep", mark)
        }
        let detail = context.map { " (\($0.text))" } ?? ""
        return ("invalid YAML: \(problem)\(detail)", mark)
    case let .duplicatedKeysInMapping(duplicates, context):
        return ("duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in \(source.container)", context.mark)
    case let .reader(problem, _, _, _):
        return ("invalid YAML: \(problem)", nil)
    default:
        return ("invalid YAML: \(error)", nil)
    }
}

/// Finds the names a theme uses that no context can provide: `{{titel}}` where the incident has `title`.
///
/// Each template rendered directly is walked with the declared shape of its context, as the renderer
/// would walk it with a value: a name is looked up in the innermost context that has its first part,
/// then outwards (`{{.name}}` in the innermost only), the rest of a dotted name inside what was found;
/// a section over a list or object walks its body with the element pushed, over a flag in place; an
/// inverted section's body is walked whatever its name is; a partial is walked with its caller's
/// contexts, a parent's blocks with the child's overrides. A template shared by several pages (a
/// partial, `base`) is checked with each page's context, and a name is an error only when it resolves
/// in none: `{{#incident}}…{{/incident}}` in a shared header is fine, it shows on incident pages.
struct TemplateNameCheck {
    let templates: [String: CompiledTemplate]
    /// Template name → the path its errors name.
    let paths: [String: String]

    /// One use of a name: its tag's place, and whether any walk could resolve it.
    private struct Use {
        let name: String
        var resolved = false
        /// The part that failed first (0: the first) and the names that were there instead.
        var failedPart = 0
        var candidates: Set<String> = []
    }

    private struct Place: Hashable, Comparable {
        let path: String
        let line: Int
        let column: Int
        static func < (a: Place, b: Place) -> Bool { (a.path, a.line, a.column) < (b.path, b.line, b.column) }
    }

    private var uses: [Place: Use] = [:]
    /// Partials being walked, to stop at a partial that includes itself.
    private var including: [String] = []
    /// Walks already made (template, contexts, overrides): a partial used many times in one setting is walked once.
    private var walked: Set<Int> = []
    /// Bodies being walked inside one another. The walk stops where a render would (`TemplateRendering.maxDepth`,
    /// `maxNesting`), before a chain of partials and sections overflows the thread's stack.
    private var depth = 0

    init(templates: [String: CompiledTemplate], paths: [String: String]) {
        self.templates = templates
        self.paths = paths
    }

    /// Every unresolvable name of the templates in `roots`, walked with their shapes.
    static func check(templates: [String: CompiledTemplate], paths: [String: String], roots: [String: ContextShape]) -> [Diagnostic] {
        var check = TemplateNameCheck(templates: templates, paths: paths)
        for (name, shape) in roots.sorted(by: { $0.key < $1.key }) {
            guard let template = templates[name] else { continue }
            check.walk(template.nodes, in: name, stack: [shape], overrides: [:])
        }
        return check.diagnostics()
    }

    private typealias Overrides = [String: (nodes: [TemplateNode], template: String)]

    private mutating func walk(_ nodes: [TemplateNode], in template: String, stack: [ContextShape], overrides: Overrides) {
        guard depth < TemplateRendering.maxDepth else { return }
        depth += 1
        defer { depth -= 1 }
        for node in nodes {
            switch node {
            case .text, .escaping, .blockDefinition:
                break
            case .variable(let name, _):
                _ = resolve(name, in: template, stack: stack)
            case .section(let name, let body, _):
                guard let shape = resolve(name, in: template, stack: stack) else { continue }
                switch shape {
                case .flag: walk(body, in: template, stack: stack, overrides: overrides)
                case .list(let element): walk(body, in: template, stack: stack + [element], overrides: overrides)
                case .text, .object: walk(body, in: template, stack: stack + [shape], overrides: overrides)
                }
            case .invertedSection(let name, let body):
                _ = resolve(name, in: template, stack: stack)
                walk(body, in: template, stack: stack, overrides: overrides)
            case .partial(let name, let dynamic, _, let blocks, _):
                // `{{>*name}}` picks its template by a value, unknown here; a partial that includes itself is walked once.
                guard !dynamic, let partial = templates[name], including.count < TemplateRendering.maxNesting, !including.contains(name) else { continue }
                var inner = overrides
                // The outermost child's override wins, as when rendering.
                for (block, nodes) in blocks ?? [:] where inner[block] == nil { inner[block] = (nodes, template) }
                var hasher = Hasher()
                hasher.combine(name)
                hasher.combine(stack)
                for (block, override) in inner.sorted(by: { $0.key < $1.key }) {
                    hasher.combine(block)
                    hasher.combine(override.template)
                    hasher.combine(override.nodes)
                }
                guard walked.insert(hasher.finalize()).inserted else { continue }
                including.append(name)
                walk(partial.nodes, in: name, stack: stack, overrides: inner)
                including.removeLast()
            case .block(let name, let defaults, _):
                if let override = overrides[name] {
                    walk(override.nodes, in: override.template, stack: stack, overrides: overrides)
                } else {
                    walk(defaults, in: template, stack: stack, overrides: overrides)
                }
            }
        }
    }

    /// The shape `name` has in `stack`, noting the use; nil when it resolves to nothing there.
    private mutating func resolve(_ name: TemplateName, in template: String, stack: [ContextShape]) -> ContextShape? {
        if name.isImplicit { return stack.last }
        let place = Place(path: paths[template] ?? template, line: name.line, column: name.column)
        var use = uses[place] ?? Use(name: name.text)
        defer { uses[place] = use }
        let scopes = name.isAnchored ? Array(stack.suffix(1)) : Array(stack.reversed())
        var deepestFailure: (part: Int, candidates: [String])?
        for scope in scopes {
            guard var current = scope.names?[name.components[0]] else { continue }
            var part = 1
            while part < name.components.count, let next = current.names?[name.components[part]] {
                current = next
                part += 1
            }
            if part == name.components.count {
                use.resolved = true
                return current
            }
            // Found the first part here, but not the rest: another context may still have all of it.
            if part > (deepestFailure?.part ?? 0) { deepestFailure = (part, current.names.map { Array($0.keys) } ?? []) }
        }
        let failure = deepestFailure ?? (0, scopes.flatMap { $0.names.map { Array($0.keys) } ?? [] })
        if failure.part > use.failedPart { use.failedPart = failure.part; use.candidates = [] }
        if failure.part == use.failedPart { use.candidates.formUnion(failure.candidates) }
        return nil
    }

    private func diagnostics() -> [Diagnostic] {
        uses.filter { !$0.value.resolved }.sorted { $0.key < $1.key }.map { place, use in
            let parts = use.name.split(separator: ".").map(String.init)
            let failed = parts[min(use.failedPart, parts.count - 1)]
            let message: String
            if use.failedPart == 0 {
                message = "unknown name '\(use.name)': no context this template is rendered with has '\(failed)'"
            } else {
                let found = parts.prefix(use.failedPart).joined(separator: ".")
                message = "unknown name '\(use.name)': '\(found)' has no '\(failed)'"
            }
            return Diagnostic(path: place.path, line: place.line, column: place.column,
                              message: message + Suggestion.hint(for: failed, in: use.candidates.sorted()))
        }
    }
}

/// Named compiled templates that render into UTF-8 bytes, resolving partials and parents by name.
public struct TemplateLibrary: Sendable {
    let templates: [String: CompiledTemplate]
    let limits: TemplateLimits

    init(templates: [String: CompiledTemplate], limits: TemplateLimits = .standard) {
        self.templates = templates
        self.limits = limits
    }

    /// Renders the named template with `context` as its only context; false when there is no such template.
    /// A render that passes `limits` sets the output's `stopReason`.
    func render(_ name: String, _ context: TemplateValue, into output: ByteBuffer) -> Bool {
        guard let template = templates[name] else { return false }
        var rendering = TemplateRendering(library: self, name: name, output: output, stack: [context])
        var scope = Scope(indentation: nil, overrides: nil, escaping: true)
        rendering.render(template.nodes, &scope)
        return true
    }

    public func render(_ name: String, _ context: TemplateValue) -> String? {
        let output = ByteBuffer()
        guard render(name, context, into: output) else { return nil }
        return output.string
    }
}

/// How much one render may do. Work can grow exponentially with a template's size: sections over a list
/// nested inside one another each go through the whole list again (a list of 3, nested 30 deep, renders
/// 3^30 bodies), and partials that each include the next twice double it at every level. Past a limit,
/// or past `TemplateRendering.maxNesting`, the render stops and the output's `stopReason` says why (a
/// build reports it as an error for the file).
public struct TemplateLimits: Sendable {
    /// Template nodes visited, each counted once for each context on the stack it renders in (a name is looked
    /// up through them): a section's body counts once for each element, a partial once for each inclusion.
    public var nodeVisits: Int
    /// Bytes written, those already flushed to the file included.
    public var outputBytes: Int

    public init(nodeVisits: Int, outputBytes: Int) {
        self.nodeVisits = nodeVisits
        self.outputBytes = outputBytes
    }

    /// Far above any real page. The largest page of the wide benchmark corpus (10,000 incidents, 20,000
    /// sources) is its sitemap: 630,774 visits and 3.2 MB, so a sitemap of 100,000 incidents would be
    /// about 6.3 million visits and 32 MB. A render that passes the limit takes about 2 s (release build) to get there.
    public static let standard = TemplateLimits(nodeVisits: 250_000_000, outputBytes: 1 << 30)
}

/// What a node renders in, besides the context stack: the indentation of the standalone partials and
/// blocks around it, the block overrides of the parents around it, and whether `{{name}}` escapes HTML.
struct Scope {
    var indentation: [UInt8]?
    var overrides: [String: [TemplateNode]]?
    var escaping: Bool
    /// Identifies `overrides` by content, for cached sections.
    var overridesKey = 0
}

/// One render in progress: the output so far and the stack of contexts (innermost last).
struct TemplateRendering {
    let library: TemplateLibrary
    /// The template rendered, for `stopReason`.
    let name: String
    let output: ByteBuffer
    var stack: [TemplateValue]
    /// Indented partials and blocks being rendered, and cached sections being recorded: both look back
    /// at what they wrote, so the output may be flushed to its file only outside them.
    var indentedScopes = 0
    /// The lowest position in `stack` a lookup has resolved in (-1 for a name found nowhere) since the
    /// innermost cached section began: that section may be kept only if it never looked below its element.
    var lowestLookup = Int.max
    /// Cached sections being recorded: only then do lookups note where they found a name.
    var recording = 0
    /// Partials and parents being rendered inside one another. A theme whose templates include themselves is
    /// refused when it loads (`TemplateReferences.cycles`); past `maxNesting` (a partial named by a value, or
    /// behind changed delimiters) the render stops rather than overflow the stack, as past `library.limits`.
    var nesting = 0
    static let maxNesting = 100
    /// Nodes visited so far, each counted once for each context on the stack, against `library.limits`.
    var visits = 0
    /// Set when a limit of `library.limits`, or `maxNesting`, is passed: nothing more is rendered.
    var halted = false

    /// Renders `nodes` in `scope`, which is the caller's and comes back as it was: a `{{% CONTENT_TYPE }}`
    /// tag changes it for the rest of these nodes only. (Passed in place, as copying it per section cost
    /// a retain and a release of each of its parts.)
    mutating func render(_ nodes: [TemplateNode], _ scope: inout Scope) {
        visits &+= nodes.count &* stack.count
        if visits > library.limits.nodeVisits || output.total > library.limits.outputBytes || halted {
            if !halted {
                halted = true
                let passed = visits > library.limits.nodeVisits ? "visited more than \(library.limits.nodeVisits) template nodes (each counted once for each context around it)"
                    : "wrote more than \(library.limits.outputBytes) bytes"
                stop(passed + ", the most one render may, and stopped: do partials include themselves, or sections over lists nest deep inside one another?")
            }
            return
        }
        let escaping = scope.escaping
        defer { scope.escaping = escaping }
        guard let indentation = scope.indentation, !indentation.isEmpty else {
            for node in nodes {
                render(node, &scope)
                if halted { return }
            }
            return
        }
        // Inside an indented partial or block, each node's output that starts a new line (after a "\n"
        // this template itself wrote) gets the indentation first, as swift-mustache does it.
        indentedScopes += 1
        defer { indentedScopes -= 1 }
        let start = output.count
        for node in nodes {
            let nodeStart = output.count
            render(node, &scope)
            if halted { return }
            if output.count > nodeStart, nodeStart > start, output[nodeStart - 1] == 10,
               !(nodeStart - 2 >= start && output[nodeStart - 2] == 13) {
                output.insert(indentation, at: nodeStart)
            }
        }
    }

    private mutating func render(_ node: TemplateNode, _ scope: inout Scope) {
        switch node {
        case .text(let text):
            output.append(text)
        case .variable(let name, let escaped):
            // The value is written where it is kept: a variable is the commonest tag, and copying its
            // string (and the objects a dotted name passes through) cost a retain and a release each.
            // Nothing changes the stack while the pointer is read.
            guard let value = resolve(name) else { return }
            switch value.pointee {
            case .string(let string):
                if escaped && scope.escaping { appendEscaped(string) } else { output.append(string) }
            case .int(let int): output.append(String(int))
            case .bool(let bool): output.append(bool ? "true" : "false")
            case .list, .object, .layered, .generated: break
            }
        case .section(let name, let nodes, let key):
            guard let value = lookup(name) else { return }
            switch value {
            case .list(let items):
                for item in items {
                    stack.append(item)
                    render(nodes, &scope)
                    stack.removeLast()
                    if indentedScopes == 0 { output.flushIfLarge() }
                }
            case .generated(let list):
                // A cached list keeps the sections of one section body rendered in one setting: the first to render it.
                var cache = list.cache
                if let claimed = cache {
                    var hasher = Hasher()
                    hasher.combine(key)
                    hasher.combine(scope.indentation)
                    hasher.combine(scope.escaping)
                    hasher.combine(scope.overridesKey)
                    if !claimed.claim(for: hasher.finalize()) { cache = nil }
                }
                for index in 0 ..< list.count {
                    if let cache {
                        renderCached(nodes, &scope, list, index, cache)
                    } else {
                        stack.append(list.element(index))
                        render(nodes, &scope)
                        stack.removeLast()
                    }
                    if indentedScopes == 0 { output.flushIfLarge() }
                }
            case .bool(let bool):
                if bool { render(nodes, &scope) }
            case .string, .int, .object, .layered:
                stack.append(value)
                render(nodes, &scope)
                stack.removeLast()
            }
        case .invertedSection(let name, let nodes):
            let value = lookup(name)
            switch value {
            case nil, .bool(false): render(nodes, &scope)
            case .list(let items) where items.isEmpty:
                stack.append(.list([]))
                render(nodes, &scope)
                stack.removeLast()
            case .generated(let list) where list.count == 0:
                stack.append(.list([]))
                render(nodes, &scope)
                stack.removeLast()
            default: break
            }
        case .partial(let name, let dynamic, let indentation, let overrides, let overridesKey):
            var templateName = name
            if dynamic {
                guard case .string(let named)? = lookup(TemplateName(name)) else { return }
                templateName = named
            }
            guard let template = library.templates[templateName] else { return }
            guard nesting < Self.maxNesting else {
                halted = true
                stop("nests partials more than \(Self.maxNesting) deep, and stopped: does a partial include itself (through a partial named by a value, or behind changed delimiters)?")
                return
            }
            nesting += 1
            defer { nesting -= 1 }
            var inner = Scope(indentation: Self.indent(scope.indentation, indentation), overrides: scope.overrides, escaping: true,
                              overridesKey: scope.overridesKey)
            if let overrides {
                // The outermost child's override wins: a grandchild's block beats its parent's.
                inner.overrides = (scope.overrides ?? [:]).merging(overrides) { outer, _ in outer }
                var hasher = Hasher()
                hasher.combine(scope.overridesKey)
                hasher.combine(overridesKey)
                inner.overridesKey = hasher.finalize()
            }
            render(template.nodes, &inner)
        case .block(let name, let defaultNodes, let indentation):
            let nodes = scope.overrides?[name] ?? defaultNodes
            var inner = Scope(indentation: Self.indent(scope.indentation, indentation), overrides: scope.overrides, escaping: scope.escaping,
                              overridesKey: scope.overridesKey)
            render(nodes, &inner)
        case .blockDefinition:
            break
        case .escaping(let escaping):
            scope.escaping = escaping
        }
    }

    /// One element of a cached generated list: its bytes from the cache, or rendered and kept there
    /// when nothing outside the element was looked up (a name from the page around it could change
    /// while the element does not).
    private mutating func renderCached(_ nodes: [TemplateNode], _ scope: inout Scope, _ list: GeneratedList, _ index: Int, _ cache: FragmentCache) {
        let slot = list.cacheSlot(index)
        if cache.appendCached(slot, to: output) { return }
        let start = output.count
        let outerLowest = lowestLookup
        lowestLookup = Int.max
        indentedScopes += 1
        recording += 1
        let floor = stack.count
        stack.append(list.element(index))
        render(nodes, &scope)
        stack.removeLast()
        recording -= 1
        indentedScopes -= 1
        if lowestLookup >= floor, output.stopReason == nil { cache.store(slot, from: output, start: start) }
        lowestLookup = min(outerLowest, lowestLookup)
    }

    /// Notes on the output why the render did not write all of it (the first reason only).
    private func stop(_ reason: String) {
        if output.stopReason == nil { output.stopReason = "template '\(name)' \(reason)" }
    }

    private static func indent(_ outer: [UInt8]?, _ tag: [UInt8]?) -> [UInt8]? {
        guard let tag else { return outer }
        return (outer ?? []) + tag
    }

    /// `{{.}}` is the innermost context; `{{a.b}}` finds `a` in the innermost context that has it, then
    /// `b` inside that `a` only; `{{.a}}` looks in the innermost context alone.
    private mutating func lookup(_ name: TemplateName) -> TemplateValue? {
        resolve(name)?.pointee
    }

    /// Where the value `name` resolves to (as `lookup` resolves it) is kept: in a context of the stack,
    /// or in an object one of them holds. Neither it nor the objects a dotted name passes through are
    /// copied (each copy cost a retain and a release). The pointer is valid until the stack changes.
    /// While a cached section records, notes how deep in the stack the name was found.
    @inline(__always)
    private mutating func resolve(_ name: TemplateName) -> UnsafePointer<TemplateValue>? {
        let (value, position) = stack.withUnsafeBufferPointer { frames -> (UnsafePointer<TemplateValue>?, Int) in
            guard let base = frames.baseAddress, !frames.isEmpty else { return (nil, Int.max) }
            let innermost = base + frames.count - 1
            if name.isImplicit { return (innermost, Int.max) }
            let components = name.components
            guard let first = components.first else { return (nil, Int.max) }
            let bit = name.bits[0]
            var value: UnsafePointer<TemplateValue>?
            var position = Int.max
            if name.isAnchored {
                value = innermost.pointee.childPointer(first, bit: bit)
            } else {
                position = frames.count
                while position > 0 {
                    position -= 1
                    if let found = frames[position].childPointer(first, bit: bit) {
                        value = found
                        break
                    }
                }
                if value == nil { position = -1 }
            }
            guard var current = value else { return (nil, position) }
            for index in components.indices.dropFirst() {
                guard let next = current.pointee.childPointer(components[index], bit: name.bits[index]) else { return (nil, position) }
                current = next
            }
            return (current, position)
        }
        if recording > 0, position < lowestLookup { lowestLookup = position }
        return value
    }

    /// Appends `text` with & < > " ' escaped for HTML (and XML).
    private func appendEscaped(_ text: String) {
        // Read in place (a native string always is); `withUTF8` would need a copy to mutate.
        guard text.utf8.withContiguousStorageIfAvailable({ appendEscaped($0) }) == nil else { return }
        var text = text
        text.withUTF8 { appendEscaped($0) }
    }

    private func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>) {
        do {
            guard let base = bytes.baseAddress else { return }
            let count = bytes.count
            var runStart = 0
            var index = 0
            // Eight bytes at a time: most text has nothing to escape, and a word that may is read byte by byte.
            while index < count {
                let end: Int
                if index + 8 <= count {
                    if !Self.mayNeedEscaping(ByteWords.load(base + index)) {
                        index += 8
                        continue
                    }
                    end = index + 8
                } else {
                    end = count
                }
                while index < end {
                    // Bytes above `'` or between the five need no escaping: one comparison rules out most.
                    let byte = base[index]
                    guard byte <= UInt8(ascii: ">"), byte >= UInt8(ascii: "\""), Self.escapes & (1 &<< UInt64(byte &- 0x22)) != 0 else {
                        index += 1
                        continue
                    }
                    let replacement: StaticString
                    switch byte {
                    case UInt8(ascii: "&"): replacement = "&amp;"
                    case UInt8(ascii: "<"): replacement = "&lt;"
                    case UInt8(ascii: ">"): replacement = "&gt;"
                    case UInt8(ascii: "\""): replacement = "&quot;"
                    default: replacement = "&#39;"
                    }
                    output.append(UnsafeBufferPointer(start: base + runStart, count: index - runStart))
                    output.append(UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
                    index += 1
                    runStart = index
                }
            }
            output.append(UnsafeBufferPointer(start: base + runStart, count: count - runStart))
        }
    }

    /// The five escaped bytes as bits, counted from `"` (0x22): `"` `&` `'` `<` `>`.
    static let escapes: UInt64 = 1 << 0 | 1 << 4 | 1 << 5 | 1 << 26 | 1 << 28

    /// Whether a word of eight bytes may hold one of & ' " < > (never false when it does): `&` and `'`
    /// differ in their lowest bit, `<` and `>` in the next, so three tests for a byte cover the five.
    @inline(__always) static func mayNeedEscaping(_ word: UInt64) -> Bool {
        ByteWords.has(word | ByteWords.ones, 0x27) || ByteWords.has(word | (ByteWords.ones &* 2), 0x3E) || ByteWords.has(word, 0x22)
    }
}

/// Named compiled templates that render into UTF-8 bytes, resolving partials and parents by name.
public struct TemplateLibrary: Sendable {
    let templates: [String: CompiledTemplate]
    let limits: TemplateLimits
    /// The templates as `TemplateRendering` reads them.
    let program: TemplateProgram

    init(templates: [String: CompiledTemplate], limits: TemplateLimits = .standard) {
        self.templates = templates
        self.limits = limits
        program = TemplateProgram(templates)
    }

    /// Renders the named template with `context` as its only context; false when there is no such template.
    /// A render that passes `limits` sets the output's `stopReason`.
    func render(_ name: String, _ context: TemplateValue, into output: ByteBuffer) -> Bool {
        guard let body = program.templates[name] else { return false }
        withUnsafePointer(to: context) { root in
            var rendering = TemplateRendering(library: self, name: name, output: output, root: root)
            var scope = Scope(indentation: nil, overrides: nil, escaping: true)
            rendering.render(body, &scope)
        }
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
    var overrides: [String: TemplateProgram.Body]?
    var escaping: Bool
    /// Identifies `overrides` by content, for cached sections.
    var overridesKey = 0
}

/// One render in progress: the output so far and the stack of contexts (innermost last).
///
/// The stack holds where each context is kept, not a copy of it (each copy cost a retain and a release):
/// the root where `TemplateLibrary.render` keeps it, a list's element in the list, an object's value in the
/// object, a generated list's element in the local constant its section renders in. Nothing changes a
/// context while it is on the stack.
struct TemplateRendering {
    let library: TemplateLibrary
    /// The template rendered, for `stopReason`.
    let name: String
    let output: ByteBuffer
    private(set) var stack: [UnsafePointer<TemplateValue>]
    /// Each context's `TemplateValue.nameBits`, beside it in `stack`: a lookup passes over a context that
    /// cannot have the name without reading the context (reading it cost a retain and a release).
    private var stackBits: [UInt64]
    /// `library.program`'s instructions and tables, read in place: the program is kept alive by `library`.
    private let program: TemplateProgram
    private let instructions: UnsafeMutablePointer<TemplateProgram.Instruction>
    private let bytes: UnsafeMutablePointer<UInt8>
    private let names: UnsafeMutablePointer<TemplateProgram.Name>
    private let keys: UnsafeMutablePointer<String>
    private let signatures: UnsafeMutablePointer<UInt64>
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
    /// Bodies (of sections, blocks, partials) being rendered inside one another: each is a call deeper on a
    /// thread's stack. One template nests at most `TemplateParser.maxDepth` levels, but partials nest those
    /// levels on one another; past `maxDepth` the render stops.
    var depth = 0
    static let maxDepth = 1_000
    /// Nodes visited so far, each counted once for each context on the stack, against `library.limits`.
    var visits = 0
    /// Set when a limit of `library.limits`, or `maxNesting`, is passed: nothing more is rendered.
    var halted = false

    init(library: TemplateLibrary, name: String, output: ByteBuffer, root: UnsafePointer<TemplateValue>) {
        self.library = library
        self.name = name
        self.output = output
        stack = [root]
        stackBits = [root.pointee.nameBits]
        program = library.program
        instructions = program.instructions.baseAddress!
        bytes = program.bytes.baseAddress!
        names = program.names.baseAddress!
        keys = program.keys.baseAddress!
        signatures = program.signatures.baseAddress!
    }

    /// Renders `body` in `scope`, which is the caller's and comes back as it was: a `{{% CONTENT_TYPE }}`
    /// tag changes it for the rest of the body only. (Passed in place, as copying it per section cost
    /// a retain and a release of each of its parts.)
    mutating func render(_ body: TemplateProgram.Body, _ scope: inout Scope) {
        visits &+= Int(body.nodes) &* stack.count
        if visits > library.limits.nodeVisits || output.total > library.limits.outputBytes || halted {
            if !halted {
                halted = true
                let passed = visits > library.limits.nodeVisits ? "visited more than \(library.limits.nodeVisits) template nodes (each counted once for each context around it)"
                    : "wrote more than \(library.limits.outputBytes) bytes"
                stop(passed + ", the most one render may, and stopped: do partials include themselves, or sections over lists nest deep inside one another?")
            }
            return
        }
        guard depth < Self.maxDepth else {
            halted = true
            stop("nests sections, blocks and partials more than \(Self.maxDepth) deep, and stopped")
            return
        }
        depth += 1
        defer { depth -= 1 }
        let escaping = scope.escaping
        defer { scope.escaping = escaping }
        var index = Int(body.start)
        let end = Int(body.end)
        guard let indentation = scope.indentation, !indentation.isEmpty else {
            while index < end {
                index = render(at: index, &scope)
                if halted { return }
            }
            return
        }
        // Inside an indented partial or block, each node's output that starts a new line (after a "\n"
        // this template itself wrote) gets the indentation first, as swift-mustache does it.
        indentedScopes += 1
        defer { indentedScopes -= 1 }
        let start = output.count
        while index < end {
            let nodeStart = output.count
            index = render(at: index, &scope)
            if halted { return }
            if output.count > nodeStart, nodeStart > start, output[nodeStart - 1] == 10,
               !(nodeStart - 2 >= start && output[nodeStart - 2] == 13) {
                output.insert(indentation, at: nodeStart)
            }
        }
    }

    /// Renders the node whose instruction is at `index`; returns the index of the next node at its level.
    private mutating func render(at index: Int, _ scope: inout Scope) -> Int {
        let instruction = instructions[index]
        switch instruction.kind {
        case .text:
            output.append(UnsafeBufferPointer(start: bytes + Int(instruction.a), count: Int(instruction.c)))
        case .variable:
            // The value is written where it is kept: a variable is the commonest tag, and copying its
            // string (and the objects a dotted name passes through) cost a retain and a release each.
            guard let value = resolve(instruction.a) else { break }
            switch value.pointee {
            case .string(let string):
                if instruction.flag && scope.escaping { output.appendEscapedMarkup(string) } else { output.append(string) }
            case .storedHTML(let html):
                if instruction.flag && scope.escaping { output.appendEscapedMarkup(html.text) } else { html.write(to: output) }
            case .int(let int): output.append(String(int))
            case .bool(let bool): output.append(bool ? "true" : "false")
            case .list, .object, .layered, .generated: break
            }
        case .section:
            let body = Self.body(after: index, instruction)
            guard let value = resolve(instruction.a) else { break }
            switch value.pointee {
            case .list(let items):
                items.withUnsafeBufferPointer { items in
                    for item in items.indices {
                        render(body, &scope, in: items.baseAddress! + item)
                        if indentedScopes == 0 { output.flushIfLarge() }
                    }
                }
            case .generated(let list):
                // A cached list keeps the sections of one section body rendered in one setting: the first to render it.
                var cache = list.cache
                if let claimed = cache {
                    var hasher = Hasher()
                    hasher.combine(instruction.key)
                    hasher.combine(scope.indentation)
                    hasher.combine(scope.escaping)
                    hasher.combine(scope.overridesKey)
                    if !claimed.claim(for: hasher.finalize()) { cache = nil }
                }
                for element in 0 ..< list.count {
                    if let cache {
                        renderCached(body, &scope, list, element, cache)
                    } else {
                        render(body, &scope, inNew: list.element(element))
                    }
                    if indentedScopes == 0 { output.flushIfLarge() }
                }
            case .bool(let bool):
                if bool { render(body, &scope) }
            case .string, .storedHTML, .int, .object, .layered:
                render(body, &scope, in: value)
            }
        case .invertedSection:
            let body = Self.body(after: index, instruction)
            let value = lookup(instruction.a)
            switch value {
            case nil, .bool(false): render(body, &scope)
            case .list(let items) where items.isEmpty:
                render(body, &scope, inNew: .list([]))
            case .generated(let list) where list.count == 0:
                render(body, &scope, inNew: .list([]))
            default: break
            }
        case .partial:
            let body: TemplateProgram.Body
            if instruction.flag {
                guard case .string(let named)? = lookup(instruction.a), let named = program.templates[named] else { break }
                body = named
            } else {
                guard instruction.a >= 0 else { break }
                body = program.partialBodies[Int(instruction.a)]
            }
            guard nesting < Self.maxNesting else {
                halted = true
                stop("nests partials more than \(Self.maxNesting) deep, and stopped: does a partial include itself (through a partial named by a value, or behind changed delimiters)?")
                break
            }
            nesting += 1
            defer { nesting -= 1 }
            var inner = Scope(indentation: indent(scope.indentation, instruction.c), overrides: scope.overrides, escaping: true,
                              overridesKey: scope.overridesKey)
            if instruction.d >= 0 {
                // The outermost child's override wins: a grandchild's block beats its parent's.
                inner.overrides = (scope.overrides ?? [:]).merging(program.overrides[Int(instruction.d)]) { outer, _ in outer }
                var hasher = Hasher()
                hasher.combine(scope.overridesKey)
                hasher.combine(instruction.key)
                inner.overridesKey = hasher.finalize()
            }
            render(body, &inner)
        case .block:
            let body = scope.overrides?[program.strings[Int(instruction.a)]] ?? Self.body(after: index, instruction)
            var inner = Scope(indentation: indent(scope.indentation, instruction.d), overrides: scope.overrides, escaping: scope.escaping,
                              overridesKey: scope.overridesKey)
            render(body, &inner)
        case .skip:
            break
        case .escaping:
            scope.escaping = instruction.flag
        }
        return index + 1 + Int(instruction.b)
    }

    /// Renders `body` with the context kept at `context` on top of the stack.
    @inline(__always) private mutating func render(_ body: TemplateProgram.Body, _ scope: inout Scope, in context: UnsafePointer<TemplateValue>) {
        stackBits.append(context.pointee.nameBits)
        stack.append(context)
        render(body, &scope)
        stack.removeLast()
        stackBits.removeLast()
    }

    /// Renders `body` with `context`, a value made for it, on top of the stack.
    @inline(__always) private mutating func render(_ body: TemplateProgram.Body, _ scope: inout Scope, inNew context: TemplateValue) {
        withUnsafePointer(to: context) { render(body, &scope, in: $0) }
    }

    /// The body laid out after the instruction at `index` (a section's, or a block's default).
    @inline(__always) private static func body(after index: Int, _ instruction: TemplateProgram.Instruction) -> TemplateProgram.Body {
        TemplateProgram.Body(start: Int32(index + 1), end: Int32(index + 1) + instruction.b, nodes: instruction.c)
    }

    /// One element of a cached generated list: its bytes from the cache, or rendered and kept there
    /// when nothing outside the element was looked up (a name from the page around it could change
    /// while the element does not).
    private mutating func renderCached(_ body: TemplateProgram.Body, _ scope: inout Scope, _ list: GeneratedList, _ index: Int, _ cache: FragmentCache) {
        let slot = list.cacheSlot(index)
        if cache.appendCached(slot, to: output) { return }
        let start = output.count
        let outerLowest = lowestLookup
        lowestLookup = Int.max
        indentedScopes += 1
        recording += 1
        let floor = stack.count
        render(body, &scope, inNew: list.element(index))
        recording -= 1
        indentedScopes -= 1
        if lowestLookup >= floor, output.stopReason == nil { cache.store(slot, from: output, start: start) }
        lowestLookup = min(outerLowest, lowestLookup)
    }

    /// Notes on the output why the render did not write all of it (the first reason only).
    private func stop(_ reason: String) {
        if output.stopReason == nil { output.stopReason = "template '\(name)' \(reason)" }
    }

    /// The indentation of a partial or block tag (`tag`, in the program's table) after the one around it.
    private func indent(_ outer: [UInt8]?, _ tag: Int32) -> [UInt8]? {
        guard tag >= 0 else { return outer }
        return (outer ?? []) + program.indentations[Int(tag)]
    }

    /// `{{.}}` is the innermost context; `{{a.b}}` finds `a` in the innermost context that has it, then
    /// `b` inside that `a` only; `{{.a}}` looks in the innermost context alone.
    private mutating func lookup(_ name: Int32) -> TemplateValue? {
        resolve(name)?.pointee
    }

    /// Where the value the program's name `name` resolves to (as `lookup` resolves it) is kept: in a context
    /// of the stack, or in an object one of them holds. Neither it nor the objects a dotted name passes
    /// through are copied (each copy cost a retain and a release). The pointer is valid while the context
    /// it was found in is on the stack. While a cached section records, notes how deep in the stack the name was found.
    @inline(__always)
    private mutating func resolve(_ nameIndex: Int32) -> UnsafePointer<TemplateValue>? {
        let name = names[Int(nameIndex)]
        let keys = keys + Int(name.first)
        let signatures = signatures + Int(name.first)
        let (value, position) = stack.withUnsafeBufferPointer { frames in
            stackBits.withUnsafeBufferPointer { frameBits in
                Self.find(name, keys: keys, signatures: signatures, in: frames, frameBits: frameBits)
            }
        }
        if recording > 0, position < lowestLookup { lowestLookup = position }
        return value
    }

    /// `resolve`'s search: the value and the position in `frames` of the context it was found in
    /// (`Int.max` when no search through the contexts was made, -1 when the name is nowhere).
    @inline(__always)
    private static func find(_ name: TemplateProgram.Name, keys: UnsafeMutablePointer<String>, signatures: UnsafeMutablePointer<UInt64>,
                             in frames: UnsafeBufferPointer<UnsafePointer<TemplateValue>>, frameBits: UnsafeBufferPointer<UInt64>) -> (UnsafePointer<TemplateValue>?, Int) {
        guard let innermost = frames.last else { return (nil, Int.max) }
        if name.isImplicit { return (innermost, Int.max) }
        guard name.count > 0 else { return (nil, Int.max) }
        var value: UnsafePointer<TemplateValue>?
        var position = Int.max
        if name.isAnchored {
            value = innermost.pointee.childPointer(keys[0], signature: signatures[0])
        } else {
            let bit = TemplateObject.bit(signature: signatures[0])
            position = frames.count
            while position > 0 {
                position -= 1
                if frameBits[position] & bit != 0, let found = frames[position].pointee.childPointer(keys[0], signature: signatures[0]) {
                    value = found
                    break
                }
            }
            if value == nil { position = -1 }
        }
        guard var current = value else { return (nil, position) }
        var component = 1
        while component < Int(name.count) {
            guard let next = current.pointee.childPointer(keys[component], signature: signatures[component]) else { return (nil, position) }
            current = next
            component += 1
        }
        return (current, position)
    }
}

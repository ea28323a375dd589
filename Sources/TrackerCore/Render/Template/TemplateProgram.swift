/// Every template of a library laid out flat for rendering: one array of fixed-size instructions, with the
/// literal text, names and the rest in side tables, all read through pointers while a page renders.
///
/// The node tree (`TemplateNode`) is what the parser makes and the theme's checks walk; rendering it
/// copied a node (a retain and a release of its box, and of each array and string it held) at every
/// step, the largest single cost of a build. An instruction holds no reference, so reading one costs none.
/// A body (a template, a section's content, a block's default, an override) is a run of instructions,
/// its own nested bodies laid out right after the instruction that opens them.
final class TemplateProgram: @unchecked Sendable {
    // @unchecked: every buffer is written once, in `init`, and only read after; `deinit` frees them.

    enum Kind: UInt8 {
        case text, variable, section, invertedSection, partial, block, skip, escaping
    }

    /// One instruction. `b` is the number of instructions after it that belong to it (its body); what `a`,
    /// `c` and `d` hold depends on `kind`:
    /// - text: `a` the offset of its bytes in `bytes`, `c` their count;
    /// - variable: `a` its name in `names`; `flag` whether it escapes;
    /// - section and invertedSection: `a` the name; `b` the instructions of the body after this one, `c` its nodes;
    /// - partial: `a` the template's body in `bodies` (-1: no such template), or for `flag` (named by a
    ///   value) the name holding the template's name; `c` its indentation in `indentations` (-1: none);
    ///   `d` its overrides in `overrides` (-1: not a parent); `key` identifies the overrides;
    /// - block: `a` its name in `strings`; `b` and `c` its default body, as a section's; `d` its indentation;
    /// - skip (a block definition, never rendered): `b` the instructions to step over;
    /// - escaping: `flag` whether `{{name}}` escapes HTML from here on.
    struct Instruction {
        var kind: Kind
        var flag = false
        var a: Int32 = -1
        var b: Int32 = 0
        var c: Int32 = -1
        var d: Int32 = -1
        var key = 0
    }

    /// A run of instructions: `start ..< end`, holding `nodes` nodes at its own level (what a render counts).
    struct Body: Hashable {
        var start: Int32
        var end: Int32
        var nodes: Int32
    }

    /// A name as `TemplateName` splits it: its components are `keys[first ..< first + count]`, with their
    /// signatures in `signatures` at the same positions.
    struct Name {
        var first: Int32
        var count: Int32
        var isImplicit: Bool
        var isAnchored: Bool
    }

    let instructions: UnsafeMutableBufferPointer<Instruction>
    let bytes: UnsafeMutableBufferPointer<UInt8>
    let names: UnsafeMutableBufferPointer<Name>
    let keys: UnsafeMutableBufferPointer<String>
    let signatures: UnsafeMutableBufferPointer<UInt64>
    /// Block names.
    let strings: [String]
    let indentations: [[UInt8]]
    /// Each parent tag's overrides: block name to body.
    let overrides: [[String: Body]]
    /// Each template's body, by template name.
    let templates: [String: Body]
    /// The bodies static partials render, by their instruction's `a`.
    let partialBodies: UnsafeMutableBufferPointer<Body>

    init(_ library: [String: CompiledTemplate]) {
        var compiler = Compiler()
        // Sorted, so that the same theme always makes the same program.
        let names = library.keys.sorted()
        var bodies: [String: Body] = [:]
        for name in names { bodies[name] = compiler.body(library[name]!.nodes) }
        // Static partials point at their template's body; the parents' overrides are laid out last.
        for index in compiler.instructions.indices where compiler.instructions[index].kind == .partial && !compiler.instructions[index].flag {
            let target = compiler.partialNames[Int(compiler.instructions[index].a)]
            if let body = bodies[target] {
                compiler.instructions[index].a = Int32(compiler.templateBodies.count)
                compiler.templateBodies.append(body)
            } else {
                compiler.instructions[index].a = -1
            }
        }
        templates = bodies
        instructions = Self.copy(compiler.instructions)
        bytes = Self.copy(compiler.bytes)
        self.names = Self.copy(compiler.names)
        keys = Self.copy(compiler.keys)
        signatures = Self.copy(compiler.signatures)
        strings = compiler.strings
        indentations = compiler.indentations
        overrides = compiler.overrides
        partialBodies = Self.copy(compiler.templateBodies)
    }

    deinit {
        for buffer in [UnsafeMutableRawBufferPointer(instructions), UnsafeMutableRawBufferPointer(bytes), UnsafeMutableRawBufferPointer(names),
                       UnsafeMutableRawBufferPointer(signatures), UnsafeMutableRawBufferPointer(partialBodies)] {
            buffer.deallocate()
        }
        keys.deinitialize().deallocate()
    }

    private static func copy<Element>(_ elements: [Element]) -> UnsafeMutableBufferPointer<Element> {
        // At least one element's room, so that every buffer has an address.
        let buffer = UnsafeMutableBufferPointer<Element>.allocate(capacity: max(elements.count, 1))
        _ = buffer.initialize(from: elements)
        return UnsafeMutableBufferPointer(rebasing: buffer[0 ..< elements.count])
    }

    /// Lays out node trees as instructions.
    private struct Compiler {
        var instructions: [Instruction] = []
        var bytes: [UInt8] = []
        var names: [Name] = []
        var keys: [String] = []
        var signatures: [UInt64] = []
        var strings: [String] = []
        var indentations: [[UInt8]] = []
        var overrides: [[String: Body]] = []
        /// The template name of each static partial, by its instruction's `a` until `init` resolves it.
        var partialNames: [String] = []
        var templateBodies: [Body] = []
        private var nameIndex: [String: Int32] = [:]

        /// `nodes` laid out at the end, with the parents' overrides they hold after them.
        mutating func body(_ nodes: [TemplateNode]) -> Body {
            var pending: [(table: Int, block: String, nodes: [TemplateNode])] = []
            let body = run(nodes, &pending)
            while !pending.isEmpty {
                let (table, block, nodes) = pending.removeFirst()
                overrides[table][block] = run(nodes, &pending)
            }
            return body
        }

        private mutating func run(_ nodes: [TemplateNode], _ pending: inout [(table: Int, block: String, nodes: [TemplateNode])]) -> Body {
            let start = instructions.count
            for node in nodes { emit(node, &pending) }
            return Body(start: Int32(start), end: Int32(instructions.count), nodes: Int32(nodes.count))
        }

        /// Appends one node; a nested body follows its instruction, whose `b` and `c` then say how long it is.
        private mutating func emit(_ node: TemplateNode, _ pending: inout [(table: Int, block: String, nodes: [TemplateNode])]) {
            switch node {
            case .text(let text):
                instructions.append(Instruction(kind: .text, a: Int32(bytes.count), c: Int32(text.count)))
                bytes.append(contentsOf: text)
            case .variable(let name, let escaped):
                instructions.append(Instruction(kind: .variable, flag: escaped, a: self.name(name)))
            case .section(let name, let nodes, let key):
                nest(Instruction(kind: .section, a: self.name(name), key: key), nodes, &pending)
            case .invertedSection(let name, let nodes):
                nest(Instruction(kind: .invertedSection, a: self.name(name)), nodes, &pending)
            case .partial(let name, let dynamic, let indentation, let overrides, let overridesKey):
                var instruction = Instruction(kind: .partial, flag: dynamic, key: overridesKey)
                if dynamic {
                    instruction.a = self.name(TemplateName(name))
                } else {
                    instruction.a = Int32(partialNames.count)
                    partialNames.append(name)
                }
                instruction.c = self.indentation(indentation)
                if let overrides {
                    instruction.d = Int32(self.overrides.count)
                    self.overrides.append([:])
                    // Sorted, so that the same theme always makes the same program.
                    for block in overrides.keys.sorted() { pending.append((Int(instruction.d), block, overrides[block]!)) }
                }
                instructions.append(instruction)
            case .block(let name, let defaultNodes, let indentation):
                strings.append(name)
                nest(Instruction(kind: .block, a: Int32(strings.count - 1), d: self.indentation(indentation)), defaultNodes, &pending)
            case .blockDefinition(_, let nodes):
                nest(Instruction(kind: .skip), nodes, &pending)
            case .escaping(let escaping):
                instructions.append(Instruction(kind: .escaping, flag: escaping))
            }
        }

        private mutating func nest(_ instruction: Instruction, _ nodes: [TemplateNode], _ pending: inout [(table: Int, block: String, nodes: [TemplateNode])]) {
            let index = instructions.count
            instructions.append(instruction)
            let body = run(nodes, &pending)
            instructions[index].b = body.end - body.start
            instructions[index].c = body.nodes
        }

        private mutating func indentation(_ indentation: [UInt8]?) -> Int32 {
            guard let indentation else { return -1 }
            indentations.append(indentation)
            return Int32(indentations.count - 1)
        }

        private mutating func name(_ name: TemplateName) -> Int32 {
            if let index = nameIndex[name.text] { return index }
            names.append(Name(first: Int32(keys.count), count: Int32(name.components.count), isImplicit: name.isImplicit, isAnchored: name.isAnchored))
            keys.append(contentsOf: name.components)
            signatures.append(contentsOf: name.signatures)
            nameIndex[name.text] = Int32(names.count - 1)
            return Int32(names.count - 1)
        }
    }
}

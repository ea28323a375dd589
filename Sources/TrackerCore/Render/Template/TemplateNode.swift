/// A Mustache template compiled to a tree of nodes, ready to render any number of times.
public struct CompiledTemplate: Sendable {
    let nodes: [TemplateNode]

    /// Whether it has a `{{>*name}}` partial, whose template is named by a value of the context.
    var picksPartialByValue: Bool {
        func any(_ nodes: [TemplateNode]) -> Bool {
            nodes.contains { node in
                switch node {
                case .partial(_, let dynamic, _, let overrides, _): return dynamic || (overrides ?? [:]).values.contains(where: any)
                case .section(_, let inner, _), .invertedSection(_, let inner), .blockDefinition(_, let inner): return any(inner)
                case .block(_, let inner, _): return any(inner)
                case .text, .variable, .escaping: return false
                }
            }
        }
        return any(nodes)
    }
}

/// A dotted variable name, split once when the template is compiled.
struct TemplateName: Sendable, Hashable {
    /// `{{.}}`: the current context itself.
    let isImplicit: Bool
    /// `{{.name}}`: looked up in the current context only, never in the enclosing ones.
    let isAnchored: Bool
    let components: [String]
    /// Each component's `TemplateObject.signature`, worked out once.
    let signatures: [UInt64]
    /// The name as written, for error messages.
    let text: String
    /// Where its tag starts in the template (1-based; 0 for a name made while rendering), for
    /// `TemplateNameCheck`'s errors. Not part of equality: a section's key identifies its body by content.
    let line: Int
    let column: Int

    init(_ text: String, line: Int = 0, column: Int = 0) {
        self.text = text
        isImplicit = text == "."
        isAnchored = !isImplicit && text.hasPrefix(".")
        components = isImplicit ? [] : text.split(separator: ".").map(String.init)
        signatures = components.map(TemplateObject.signature)
        self.line = line
        self.column = column
    }

    static func == (a: TemplateName, b: TemplateName) -> Bool { a.text == b.text }
    func hash(into hasher: inout Hasher) { hasher.combine(text) }
}

indirect enum TemplateNode: Sendable, Hashable {
    /// Literal text, as UTF-8 bytes.
    case text([UInt8])
    /// `{{name}}` (escaped) or `{{{name}}}` / `{{&name}}` (as is).
    case variable(TemplateName, escaped: Bool)
    /// `{{#name}}…{{/name}}`; `key` identifies the body by its content (see `TemplateRendering.renderCached`).
    case section(TemplateName, [TemplateNode], key: Int)
    /// `{{^name}}…{{/name}}`.
    case invertedSection(TemplateName, [TemplateNode])
    /// `{{> name}}`, or `{{< name}}…{{/name}}` with block overrides; `dynamic` for `{{>*name}}`, whose
    /// template name is a value of the context. A standalone tag indents every line of the partial.
    /// `overridesKey` identifies the overrides by their content.
    case partial(String, dynamic: Bool, indentation: [UInt8]?, overrides: [String: [TemplateNode]]?, overridesKey: Int)
    /// `{{$name}}default{{/name}}` in a parent template: the child's override, or the default.
    case block(String, defaultNodes: [TemplateNode], indentation: [UInt8]?)
    /// `{{$name}}…{{/name}}` directly inside `{{< parent}}`: an override. Never rendered itself.
    case blockDefinition(String, [TemplateNode])
    /// `{{% CONTENT_TYPE: TEXT }}` or `HTML`: whether `{{name}}` escapes HTML from here on.
    case escaping(Bool)
}

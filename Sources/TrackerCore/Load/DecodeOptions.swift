/// What decoding a content file takes from site.yml: how Markdown is rendered and which custom fields
/// are declared. A change to either decodes every file again (the preview reloads everything on a
/// site.yml change).
public struct DecodeOptions: Sendable, Hashable {
    public var markdown: MarkdownOptions
    public var fields: CustomFields

    public init(markdown: MarkdownOptions = MarkdownOptions(), fields: CustomFields = CustomFields()) {
        self.markdown = markdown
        self.fields = fields
    }
}

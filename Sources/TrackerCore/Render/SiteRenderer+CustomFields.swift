/// The template context of an item's custom fields (the site's `fields:` declarations): the one place
/// its names are made, for the incident and source pages.
extension SiteRenderer {
    /// `fields`: the fields that are set, in declaration order, each `{name, label, type, value, href,
    /// date, items, is_true}`; `custom`: the same entries by field name. Every entry has every name
    /// (false or empty where it does not apply), so a section never reaches past its entry.
    func addCustomFields(_ declared: [CustomField], _ values: [CustomValue?], to context: inout TemplateObject) {
        var fields: [TemplateValue] = []
        var custom = TemplateObject()
        for (index, field) in declared.enumerated() {
            guard let value = values.value(at: index) else { continue }
            var entry: TemplateObject = [
                "name": .string(field.name),
                "label": .string(field.label),
                "type": .string(field.kind.name),
                "value": .string(localization.display(value)),
                "href": false,
                "date": false,
                "items": .list([]),
                "is_true": false,
            ]
            switch value {
            case .string(let text) where field.kind == .url: entry["href"] = .string(text)
            case .date(let date): entry["date"] = dateContext(date)
            case .list(let items): entry["items"] = TemplateValue(items)
            case .boolean(let flag): entry["is_true"] = .bool(flag)
            case .string, .integer, .number: break
            }
            fields.append(.object(entry))
            custom[field.name] = .object(entry)
        }
        context["fields"] = .list(fields)
        context["custom"] = .object(custom)
    }
}

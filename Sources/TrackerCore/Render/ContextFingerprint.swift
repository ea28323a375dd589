/// A hash of a template context, so the incremental build can tell whether what a list page shows of
/// an incident changed, whatever the renderer puts in that context. A `TemplateValue` is Hashable
/// (objects hash their entries in any order), so two equal contexts always give the same fingerprint.
enum ContextFingerprint {
    static func of(_ value: TemplateValue) -> Int {
        var hasher = Hasher()
        hasher.combine(value)
        return hasher.finalize()
    }

    static func of(_ context: TemplateObject) -> Int { of(.object(context)) }
}

/// Compares two decoded values field by field through reflection, so a field added to `Incident`
/// or `Source` later is compared too, without this file knowing about it.
enum FieldComparison {
    /// The names of the stored properties that differ; a field that is not Hashable counts as different.
    static func differingFields<Value>(_ old: Value, _ new: Value) -> Set<String> {
        let oldFields = Mirror(reflecting: old).children
        let newFields = Array(Mirror(reflecting: new).children)
        var differing: Set<String> = []
        for (index, field) in oldFields.enumerated() {
            let label = field.label ?? "#\(index)"
            guard index < newFields.count, let a = field.value as? AnyHashable, let b = newFields[index].value as? AnyHashable, a == b else {
                differing.insert(label)
                continue
            }
        }
        return differing
    }
}

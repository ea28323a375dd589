/// A hash of a template context (`[String: Any]` trees of strings, numbers, booleans and lists), so the
/// incremental build can tell whether what a list page shows of an incident changed, whatever the
/// renderer puts in that context.
enum ContextFingerprint {
    static func of(_ value: Any) -> Int {
        var hasher = Hasher()
        combine(value, into: &hasher)
        return hasher.finalize()
    }

    static func combine(_ value: Any, into hasher: inout Hasher) {
        switch value {
        case let dictionary as [String: Any]:
            hasher.combine(1)
            for key in dictionary.keys.sorted() {
                hasher.combine(key)
                combine(dictionary[key]!, into: &hasher)
            }
        case let array as [Any]:
            hasher.combine(2)
            hasher.combine(array.count)
            for element in array { combine(element, into: &hasher) }
        case let hashable as AnyHashable:
            hasher.combine(3)
            hasher.combine(hashable)
        default:
            // Not a plain value: count it as different every time, so a page is re-rendered rather than left stale.
            hasher.combine(4)
            hasher.combine(Int.random(in: .min ... .max))
        }
    }
}

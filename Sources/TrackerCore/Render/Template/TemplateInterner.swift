/// Shares the small template values many incidents have in common (a country, a platform, a
/// type or status): made once and then reused, so ten thousand summaries hold a few hundred of them
/// rather than ten thousand copies. Values are immutable, so sharing cannot change what renders.
enum TemplateInterner {
    static let shared = KeyedMemo<Key, TemplateValue>()
    /// A shared value's key: what it is of (`field`) and the value, in a language (its code) and under a root
    /// where its text or links depend on them ("" where they do not). Made for every summary's country,
    /// platforms, type, status and verification and every source's kind: a string made for each (by
    /// interpolation, five appends) cost more than the lookup.
    struct Key: Hashable, Sendable {
        enum Field: UInt8, Sendable { case country, platform, type, status, verification, kind }
        let field: Field
        let language: String
        let root: String
        let value: String

        init(_ field: Field, language: String = "", root: String = "", _ value: String) {
            self.field = field
            self.language = language
            self.root = root
            self.value = value
        }

        /// The field and value alone: a site has a language or a few and one root, and hashing them again was
        /// most of a lookup. Keys of two languages or roots share a hash and are told apart by `==`.
        func hash(into hasher: inout Hasher) {
            hasher.combine(field)
            hasher.combine(value)
        }
    }
}

/// Shares the small template values many incidents have in common (a date, a country, a platform, a
/// type or status): made once and then reused, so ten thousand summaries hold a few hundred of them
/// rather than ten thousand copies. Values are immutable, so sharing cannot change what renders.
enum TemplateInterner {
    static let shared = KeyedMemo<String, TemplateValue>()
    /// Dates by language and date: looked up on every page that shows one, with no string made for the key.
    static let dates = KeyedMemo<DateKey, TemplateValue>()

    struct DateKey: Hashable, Sendable {
        let language: String
        let date: PartialDate

        /// The date alone: a site has a language or a few, and hashing the code's string was most of a lookup.
        /// Two languages' keys for one date share a hash and are told apart by `==`.
        func hash(into hasher: inout Hasher) { hasher.combine(date) }
    }
}

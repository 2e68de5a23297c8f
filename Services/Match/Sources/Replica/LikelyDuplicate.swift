/// SMEs of at least two followed registries that are probably one company: for brokers to
/// merge or hand over (the match service is the one place that sees every registry).
public struct LikelyDuplicate: Sendable, Hashable {
    public enum Reason: Int, Sendable, Hashable {
        /// Same country and registration id (compared without spaces and punctuation).
        case sameRegistrationID = 1
        /// Same normalised legal name (``LegalName``) in the same country.
        case sameName = 2
    }

    public struct Entry: Sendable, Hashable {
        public var smeID: QualifiedID
        public var legalName: String
        public var country: String
        public var nuts: String
    }

    public var reason: Reason
    public var country: String
    /// The compared registration id or normalised name.
    public var key: String
    /// Sorted by id; from at least two registries.
    public var entries: [Entry]

    /// The listing's stable order and page key.
    var listingKey: String { "\(reason.rawValue)|\(country)|\(key)" }
}

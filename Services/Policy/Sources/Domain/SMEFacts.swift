import TIBSDomain

/// What one registry SME contributes to the evidence: no names, no personal data. The follower
/// (Evidence/) builds it from the registry's feed payload; ``EvidenceLedger/upsertSME(_:upstream:_:)``
/// stores it and moves the counts of the SME's surveys when its size class or S3 areas change.
public struct SMEFacts: Sendable, Equatable {
    /// The registry's SME id.
    public var id: String
    /// ISO 3166-1 alpha-2.
    public var country: String
    /// NUTS code.
    public var region: String
    public var sizeClass: SizeClass?
    /// S3 area codes only (the list version is dropped): `["ict", "energy"]`.
    public var s3Areas: [String]

    public init(id: String, country: String, region: String, sizeClass: SizeClass?, s3Areas: [String]) {
        self.id = id
        self.country = country
        self.region = region
        self.sizeClass = sizeClass
        self.s3Areas = s3Areas
    }
}

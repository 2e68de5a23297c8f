import TIBSDomain

/// A resource as a client sent it, before validation: kinds and scopes may be missing, numbers
/// out of range, days not yet read. ``CatalogueRules/validate(_:)-(ResourceInput)`` turns it into
/// ``ResourceFields`` or reports every broken rule.
public struct ResourceInput: Sendable, Hashable {
    public var kind: ResourceKind?
    public var title = ""
    public var description = ""
    public var keywords: [String] = []
    public var s3Areas: [VersionedCode] = []
    public var naceCodes: [VersionedCode] = []
    /// 0 and 0: no TRL.
    public var trlMin = 0
    public var trlMax = 0
    public var capacity = ""
    public var availability = ""
    public var accessScope: AccessScope?
    public var eligibleCountries: [String] = []
    public var accessConditions = ""
    /// nil: not given. The rate goes with co-funding only.
    public var costModel: CostModelName?
    public var coFundingRatePercent = 0
    public var languages: [String] = []
    public var contact: ContactPerson?
    /// `YYYY-MM-DD` or empty.
    public var opensOn = ""
    public var closesOn = ""

    public init(kind: ResourceKind?, title: String) {
        self.kind = kind
        self.title = title
    }

    /// The cost models as the wire names them, before the co-funding rate is attached.
    public enum CostModelName: String, Sendable, Hashable, CaseIterable {
        case free, subsidised, fee, coFunding = "co-funding"
    }
}

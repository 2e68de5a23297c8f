import Foundation
import TIBSDomain

/// What a client sets on a resource; the review status is the catalogue's.
public struct ResourceFields: Sendable, Hashable, Codable {
    public var kind: ResourceKind
    public var title: String
    public var description: String = ""
    public var keywords: [String] = []
    public var s3Areas: [VersionedCode] = []
    /// NACE relevance: the activities the resource serves.
    public var naceCodes: [VersionedCode] = []
    public var trl: TRLRange?
    public var capacity: String = ""
    public var availability: String = ""
    public var accessScope: AccessScope = .regional
    /// ISO 3166-1 alpha-2; for transnational resources, empty means every country.
    public var eligibleCountries: [String] = []
    public var accessConditions: String = ""
    public var costModel: CostModel = .fee
    public var languages: [String] = []
    /// Personal data, as a provider's contacts.
    public var contact: ContactPerson?
    public var validity = ValidityWindow()

    public init(kind: ResourceKind, title: String) {
        self.kind = kind
        self.title = title
    }

    /// Open to SMEs of other countries than the provider's.
    public var isTransnational: Bool { accessScope == .transnational }
}

/// A stored resource.
public struct Resource: Sendable, Hashable, Codable {
    public var id: String
    public var providerID: String
    /// The provider's region: who may write, and what regional filters match.
    public var region: RegionRef
    public var fields: ResourceFields
    public var status: ReviewStatus
    public var version: Int64
    public var createdAt: Date
    public var updatedAt: Date
    public var publishedAt: Date?
    public var retiredAt: Date?
    /// Who or what retired it: a person, or the closed window.
    public var retiredReason: String

    public init(id: String, providerID: String, region: RegionRef, fields: ResourceFields, status: ReviewStatus = .draft,
                version: Int64 = 1, createdAt: Date, updatedAt: Date, publishedAt: Date? = nil, retiredAt: Date? = nil,
                retiredReason: String = "") {
        self.id = id
        self.providerID = providerID
        self.region = region
        self.fields = fields
        self.status = status
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.publishedAt = publishedAt
        self.retiredAt = retiredAt
        self.retiredReason = retiredReason
    }

    /// True when the resource should retire itself on `today`: a programme whose call has closed.
    public func windowHasClosed(before today: CalendarDate) -> Bool {
        fields.kind.runsInCalls && status != .retired && fields.validity.hasClosed(before: today)
    }
}

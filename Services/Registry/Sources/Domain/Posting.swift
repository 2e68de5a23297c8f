import Foundation
import TIBSDomain

/// Whether a posting is something an SME seeks or something it can bring.
public enum PostingSide: String, Sendable, Hashable, Codable, CaseIterable {
    case need, offer
}

/// What a need or an offer is about. Needs and offers share one vocabulary so the match
/// service can pair them; ``allowed(on:)`` says which kinds each side may use.
public enum PostingKind: String, Sendable, Hashable, Codable, CaseIterable {
    case technology
    case expertise
    case valueChainPartner = "value-chain-partner"
    case marketAccess = "market-access"
    case funding
    case testingFacility = "testing-facility"
    case productOrService = "product-or-service"
    case productionCapacity = "production-capacity"

    /// Needs: technology, expertise, value-chain partner, market access, funding, testing
    /// facility (DESIGN.md). Offers: what an SME can bring — no funding or market access,
    /// but products, services and production capacity.
    public func allowed(on side: PostingSide) -> Bool {
        switch (self, side) {
        case (.technology, _), (.expertise, _), (.valueChainPartner, _), (.testingFacility, _): true
        case (.marketAccess, .need), (.funding, .need): true
        case (.productOrService, .offer), (.productionCapacity, .offer): true
        default: false
        }
    }
}

/// Where a need or offer stands.
public enum PostingStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case open, fulfilled, withdrawn
}

/// The fields of a need or an offer that a broker sets.
public struct PostingFields: Sendable, Hashable, Codable {
    public var kind: PostingKind
    public var title: String
    public var description: String
    public var keywords: [String]
    public var s3Areas: [VersionedCode]
    public var naceCodes: [VersionedCode]
    /// ISO 3166-1 alpha-2 codes of the countries where a partner is wanted; empty: anywhere.
    public var wantedCountries: [String]
    /// The technology readiness level, nil when not applicable.
    public var trl: TRL?
    public var status: PostingStatus

    public init(kind: PostingKind, title: String, description: String = "", keywords: [String] = [],
                s3Areas: [VersionedCode] = [], naceCodes: [VersionedCode] = [], wantedCountries: [String] = [],
                trl: TRL? = nil, status: PostingStatus = .open) {
        self.kind = kind
        self.title = title
        self.description = description
        self.keywords = keywords
        self.s3Areas = s3Areas
        self.naceCodes = naceCodes
        self.wantedCountries = wantedCountries
        self.trl = trl
        self.status = status
    }
}

/// A need or an offer of one SME.
public struct Posting: Sendable, Hashable, Codable {
    public var id: String
    public var side: PostingSide
    public var smeID: String
    /// The SME's region, copied so that followers need not join.
    public var region: RegionRef
    public var fields: PostingFields
    public var version: Int64
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: String, side: PostingSide, smeID: String, region: RegionRef, fields: PostingFields,
                version: Int64, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.side = side
        self.smeID = smeID
        self.region = region
        self.fields = fields
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

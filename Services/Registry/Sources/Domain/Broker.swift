import Foundation
import TIBSDomain

/// What an admin states when registering a broker.
public struct BrokerProfile: Sendable, Hashable, Codable {
    /// The token subject the broker signs in with; unique in the registry.
    public var subject: String
    public var displayName: String
    public var organisation: String
    /// A work address.
    public var email: String
    public var regions: [RegionRef]

    public init(subject: String, displayName: String, organisation: String = "", email: String = "", regions: [RegionRef]) {
        self.subject = subject
        self.displayName = displayName
        self.organisation = organisation
        self.email = email
        self.regions = regions
    }
}

/// An innovation broker: the person who registers and follows the SMEs of one or more
/// regions. The ``BrokerProfile/subject`` ties the entry to the broker's tokens. Work
/// contact data only; brokers are not SMEs' contact persons.
public struct Broker: Sendable, Hashable, Codable {
    public var id: String
    public var profile: BrokerProfile
    public var createdAt: Date

    public init(id: String, profile: BrokerProfile, createdAt: Date) {
        self.id = id
        self.profile = profile
        self.createdAt = createdAt
    }

    /// True when one of the broker's regions is `nuts` or lies above it (a broker of PL84
    /// serves PL841).
    public func serves(_ nuts: String) -> Bool {
        profile.regions.contains { NUTS.contains(ancestor: $0.nutsCode, descendant: nuts) }
    }
}

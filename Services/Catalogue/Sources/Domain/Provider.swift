import Foundation
import TIBSDomain

/// What a client sets on a provider: an organisation that offers resources.
public struct ProviderProfile: Sendable, Hashable, Codable {
    public var name: String
    public var kind: ProviderKind
    public var region: RegionRef
    public var website: String
    public var description: String
    /// Personal data: held only with consent, withheld from roles outside the provider's region, erasable.
    public var contacts: [ContactPerson]

    public init(name: String, kind: ProviderKind, region: RegionRef, website: String = "", description: String = "",
                contacts: [ContactPerson] = []) {
        self.name = name
        self.kind = kind
        self.region = region
        self.website = website
        self.description = description
        self.contacts = contacts
    }
}

/// A stored provider.
public struct Provider: Sendable, Hashable, Codable {
    public var id: String
    public var profile: ProviderProfile
    public var version: Int64
    public var createdAt: Date
    public var updatedAt: Date
    public var personalDataErased: Bool

    public init(id: String, profile: ProviderProfile, version: Int64, createdAt: Date, updatedAt: Date,
                personalDataErased: Bool = false) {
        self.id = id
        self.profile = profile
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.personalDataErased = personalDataErased
    }
}

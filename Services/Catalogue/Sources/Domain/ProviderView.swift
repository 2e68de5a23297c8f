import TIBSIdentity

/// A provider as one caller may see it: contact persons only for admins and the region's brokers.
public struct ProviderView: Sendable, Hashable {
    public var provider: Provider
    public var contactsWithheld: Bool

    public init(provider: Provider, contactsWithheld: Bool) {
        self.provider = provider
        self.contactsWithheld = contactsWithheld
    }

    public init(_ provider: Provider, for principal: Principal) {
        if CatalogueAccess.maySeeContacts(of: provider.profile.region.nutsCode, principal) {
            self.init(provider: provider, contactsWithheld: false)
        } else {
            var copy = provider
            copy.profile.contacts = []
            self.init(provider: copy, contactsWithheld: true)
        }
    }
}

import TIBSIdentity

/// A resource as one caller may see it: its contact person only for admins and the region's
/// brokers; its completeness computed from its fields.
public struct ResourceView: Sendable, Hashable {
    public var resource: Resource
    public var contactWithheld: Bool
    public var completeness: Completeness

    public init(resource: Resource, contactWithheld: Bool) {
        self.resource = resource
        self.contactWithheld = contactWithheld
        self.completeness = Completeness(resource.fields)
    }

    public init(_ resource: Resource, for principal: Principal) {
        if CatalogueAccess.maySeeContacts(of: resource.region.nutsCode, principal) {
            self.init(resource: resource, contactWithheld: false)
        } else {
            var copy = resource
            copy.fields.contact = nil
            self.init(resource: copy, contactWithheld: true)
        }
        // The score counts the contact the resource has, not the one this caller may see.
        completeness = Completeness(resource.fields)
    }
}

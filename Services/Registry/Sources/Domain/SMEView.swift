import TIBSIdentity

/// An SME as one caller may see it.
public struct SMEView: Sendable, Hashable {
    public var sme: SME
    /// True when contact persons were removed because the caller may not see them.
    public var contactsWithheld: Bool

    public init(sme: SME, contactsWithheld: Bool) {
        self.sme = sme
        self.contactsWithheld = contactsWithheld
    }

    /// `sme` as `principal` may see it.
    public init(_ sme: SME, for principal: Principal) {
        if AccessPolicy.maySeeContacts(of: sme.profile.region.nutsCode, principal) {
            self.init(sme: sme, contactsWithheld: false)
        } else {
            var copy = sme
            copy.profile.contacts = []
            self.init(sme: copy, contactsWithheld: true)
        }
    }

    /// What the change feed carries: never contact persons.
    public static func feed(_ sme: SME) -> SMEView {
        var copy = sme
        copy.profile.contacts = []
        return SMEView(sme: copy, contactsWithheld: true)
    }
}

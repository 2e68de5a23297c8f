import TIBSIdentity

/// An institution as one caller may see it: without contact persons unless the caller is an
/// admin or an analyst (``PolicyAccess/maySeeContacts(_:)``).
public struct InstitutionView: Sendable, Hashable {
    public var institution: Institution
    public var contactsWithheld: Bool

    public init(institution: Institution, contactsWithheld: Bool) {
        self.institution = institution
        self.contactsWithheld = contactsWithheld
    }

    public init(_ institution: Institution, for principal: Principal) {
        let withheld = !PolicyAccess.maySeeContacts(principal)
        var shown = institution
        if withheld { shown.fields.contacts = [] }
        self.init(institution: shown, contactsWithheld: withheld)
    }
}

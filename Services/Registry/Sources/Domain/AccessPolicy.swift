import TIBSDomain
import TIBSIdentity

/// Who may do what with registry data (docs/registry.md, Authorisation).
///
/// - Writes to an SME and its needs, offers and surveys: admin and service anywhere; a
///   broker only in its region scope. Analysts and integrators never write.
/// - Contact persons (personal data): only admins and brokers whose scope covers the SME's
///   region see them; every other caller gets the SME with `contacts_withheld`.
/// - Everything else is readable by any authenticated caller.
public enum AccessPolicy {
    public static func requireWrite(_ region: String, by principal: Principal) throws(RegistryError) {
        guard principal.canWrite(region: region) else {
            throw .permissionDenied("\(principal.role.rawValue) '\(principal.subject)' may not write data of region \(region)")
        }
    }

    public static func maySeeContacts(of region: String, _ principal: Principal) -> Bool {
        switch principal.role {
        case .admin: true
        case .broker: principal.isInScope(region: region)
        case .analyst, .integrator, .service: false
        }
    }

    /// Export hands out everything, personal data included: only for those who may see it.
    public static func requireExport(_ region: String, by principal: Principal) throws(RegistryError) {
        guard maySeeContacts(of: region, principal) else {
            throw .permissionDenied("\(principal.role.rawValue) '\(principal.subject)' may not export SMEs of region \(region) (personal data)")
        }
    }
}

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

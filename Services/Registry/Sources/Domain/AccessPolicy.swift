import TIBSDomain
import TIBSIdentity
import TIBSServiceApp

/// Who may do what with registry data (docs/registry.md, Authorisation).
///
/// - Writes to an SME and its needs, offers and surveys: admin and service anywhere; a
///   broker only in its region scope. Analysts and integrators never write.
/// - Contact persons (personal data): only admins and brokers whose scope covers the SME's
///   region see them; every other caller gets the SME with `contacts_withheld`.
/// - Everything else is readable by any authenticated caller.
public enum AccessPolicy {
    public static func requireWrite(_ region: String, by principal: Principal) throws(ServiceError) {
        try RegionAccess.requireWrite(region, by: principal)
    }

    public static func maySeeContacts(of region: String, _ principal: Principal) -> Bool {
        RegionAccess.maySeePersonalData(of: region, principal)
    }

    /// Export hands out everything, personal data included: only for those who may see it.
    public static func requireExport(_ region: String, by principal: Principal) throws(ServiceError) {
        guard maySeeContacts(of: region, principal) else {
            throw .permissionDenied("\(principal.role.rawValue) '\(principal.subject)' may not export SMEs of region \(region) (personal data)")
        }
    }
}

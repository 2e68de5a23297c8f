import TIBSDomain
import TIBSIdentity
import TIBSServiceApp

/// Who may do what with catalogue data (docs/catalogue.md, Roles).
///
/// - Drafting, editing, submitting and retiring a provider's resources, and writing the
///   provider itself: admins and services anywhere, brokers in their region scope (the
///   provider's region). Analysts and integrators read only.
/// - Publishing is the review's decision: admins, and brokers of the provider's region. A
///   service token (a machine) never publishes.
/// - Unpublished resources (draft, submitted, retired) are visible to those who may write them;
///   everyone else sees published resources only.
/// - Contact persons (personal data) are visible to admins and brokers of the provider's region.
public enum CatalogueAccess {
    public static func requireWrite(_ region: String, by principal: Principal) throws(ServiceError) {
        try RegionAccess.requireWrite(region, by: principal)
    }

    public static func requirePublish(_ region: String, by principal: Principal) throws(ServiceError) {
        switch principal.role {
        case .admin: return
        case .broker where principal.isInScope(region: region): return
        default:
            throw .permissionDenied("\(principal.role.rawValue) '\(principal.subject)' may not publish resources of region \(region): "
                                    + "only admins and the region's brokers review them")
        }
    }

    public static func maySeeUnpublished(of region: String, _ principal: Principal) -> Bool {
        principal.canWrite(region: region)
    }

    public static func maySeeContacts(of region: String, _ principal: Principal) -> Bool {
        RegionAccess.maySeePersonalData(of: region, principal)
    }

    public static func requireExport(_ region: String, by principal: Principal) throws(ServiceError) {
        guard maySeeContacts(of: region, principal) else {
            throw .permissionDenied("\(principal.role.rawValue) '\(principal.subject)' may not export providers of region \(region) (personal data)")
        }
    }
}

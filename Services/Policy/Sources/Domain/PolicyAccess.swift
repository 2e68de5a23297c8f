import TIBSIdentity
import TIBSServiceApp

/// Who may do what in the policy service (docs/policy.md, roles). Institutions and strategies:
/// admins write; issues and actions: admins and the brokers whose scope covers every region of the
/// issue (``RegionAccess``); everyone authenticated reads; contact persons only admins and analysts.
public enum PolicyAccess {
    /// Institution contact persons are shown to admins and analysts (proto `InstitutionFields.contacts`).
    public static func maySeeContacts(_ principal: Principal) -> Bool {
        principal.role == .admin || principal.role == .analyst
    }

    /// PERMISSION_DENIED unless `principal` may write data of every region (an issue's regions).
    public static func requireWrite(_ regions: [String], by principal: Principal) throws(ServiceError) {
        guard principal.role == .admin || principal.role == .broker else {
            throw .permissionDenied("\(principal.role.rawValue) '\(principal.subject)' may not raise issues or record influence actions")
        }
        for region in regions { try RegionAccess.requireWrite(region, by: principal) }
    }
}

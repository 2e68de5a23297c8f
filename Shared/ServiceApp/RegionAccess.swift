import TIBSIdentity

/// The region-write rule of every service, written once: admins and services write
/// anywhere, a broker in its region scope, analysts and integrators never
/// (``Principal/canWrite(region:)``).
public enum RegionAccess {
    /// Why `principal` may not write data of `region` (a NUTS code), or nil when it may.
    public static func writeRefusal(_ region: String, by principal: Principal) -> String? {
        principal.canWrite(region: region)
            ? nil : "\(principal.role.rawValue) '\(principal.subject)' may not write data of region \(region)"
    }

    /// Personal data (contact persons) of an entity in `region` is shown to admins and to the
    /// brokers whose scope covers the region; every other role gets the entity without it.
    public static func maySeePersonalData(of region: String, _ principal: Principal) -> Bool {
        switch principal.role {
        case .admin: true
        case .broker: principal.isInScope(region: region)
        case .analyst, .integrator, .service: false
        }
    }

    /// PERMISSION_DENIED unless `principal` may write data of `region`.
    public static func requireWrite(_ region: String, by principal: Principal) throws(ServiceError) {
        if let refusal = writeRefusal(region, by: principal) { throw .permissionDenied(refusal) }
    }
}

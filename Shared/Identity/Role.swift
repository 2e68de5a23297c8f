/// What a caller may do. Carried in the token's `role` claim; a token with any other value is rejected.
///
/// - `admin`, `service`: read and write in every region.
/// - `broker`: read everywhere, write only inside its region scope (see ``Principal/canWrite(region:)``).
/// - `analyst`, `integrator`: read only.
public enum Role: String, Sendable, Codable, CaseIterable {
    case admin, broker, analyst, integrator, service
}

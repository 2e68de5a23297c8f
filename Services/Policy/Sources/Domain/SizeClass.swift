/// The SME size class the registry records (tibs.registry.v1 and tibs.policy.v1 share the numbers).
/// The raw value is the proto number and the `size_class` column of the evidence tables.
public enum SizeClass: Int, Sendable, CaseIterable, Codable {
    case micro = 1, small = 2, medium = 3
}

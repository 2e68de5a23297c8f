/// A TIBS service the typed commands talk to, and where its address comes from. Each service has
/// its own address setting (`TIBS_ADDRESS` for the registry, `TIBS_CATALOGUE_ADDRESS` for the
/// catalogue, `TIBS_POLICY_ADDRESS` for the policy service) and its entry in an `endpoints.json` (`TIBS_ENDPOINTS`, profile key `endpoints`),
/// the file `scripts/run-system` writes, so one environment reaches every service.
public struct ServiceEndpoint: Sendable, Equatable {
    /// The name in endpoints.json ("registry", "catalogue", "policy").
    public let name: String
    /// The method path prefix: "/tibs.registry.v1.SmeRegistry/".
    public let servicePath: String
    /// The proto package with its dot: "tibs.registry.v1.".
    public let package: String
    /// For messages: "an SME registry".
    public let label: String
    public let defaultPort: Int
    /// The environment variable and profile key of the address.
    public let addressVariable: String
    public let addressKey: String

    public static let registry = ServiceEndpoint(
        name: "registry", servicePath: "/tibs.registry.v1.SmeRegistry/", package: "tibs.registry.v1.", label: "an SME registry",
        defaultPort: 7401, addressVariable: "TIBS_ADDRESS", addressKey: "address")

    public static let catalogue = ServiceEndpoint(
        name: "catalogue", servicePath: "/tibs.catalogue.v1.ResourceCatalogue/", package: "tibs.catalogue.v1.",
        label: "a resource catalogue", defaultPort: 7402, addressVariable: "TIBS_CATALOGUE_ADDRESS", addressKey: "catalogueAddress")

    /// The service called `name` ("registry", "catalogue", "policy", "match"), nil for any other.
    public static func named(_ name: String) -> ServiceEndpoint? {
        [registry, catalogue, policy, match].first { $0.name == name }
    }

    public static let policy = ServiceEndpoint(
        name: "policy", servicePath: "/tibs.policy.v1.PolicyInfluence/", package: "tibs.policy.v1.",
        label: "a policy-influence service", defaultPort: 7403, addressVariable: "TIBS_POLICY_ADDRESS", addressKey: "policyAddress")
}

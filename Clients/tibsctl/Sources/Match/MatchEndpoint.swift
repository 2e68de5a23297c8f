extension ServiceEndpoint {
    /// The match service (`tibs-match`, docs/match.md): `TIBS_MATCH_ADDRESS`, profile key
    /// `matchAddress`, the endpoints file's "match"; port 7404 by default.
    public static let match = ServiceEndpoint(
        name: "match", servicePath: "/tibs.match.v1.Matchmaking/", package: "tibs.match.v1.", label: "a match service",
        defaultPort: 7404, addressVariable: "TIBS_MATCH_ADDRESS", addressKey: "matchAddress")
}

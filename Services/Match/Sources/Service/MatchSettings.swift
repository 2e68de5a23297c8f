import TIBSServiceKit

/// The match service's own settings beyond `ServiceOptions`, resolved by
/// ``MatchOptions/resolved(environment:)``: what it follows, how it trusts what it follows, how it
/// scores, when it alerts and how long a broker has to answer.
public struct MatchSettings: Sendable, Equatable {
    /// Registries followed (`--follow-registry NAME=HOST:PORT`); the name qualifies their ids.
    public var registries: [FollowTarget]
    /// Catalogues followed (`--follow-catalogue NAME=HOST:PORT`).
    public var catalogues: [FollowTarget]
    /// Policy services followed for the S3 priorities in force (`--follow-policy NAME=HOST:PORT`).
    public var policies: [FollowTarget]
    /// A file holding a service token every followed upstream accepts, read on every connect.
    public var followTokenFile: String?
    /// The PEM roots that sign the upstreams' certificates (read from `--follow-ca` at start);
    /// nil: the system trust store.
    public var followTrustRootsPEM: String?
    /// The weight of each score part (`--weights FILE`, else ``ScoreWeights/defaults``).
    public var weights: ScoreWeights
    /// The least total a new candidate needs to be pushed to WatchNewCandidates (0...1).
    public var alertThreshold: Double
    /// Working days the other side of a match has to act after each step (Mon–Fri).
    public var responseWorkingDays: Int

    public static let defaultAlertThreshold = 0.35
    public static let defaultResponseWorkingDays = 10
    /// The bounds `--alert-threshold` and `--response-working-days` are checked against.
    public static let alertThresholdRange: ClosedRange<Double> = 0...1
    public static let responseWorkingDaysRange: ClosedRange<Int> = 1...60

    public init(registries: [FollowTarget] = [], catalogues: [FollowTarget] = [], policies: [FollowTarget] = [],
                followTokenFile: String? = nil, followTrustRootsPEM: String? = nil, weights: ScoreWeights = .defaults,
                alertThreshold: Double = MatchSettings.defaultAlertThreshold,
                responseWorkingDays: Int = MatchSettings.defaultResponseWorkingDays) {
        self.registries = registries
        self.catalogues = catalogues
        self.policies = policies
        self.followTokenFile = followTokenFile
        self.followTrustRootsPEM = followTrustRootsPEM
        self.weights = weights
        self.alertThreshold = alertThreshold
        self.responseWorkingDays = responseWorkingDays
    }

    /// Every followed upstream's name, registries first: names are unique across kinds.
    public var upstreamNames: [String] { (registries + catalogues + policies).map(\.name) }
}

extension MatchSettings {
    /// Every followed upstream with its kind, registries first: what the replica follows.
    public var upstreams: [MatchUpstream] {
        registries.map { MatchUpstream(name: $0.name, kind: .registry, host: $0.host, port: $0.port) }
            + catalogues.map { MatchUpstream(name: $0.name, kind: .catalogue, host: $0.host, port: $0.port) }
            + policies.map { MatchUpstream(name: $0.name, kind: .policy, host: $0.host, port: $0.port) }
    }
}

/// A partner region of the brokerage network: where brokers work and SMEs are registered.
public struct PartnerRegion: Sendable, Hashable, Codable {
    /// A stable lower-case slug, e.g. `vidzeme`, for configuration and URLs.
    public let id: String
    /// The name brokers and users know the region by, in English: "Southern Denmark".
    public let displayName: String
    /// ISO 3166-1 alpha-2 country code.
    public let country: String
    /// The NUTS code identifying the region (NUTS 2 or 3, whichever the partner is).
    public let nuts: String
    /// The official NUTS name of ``nuts``, e.g. "Syddanmark".
    public let nutsName: String
    /// The NUTS version of ``nuts``.
    public let nutsVersion: String
    /// Finer NUTS codes the partner is also known by (Vilnius: the Vilnius county LT011).
    public let relatedNUTS: [String]

    public init(id: String, displayName: String, country: String, nuts: String, nutsName: String,
                nutsVersion: String, relatedNUTS: [String] = []) {
        self.id = id
        self.displayName = displayName
        self.country = country
        self.nuts = nuts
        self.nutsName = nutsName
        self.nutsVersion = nutsVersion
        self.relatedNUTS = relatedNUTS
    }
}

/// The partner regions of the network.
///
/// ``launch`` is seed data for a new deployment, not a limit: any EU/EEA region can be
/// added as data, identified by its NUTS code, and nothing in the domain may assume the
/// network has only these six.
public enum PartnerRegions {
    /// The six partner regions at launch (NUTS 2021).
    public static let launch: [PartnerRegion] = [
        PartnerRegion(id: "vidzeme", displayName: "Vidzeme", country: "LV",
                      nuts: "LV008", nutsName: "Vidzeme", nutsVersion: "2021"),
        PartnerRegion(id: "podlaskie", displayName: "Podlaskie", country: "PL",
                      nuts: "PL84", nutsName: "Podlaskie", nutsVersion: "2021"),
        PartnerRegion(id: "syddanmark", displayName: "Southern Denmark", country: "DK",
                      nuts: "DK03", nutsName: "Syddanmark", nutsVersion: "2021"),
        PartnerRegion(id: "hamburg", displayName: "Hamburg", country: "DE",
                      nuts: "DE60", nutsName: "Hamburg", nutsVersion: "2021"),
        PartnerRegion(id: "kymenlaakso", displayName: "Kouvola / Kymenlaakso", country: "FI",
                      nuts: "FI1C4", nutsName: "Kymenlaakso", nutsVersion: "2021"),
        PartnerRegion(id: "vilnius", displayName: "Vilnius", country: "LT",
                      nuts: "LT01", nutsName: "Sostinės regionas", nutsVersion: "2021",
                      relatedNUTS: ["LT011"]),
    ]

    /// The launch partner region with this slug or NUTS code, if any.
    public static func launchRegion(_ idOrNUTS: String) -> PartnerRegion? {
        launch.first { $0.id == idOrNUTS || $0.nuts == idOrNUTS }
    }
}

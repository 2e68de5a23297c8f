/// The policy service's own settings beyond `ServiceOptions`, resolved (``PolicyOptions/resolved(environment:)``).
public struct PolicySettings: Sendable, Equatable {
    /// An influence action with no step after SUBMITTED this many days after its submitted_on is overdue.
    public var overdueAfterDays: Int
    /// The registries to follow for evidence (`--follow NAME=HOST:PORT`, repeatable); empty: none.
    public var follows: [FollowTarget]
    /// A service token the followed registries accept (`--follow-token-file`).
    public var followTokenFile: String?

    public static let defaultOverdueAfterDays = 90

    public init(overdueAfterDays: Int = PolicySettings.defaultOverdueAfterDays, follows: [FollowTarget] = [], followTokenFile: String? = nil) {
        self.overdueAfterDays = overdueAfterDays
        self.follows = follows
        self.followTokenFile = followTokenFile
    }
}

/// One followed registry: its name in the evidence (`upstream`) and its address.
public struct FollowTarget: Sendable, Equatable {
    public var name: String
    public var host: String
    public var port: Int

    public init(name: String, host: String, port: Int) {
        self.name = name
        self.host = host
        self.port = port
    }

    /// `NAME=HOST:PORT`, e.g. `registry=127.0.0.1:7401`; nil when it is not one.
    public init?(parsing text: String) {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, let colon = parts[1].lastIndex(of: ":") else { return nil }
        let name = parts[0], host = String(parts[1][..<colon]), portText = parts[1][parts[1].index(after: colon)...]
        guard !name.isEmpty, name.utf8.allSatisfy({ $0 > 0x20 && $0 != UInt8(ascii: ",") }), !host.isEmpty,
              let port = Int(portText), (1...65535).contains(port) else { return nil }
        self.init(name: name, host: host, port: port)
    }
}

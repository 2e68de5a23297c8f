import TIBSServiceKit

/// One followed upstream (`--follow-registry NAME=HOST:PORT`, `--follow-catalogue …`,
/// `--follow-policy …`): its name qualifies every id it sends and keys its cursor, so renaming
/// it starts it over from sequence 0.
public struct MatchUpstream: Sendable, Hashable {
    public var name: String
    public var kind: UpstreamKind
    public var host: String
    public var port: Int

    public init(name: String, kind: UpstreamKind, host: String, port: Int) {
        self.name = name
        self.kind = kind
        self.host = host
        self.port = port
    }

    /// `NAME=HOST:PORT` of the given kind, parsed as every `--follow` is.
    public init(parsing text: String, kind: UpstreamKind) throws(OptionsError) {
        let target = try FollowTarget(parsing: text)
        self.init(name: target.name, kind: kind, host: target.host, port: target.port)
    }

    var target: FollowTarget { FollowTarget(name: name, host: host, port: port) }
}

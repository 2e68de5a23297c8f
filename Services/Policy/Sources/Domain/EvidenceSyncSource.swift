/// Where the reports read how current the evidence is: one ``UpstreamSync`` per followed registry.
/// The seam between the use cases and the follower: empty (``none``) until the follower is wired,
/// and in a service started without `--follow`.
public struct EvidenceSyncSource: Sendable {
    public let current: @Sendable () async -> [UpstreamSync]

    public init(_ current: @escaping @Sendable () async -> [UpstreamSync]) {
        self.current = current
    }

    /// No followed registry: reports answer an empty `sync`.
    public static let none = EvidenceSyncSource { [] }
}

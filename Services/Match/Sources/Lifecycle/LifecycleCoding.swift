import Foundation

/// The wire form of stored matches, feed payloads and replayed responses (the `Match` proto;
/// implemented in Ports by ``LifecycleMapping``), so the use cases never see generated types.
public protocol LifecycleCoding: Sendable {
    /// The feed payload's message name.
    var payloadType: String { get }
    /// A match as `caller` may see it (a teaser hides names): responses and idempotent replays.
    func encode(_ view: MatchView) throws -> Data
    /// Reads a stored record back; `ownerTeaser` is kept beside it (the proto has no field for it).
    func decode(_ record: Data, ownerTeaser: String) throws -> MatchRecord
}

/// One subscriber of an ``AlertHub``: iterate `alerts` (it ends when the subscriber's task is
/// cancelled or ``AlertHub/unsubscribe(_:)`` is called). The buffer keeps the newest
/// ``AlertHub/bufferLimit`` alerts: a subscriber that reads too slowly loses the oldest, and
/// ``AlertHub/dropped(_:)`` says how many.
public struct AlertSubscription: Sendable {
    public let id: UInt64
    public let scope: AlertScope
    public let alerts: AsyncStream<CandidateAlert>
}

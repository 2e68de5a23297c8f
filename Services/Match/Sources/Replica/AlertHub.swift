import NIOConcurrencyHelpers

/// Where the replica's alerts go: subscribers (one need, some regions, or everywhere) each get a
/// bounded buffer of ``CandidateAlert``s. The replica asks the hub only for what it must score:
/// with no subscriber nothing is computed. Alert rule (the replica applies it): a candidate
/// created or changed by an applied event — or any candidate of a need the event created or
/// changed — that scores at least ``threshold`` and enters the need's top ``topCount`` (was not
/// in it before the event).
public final class AlertHub: Sendable {
    /// The minimum total score an alert carries (configuration; docs/match.md).
    public let threshold: Double
    /// Alerts buffered per subscriber at most; beyond it the oldest is dropped and counted.
    public let bufferLimit: Int
    /// The ranking depth a candidate must enter.
    public let topCount = 20

    private struct Subscriber {
        var scope: AlertScope
        var continuation: AsyncStream<CandidateAlert>.Continuation
        var dropped = 0
    }

    private struct State {
        var subscribers: [UInt64: Subscriber] = [:]
        var nextID: UInt64 = 0
    }

    private let state = NIOLockedValueBox(State())

    public static let defaultThreshold = 0.35

    public init(threshold: Double = AlertHub.defaultThreshold, bufferLimit: Int = 256) {
        self.threshold = threshold
        self.bufferLimit = max(1, bufferLimit)
    }

    /// A new subscriber of `scope`.
    public func subscribe(_ scope: AlertScope) -> AlertSubscription {
        let (stream, continuation) = AsyncStream<CandidateAlert>.makeStream(bufferingPolicy: .bufferingNewest(bufferLimit))
        let id = state.withLockedValue { state -> UInt64 in
            defer { state.nextID += 1 }
            state.subscribers[state.nextID] = Subscriber(scope: scope, continuation: continuation)
            return state.nextID
        }
        continuation.onTermination = { [weak self] _ in self?.remove(id) }
        return AlertSubscription(id: id, scope: scope, alerts: stream)
    }

    /// Ends the subscriber's stream.
    public func unsubscribe(_ subscription: AlertSubscription) {
        let continuation = state.withLockedValue { $0.subscribers.removeValue(forKey: subscription.id)?.continuation }
        continuation?.finish()
    }

    /// Alerts the subscriber lost to a full buffer.
    public func dropped(_ subscription: AlertSubscription) -> Int {
        state.withLockedValue { $0.subscribers[subscription.id]?.dropped ?? 0 }
    }

    public var subscriberCount: Int { state.withLockedValue { $0.subscribers.count } }

    /// The scopes subscribed now (what the replica must score for).
    func scopes() -> [AlertScope] {
        state.withLockedValue { Array(Set($0.subscribers.values.map(\.scope))) }
    }

    /// Hands each alert to every subscriber whose scope covers its need.
    func publish(_ alerts: [CandidateAlert]) {
        guard !alerts.isEmpty else { return }
        state.withLockedValue { state in
            for (id, subscriber) in state.subscribers {
                for alert in alerts where subscriber.scope.covers(alert.need) {
                    if case .dropped = subscriber.continuation.yield(alert) { state.subscribers[id]?.dropped += 1 }
                }
            }
        }
    }

    private func remove(_ id: UInt64) {
        _ = state.withLockedValue { $0.subscribers.removeValue(forKey: id) }
    }
}

import NIOConcurrencyHelpers
import TIBSProto
import TIBSRPC
import TIBSTestSupport

/// One `WatchNewCandidates` stream on the real match service, read by a task of its own: the
/// alerts in the order they arrived, and the error that ended the stream, if any.
final class AlertWatch: Sendable {
    private struct State {
        var alerts: [Tibs_Match_V1_CandidateAlert] = []
        var ended: (any Error)?
    }
    private let state = NIOLockedValueBox(State())
    private let reader = NIOLockedValueBox<Task<Void, Never>?>(nil)

    /// Opens the stream on `client` and starts reading it.
    static func open(_ client: RPCClient, _ request: Tibs_Match_V1_WatchNewCandidatesRequest) -> AlertWatch {
        let watch = AlertWatch()
        let task = Task {
            do {
                try await client.serverStreaming("/tibs.match.v1.Matchmaking/WatchNewCandidates", request) {
                    (stream: ResponseStream<Tibs_Match_V1_CandidateAlert>) in
                    for try await alert in stream { watch.state.withLockedValue { $0.alerts.append(alert) } }
                }
                watch.state.withLockedValue { $0.ended = ProcessTestError("the alert stream ended") }
            } catch {
                watch.state.withLockedValue { $0.ended = error }
            }
        }
        watch.reader.withLockedValue { $0 = task }
        return watch
    }

    var alerts: [Tibs_Match_V1_CandidateAlert] { state.withLockedValue { $0.alerts } }

    /// What ended the stream ("open" while it runs), for a failed wait's message.
    var status: String { state.withLockedValue { $0.ended.map { "ended: \($0)" } ?? "open" } }

    /// Waits (bounded) until the alerts received satisfy `condition`; a stream that ended fails the wait at once.
    @discardableResult
    func waitUntil(_ what: String, _ condition: @escaping @Sendable ([Tibs_Match_V1_CandidateAlert]) -> Bool) async throws -> [Tibs_Match_V1_CandidateAlert] {
        try await waitFor(what, timeout: .seconds(120)) { [self] in
            let (alerts, ended) = state.withLockedValue { ($0.alerts, $0.ended) }
            if condition(alerts) { return true }
            if let ended { throw ProcessTestError("\(what): \(ended); alerts so far: \(alerts.map(\.candidate.id))") }
            return false
        }
        return alerts
    }

    /// Ends the stream (the client cancels the call).
    func cancel() async {
        let task = reader.withLockedValue { $0 }
        task?.cancel()
        await task?.value
    }
}

import NIOConcurrencyHelpers
import TIBSProto

/// The last FindMatches answer a polling wait saw, for its timeout message.
final class LastAnswer: Sendable {
    private let answer = NIOLockedValueBox<Tibs_Match_V1_FindMatchesResponse?>(nil)

    func set(_ value: Tibs_Match_V1_FindMatchesResponse) { answer.withLockedValue { $0 = value } }
    func get() -> Tibs_Match_V1_FindMatchesResponse? { answer.withLockedValue { $0 } }
}

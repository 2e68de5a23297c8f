import Foundation
import TIBSDomain

/// How a finished match went, coded with the survey's lists so outcomes and survey answers are
/// counted alike: success reasons ("success-reason"), failure reasons ("failure-reason") and the
/// advantages gained ("advantage").
public struct MatchOutcome: Sendable, Hashable {
    public var success: Bool
    public var successReasons: [VersionedCode]
    public var failureReasons: [VersionedCode]
    public var advantages: [VersionedCode]
    public var note: String
    public var recordedAt: Date
    public var recordedBy: String

    public init(success: Bool, successReasons: [VersionedCode], failureReasons: [VersionedCode], advantages: [VersionedCode],
                note: String, recordedAt: Date, recordedBy: String) {
        self.success = success
        self.successReasons = successReasons
        self.failureReasons = failureReasons
        self.advantages = advantages
        self.note = note
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }
}

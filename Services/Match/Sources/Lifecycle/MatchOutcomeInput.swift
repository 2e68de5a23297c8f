import TIBSDomain

/// An outcome as a caller sends it (the server stamps when and by whom).
public struct MatchOutcomeInput: Sendable, Hashable {
    public var success: Bool
    public var successReasons: [VersionedCode]
    public var failureReasons: [VersionedCode]
    public var advantages: [VersionedCode]
    public var note: String

    public init(success: Bool, successReasons: [VersionedCode] = [], failureReasons: [VersionedCode] = [],
                advantages: [VersionedCode] = [], note: String = "") {
        self.success = success
        self.successReasons = successReasons
        self.failureReasons = failureReasons
        self.advantages = advantages
        self.note = note
    }
}

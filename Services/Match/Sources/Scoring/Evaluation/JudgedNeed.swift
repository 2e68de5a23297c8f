/// One need of the judged set and the broker's judgement of its answers.
public struct JudgedNeed: Sendable, Hashable {
    public var need: NeedProfile
    /// What a broker wants to see in the top 5.
    public var relevant: [QualifiedID]
    /// What must not be in the top 3 (the need's own offers, closed programmes, misleading look-alikes).
    public var wrong: [QualifiedID]

    public init(need: NeedProfile, relevant: [QualifiedID], wrong: [QualifiedID]) {
        self.need = need
        self.relevant = relevant
        self.wrong = wrong
    }
}

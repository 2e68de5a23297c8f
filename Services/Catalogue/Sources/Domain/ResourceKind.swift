/// What a resource is. The kind decides which facts it needs before it can be published:
/// technologies a TRL range, programmes and funding instruments a validity window.
public enum ResourceKind: String, Sendable, Hashable, Codable, CaseIterable {
    case expertise
    case equipment
    /// A facility or test-bed.
    case facility
    case technology
    case service
    case training
    case supportProgramme = "support-programme"
    case fundingInstrument = "funding-instrument"

    /// Programmes and funding instruments run in calls: they open and close on days, and
    /// retire themselves when their window has closed.
    public var runsInCalls: Bool { self == .supportProgramme || self == .fundingInstrument }

    /// Technologies are rated by readiness (TRL); other kinds may carry a range but need none.
    public var needsTRL: Bool { self == .technology }
}

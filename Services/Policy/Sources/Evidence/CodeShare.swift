/// One answer code of a question in a survey report: how many counted surveys named it, their
/// share of the question's respondents and, for support forms, the mean usefulness (1..5; 0 when
/// none was rated).
public struct CodeShare: Sendable, Hashable {
    public var code: String
    public var label: String
    public var count: Int
    public var share: Double
    public var meanUsefulness: Double
}

import TIBSDomain

/// The review's quality gate: named checks, each with a weight, over the facts a broker needs
/// to propose a resource to an SME. Publishing needs ``Completeness/threshold`` percent of the
/// weight of the checks that apply to the resource's kind, and every required check: a
/// programme without a deadline could never retire, a technology without a TRL never be matched
/// on readiness.
public struct Completeness: Sendable, Hashable {
    /// Publishing is refused below this score (docs/catalogue.md, Review).
    public static let threshold = 80
    /// A description shorter than this says too little to match on.
    public static let minimumDescription = 120

    public struct Check: Sendable, Hashable {
        /// The field it looks at, in proto names: the violation names it when publishing is refused.
        public let name: String
        public let weight: Int
        /// A failed required check refuses publishing whatever the score.
        public let required: Bool
        public let passed: Bool
        /// What to add when it failed.
        public let hint: String
    }

    public let checks: [Check]

    /// 0–100: the passed checks' share of the applicable weight, rounded down.
    public var percent: Int {
        let total = checks.reduce(0) { $0 + $1.weight }
        guard total > 0 else { return 0 }
        return checks.filter(\.passed).reduce(0) { $0 + $1.weight } * 100 / total
    }

    public var isPublishable: Bool { percent >= Self.threshold && !checks.contains { $0.required && !$0.passed } }
    public var failed: [Check] { checks.filter { !$0.passed } }

    public init(_ fields: ResourceFields) {
        var checks = [
            Check(name: "description", weight: 25, required: false, passed: TextRules.length(fields.description) >= Self.minimumDescription,
                  hint: "describe the resource in at least \(Self.minimumDescription) characters: what it is, for whom, how to use it"),
            Check(name: "keywords", weight: 10, required: false, passed: fields.keywords.count >= 3, hint: "add at least 3 keywords"),
            Check(name: "s3_areas", weight: 20, required: false, passed: !fields.s3Areas.isEmpty, hint: "name the S3 areas it serves"),
            Check(name: "access_conditions", weight: 15, required: false, passed: TextRules.isTrimmedNonEmpty(fields.accessConditions),
                  hint: "say who may use it and how to get access"),
            Check(name: "contact", weight: 15, required: false, passed: fields.contact != nil, hint: "add a contact person (with consent)"),
        ]
        if fields.kind.runsInCalls {
            checks.append(Check(name: "validity", weight: 15, required: true, passed: fields.validity.closesOn != nil,
                                hint: "give the call's deadline (and opening day, if any)"))
        }
        if fields.kind.needsTRL {
            checks.append(Check(name: "trl", weight: 15, required: true, passed: fields.trl != nil, hint: "give the technology's TRL range"))
        }
        self.checks = checks
    }
}

import Foundation
import TIBSDomain

/// How much an SME has worked with foreign partners.
public enum ForeignPartnerExperience: String, Sendable, Hashable, Codable, CaseIterable {
    case none, occasional, regular
}

/// The stage of internationalisation, in order of progress.
public enum InternationalisationStage: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case domesticOnly = "domestic-only"
    case exploring
    case firstForeignContracts = "first-foreign-contracts"
    case regularExporter = "regular-exporter"
    case establishedAbroad = "established-abroad"

    /// 1 (domestic only) … 5 (established abroad).
    public var rank: Int {
        switch self {
        case .domesticOnly: 1
        case .exploring: 2
        case .firstForeignContracts: 3
        case .regularExporter: 4
        case .establishedAbroad: 5
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}

/// A support form or tool the SME used and how useful it found it (1 = useless … 5 = very useful).
public struct SupportUse: Sendable, Hashable, Codable {
    public var form: VersionedCode
    public var usefulness: Int
    public var note: String

    public init(form: VersionedCode, usefulness: Int, note: String = "") {
        self.form = form
        self.usefulness = usefulness
        self.note = note
    }
}

/// The answers of one internationalisation survey interview (the GoSmart BSR market
/// research): experience, stage, reasons for success and failure, advantages, barriers,
/// support used and expected. Coded answers come from ``SurveyCodes``; each coded question
/// has a free-text companion for what the codes do not say.
public struct SurveyAnswers: Sendable, Hashable, Codable {
    /// The interview date, `YYYY-MM-DD`.
    public var conductedOn: String
    public var experience: ForeignPartnerExperience
    public var stage: InternationalisationStage
    public var successReasons: [VersionedCode]
    public var successReasonsText: String
    public var failureReasons: [VersionedCode]
    public var failureReasonsText: String
    public var advantages: [VersionedCode]
    public var advantagesText: String
    public var barriers: [VersionedCode]
    public var barriersText: String
    public var supportUsed: [SupportUse]
    public var expectedSupport: [VersionedCode]
    public var expectationsText: String

    public init(conductedOn: String, experience: ForeignPartnerExperience, stage: InternationalisationStage,
                successReasons: [VersionedCode] = [], successReasonsText: String = "",
                failureReasons: [VersionedCode] = [], failureReasonsText: String = "",
                advantages: [VersionedCode] = [], advantagesText: String = "",
                barriers: [VersionedCode] = [], barriersText: String = "",
                supportUsed: [SupportUse] = [], expectedSupport: [VersionedCode] = [], expectationsText: String = "") {
        self.conductedOn = conductedOn
        self.experience = experience
        self.stage = stage
        self.successReasons = successReasons
        self.successReasonsText = successReasonsText
        self.failureReasons = failureReasons
        self.failureReasonsText = failureReasonsText
        self.advantages = advantages
        self.advantagesText = advantagesText
        self.barriers = barriers
        self.barriersText = barriersText
        self.supportUsed = supportUsed
        self.expectedSupport = expectedSupport
        self.expectationsText = expectationsText
    }
}

/// One recorded survey of one SME; an SME has several over time.
public struct Survey: Sendable, Hashable, Codable {
    public var id: String
    public var smeID: String
    public var region: RegionRef
    public var answers: SurveyAnswers
    /// The token subject of whoever recorded it.
    public var recordedBy: String
    public var recordedAt: Date

    public init(id: String, smeID: String, region: RegionRef, answers: SurveyAnswers, recordedBy: String, recordedAt: Date) {
        self.id = id
        self.smeID = smeID
        self.region = region
        self.answers = answers
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }
}

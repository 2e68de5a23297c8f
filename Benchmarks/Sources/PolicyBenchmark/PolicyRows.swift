import Foundation
import TIBSDomain
import TIBSPolicy
import TIBSProto
import TIBSRegistry

/// The generated evidence: SMEs over seven Baltic Sea regions, surveys over three years
/// (2023–2025), one to three barriers each; both as ledger facts (the fill) and as registry
/// rows (the live feed the follower catches up with).
enum PolicyRows {
    static let regions = [("LV", "LV008"), ("LT", "LT011"), ("EE", "EE001"), ("PL", "PL841"), ("DK", "DK031"), ("DE", "DE60"), ("FI", "FI1C4")]
    static let s3 = ["ict", "bioeconomy", "agri-food", "advanced-manufacturing", "smart-health", "blue-economy"]
    static let barriers = ["lack-of-market-information", "finding-reliable-partners", "language-and-culture", "regulation-and-standards",
                           "financing", "staff-capacity", "market-entry-costs", "legal-and-tax", "ip-protection",
                           "public-procurement-access", "payment-risk", "strong-competition", "logistics"]
    static let sizes: [TIBSPolicy.SizeClass] = [.micro, .small, .medium]

    static func smeFacts(_ index: Int) -> SMEFacts {
        let (country, nuts) = regions[index % regions.count]
        return SMEFacts(id: "sme-\(index)", country: country, region: nuts, sizeClass: sizes[(index / 7) % 3],
                        s3Areas: [s3[index % s3.count], s3[(index + 2) % s3.count]])
    }

    /// Survey `index` of SME `index % smes`, in the SME's region.
    static func surveyFacts(_ index: Int, smes: Int) -> SurveyFacts {
        let sme = index % smes
        let (country, nuts) = regions[sme % regions.count]
        return SurveyFacts(id: "survey-\(index)", smeID: "sme-\(sme)", country: country, region: nuts, conductedOn: date(index),
                           stage: TIBSPolicy.InternationalisationStage(rawValue: index % 5 + 1), barriers: barrierCodes(index))
    }

    /// Spread over the 36 months of 2023–2025.
    static func date(_ index: Int) -> CalendarDate {
        let month = (index * 7919) % 36
        // reason: the parts are a valid day by construction.
        return CalendarDate("\(2023 + month / 12)-\(String(format: "%02d", month % 12 + 1))-\(String(format: "%02d", index % 28 + 1))")!
    }

    static func barrierCodes(_ index: Int) -> [String] {
        (0...(index % 3)).map { barriers[(index * 31 + $0 * 5) % barriers.count] }
    }

    /// The registry's form of survey `index` (for RecordSurvey through the registry's use case).
    static func answers(_ index: Int) -> SurveyAnswers {
        SurveyAnswers(conductedOn: date(index).description, experience: .occasional,
                      stage: TIBSRegistry.InternationalisationStage.allCases[index % 5],
                      barriers: barrierCodes(index).map { VersionedCode(code: $0, version: SurveyCodes.bundledVersion) })
    }
}

extension PolicyRows {
    /// The registry's form of SME `index` (for the bulk fill of the live registry).
    static func profile(_ index: Int) -> SMEProfile {
        let facts = smeFacts(index)
        let size = facts.sizeClass ?? .small
        let figures: EnterpriseFigures = switch size {
        case .micro: EnterpriseFigures(headcount: 5, annualTurnoverEUR: 900_000, balanceSheetTotalEUR: 500_000)
        case .small: EnterpriseFigures(headcount: 24, annualTurnoverEUR: 3_100_000, balanceSheetTotalEUR: 1_800_000)
        case .medium: EnterpriseFigures(headcount: 120, annualTurnoverEUR: 30_000_000, balanceSheetTotalEUR: 20_000_000)
        }
        return SMEProfile(legalName: "Policy benchmark company \(index)",
                          region: RegionRef(country: facts.country, nutsCode: facts.region, nutsVersion: "2021"),
                          registrationID: "\(facts.country)PB\(index)", figures: figures,
                          naceCodes: [VersionedCode(code: "62.01", version: "2")],
                          s3Areas: facts.s3Areas.map { VersionedCode(code: $0, version: S3Areas.bundledVersion) })
    }
}

import TIBSDomain

/// A followed survey as the survey report counts it: where, when, at which stage, its SME's
/// current size class and S3 areas (nil and empty while the SME is not known), its coded answers.
struct CountedSurvey: Sendable, Hashable {
    var upstream: String
    var id: String
    var smeID: String
    var country: String
    var region: String
    var conductedOn: String
    var stage: InternationalisationStage?
    var sizeClass: SizeClass?
    var s3Areas: [String]
    var answers: [SurveyAnswer] = []

    /// The SME it counts for, across registries.
    var smeKey: String { upstream + "\u{0}" + smeID }

    /// Its values of `dimension` (several for S3 areas, none when it has none).
    func values(_ dimension: SurveyDimension) -> [String] {
        switch dimension {
        case .region: [region]
        case .country: [country]
        case .s3Area: s3Areas
        case .sizeClass: [SurveyTally.sizeClassName(sizeClass)]
        case .stage: [SurveyTally.stageName(stage)]
        }
    }
}

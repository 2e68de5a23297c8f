import TIBSProto

/// The survey's two single-choice questions as codes and labels, beside the code lists' coded
/// questions: "experience" (with foreign partners) and "stage" (of internationalisation).
public enum SurveySingleChoice {
    public static let experienceQuestion = "experience"
    public static let stageQuestion = "stage"

    /// Codes and labels in answer order.
    public static let experienceCodes: [(code: String, label: String)] = [
        ("none", "No experience with foreign partners"), ("occasional", "Occasional foreign partners"), ("regular", "Regular foreign partners"),
    ]
    public static let stageCodes: [(code: String, label: String)] = [
        ("domestic-only", "Domestic only"), ("exploring", "Exploring foreign markets"), ("first-foreign-contracts", "First foreign contracts"),
        ("regular-exporter", "Regular exporter"), ("established-abroad", "Established abroad"),
    ]

    static func experience(_ experience: Tibs_Registry_V1_ForeignPartnerExperience) -> String? {
        switch experience {
        case .experienceNone: "none"
        case .experienceOccasional: "occasional"
        case .experienceRegular: "regular"
        default: nil
        }
    }

    public static func code(_ stage: InternationalisationStage) -> String {
        stageCodes[stage.rawValue - 1].code
    }

    /// The label of `code` of a single-choice `question`, or nil.
    public static func label(question: String, code: String) -> String? {
        let codes = question == experienceQuestion ? experienceCodes : question == stageQuestion ? stageCodes : []
        return codes.first { $0.code == code }?.label
    }
}

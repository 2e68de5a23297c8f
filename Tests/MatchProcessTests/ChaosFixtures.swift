import TIBSProto

/// The chaos writers' records: valid, distinct by `tag`.
enum ChaosFixtures {
    /// The day of every influence-action step and consent: after the submission, not in the future.
    static let actionDay = "2025-12-01"

    static func sme(_ tag: String, headcount: UInt32) -> Tibs_Registry_V1_SmeFields {
        .with {
            $0.legalName = "Chaos company \(tag)"
            $0.region = .with { $0.country = "LV"; $0.nutsCode = "LV008" }
            $0.registrationID = "LV-CHAOS-\(tag)"
            $0.headcount = headcount; $0.annualTurnoverEur = 3_100_000; $0.balanceSheetTotalEur = 1_800_000
            $0.naceCodes = [.with { $0.code = "26.51"; $0.version = "2" }]
            $0.s3Areas = [.with { $0.code = "sustainable-water" }]
        }
    }

    static let barriers = ["finding-reliable-partners", "regulation-and-standards", "language-and-culture", "lack-of-market-information"]

    static func survey(_ step: Int) -> Tibs_Registry_V1_SurveyAnswers {
        .with {
            $0.conductedOn = "2025-\(String(format: "%02d", step % 12 + 1))-15"
            $0.experience = .experienceOccasional
            $0.stage = .stageExploring
            $0.barriers = [.with { $0.code = barriers[step % barriers.count] }]
            $0.supportUsed = [.with { $0.form = .with { $0.code = "b2b-matchmaking" }; $0.usefulness = 3 }]
        }
    }

    static func provider(_ tag: String) -> Tibs_Catalogue_V1_ProviderFields {
        .with {
            $0.name = "Chaos test centre \(tag)"
            $0.kind = .technologyCentre
            $0.region = .with { $0.country = "DK"; $0.nutsCode = "DK03" }
            $0.website = "https://chaos.example"
            $0.description_p = "A test centre of the chaos test."
        }
    }

    static func institution(_ tag: String) -> Tibs_Policy_V1_InstitutionFields {
        .with {
            $0.name = "Chaos development department \(tag)"
            $0.kind = .other
            $0.level = .regional
            $0.country = "LV"
            $0.region = "LV008"
            $0.website = "https://chaos-institution.example"
        }
    }

    static func issue(_ tag: String, _ step: Int) -> Tibs_Policy_V1_PolicyIssueFields {
        .with {
            $0.barriers = [.with { $0.code = barriers[step % barriers.count] }]
            $0.regions = ["LV008"]
            $0.title = "Chaos issue \(tag)"
            $0.statement = "SMEs of the chaos test report this barrier."
            $0.requestedChange = "Remove the barrier."
            $0.evidencePeriod = .with { $0.fromMonth = ChaosTests.from; $0.toMonth = ChaosTests.to }
        }
    }

    static func action(institution: String, _ tag: String) -> Tibs_Policy_V1_InfluenceActionFields {
        .with {
            $0.kind = .letter
            $0.institutionID = institution
            $0.submittedOn = "2025-11-25"
            $0.documents = [.with { $0.title = "Chaos letter \(tag)"; $0.reference = "CHAOS-\(tag)" }]
            $0.summary = "Asked the institution to remove the barrier."
        }
    }
}

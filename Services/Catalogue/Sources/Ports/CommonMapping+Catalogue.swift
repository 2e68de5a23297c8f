import TIBSProto
import TIBSServiceKit

/// The catalogue's enums, proto ⇄ domain. Unspecified maps to nil (the router has already
/// refused numbers the schema does not know).
extension CommonMapping {
    static func providerKind(_ proto: Tibs_Catalogue_V1_ProviderKind) -> ProviderKind? {
        switch proto {
        case .researchInstitute: .researchInstitute
        case .university: .university
        case .technologyCentre: .technologyCentre
        case .cluster: .cluster
        case .supportAgency: .supportAgency
        case .other: .other
        case .unspecified, .UNRECOGNIZED: nil
        }
    }

    static func proto(_ kind: ProviderKind) -> Tibs_Catalogue_V1_ProviderKind {
        switch kind {
        case .researchInstitute: .researchInstitute
        case .university: .university
        case .technologyCentre: .technologyCentre
        case .cluster: .cluster
        case .supportAgency: .supportAgency
        case .other: .other
        }
    }

    static func resourceKind(_ proto: Tibs_Catalogue_V1_ResourceKind) -> ResourceKind? {
        switch proto {
        case .expertise: .expertise
        case .equipment: .equipment
        case .facility: .facility
        case .technology: .technology
        case .service: .service
        case .training: .training
        case .supportProgramme: .supportProgramme
        case .fundingInstrument: .fundingInstrument
        case .unspecified, .UNRECOGNIZED: nil
        }
    }

    static func proto(_ kind: ResourceKind) -> Tibs_Catalogue_V1_ResourceKind {
        switch kind {
        case .expertise: .expertise
        case .equipment: .equipment
        case .facility: .facility
        case .technology: .technology
        case .service: .service
        case .training: .training
        case .supportProgramme: .supportProgramme
        case .fundingInstrument: .fundingInstrument
        }
    }

    static func accessScope(_ proto: Tibs_Catalogue_V1_AccessScope) -> AccessScope? {
        switch proto {
        case .regional: .regional
        case .national: .national
        case .transnational: .transnational
        case .unspecified, .UNRECOGNIZED: nil
        }
    }

    static func proto(_ scope: AccessScope) -> Tibs_Catalogue_V1_AccessScope {
        switch scope {
        case .regional: .regional
        case .national: .national
        case .transnational: .transnational
        }
    }

    static func costModel(_ proto: Tibs_Catalogue_V1_CostModel) -> ResourceInput.CostModelName? {
        switch proto {
        case .free: .free
        case .subsidised: .subsidised
        case .fee: .fee
        case .coFunding: .coFunding
        case .unspecified, .UNRECOGNIZED: nil
        }
    }

    static func proto(_ cost: CostModel) -> (Tibs_Catalogue_V1_CostModel, UInt32) {
        switch cost {
        case .free: (.free, 0)
        case .subsidised: (.subsidised, 0)
        case .fee: (.fee, 0)
        case .coFunding(let rate): (.coFunding, UInt32(clamping: rate))
        }
    }

    static func reviewStatus(_ proto: Tibs_Catalogue_V1_ReviewStatus) -> ReviewStatus? {
        switch proto {
        case .draft: .draft
        case .submitted: .submitted
        case .published: .published
        case .retired: .retired
        case .unspecified, .UNRECOGNIZED: nil
        }
    }

    static func proto(_ status: ReviewStatus) -> Tibs_Catalogue_V1_ReviewStatus {
        switch status {
        case .draft: .draft
        case .submitted: .submitted
        case .published: .published
        case .retired: .retired
        }
    }
}

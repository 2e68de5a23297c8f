import TIBSProto
import TIBSServiceKit

/// proto ⇄ domain for the registry's enums, beside the shared shapes of `tibs.common.v1`
/// (codes, regions, times) in TIBSServiceKit's ``CommonMapping``.
/// Unknown or unspecified enum values map to nil; the handler turns a required nil into a
/// field violation.
extension CommonMapping {
    static func sizeClass(_ proto: Tibs_Registry_V1_SizeClass) -> SizeClass? {
        switch proto {
        case .micro: .micro
        case .small: .small
        case .medium: .medium
        case .unspecified, .UNRECOGNIZED: nil
        }
    }
    static func proto(_ size: SizeClass) -> Tibs_Registry_V1_SizeClass {
        switch size {
        case .micro: .micro
        case .small: .small
        case .medium: .medium
        }
    }

    static func stage(_ proto: Tibs_Registry_V1_InternationalisationStage) -> InternationalisationStage? {
        switch proto {
        case .stageDomesticOnly: .domesticOnly
        case .stageExploring: .exploring
        case .stageFirstForeignContracts: .firstForeignContracts
        case .stageRegularExporter: .regularExporter
        case .stageEstablishedAbroad: .establishedAbroad
        case .stageUnspecified, .UNRECOGNIZED: nil
        }
    }
    static func proto(_ stage: InternationalisationStage?) -> Tibs_Registry_V1_InternationalisationStage {
        switch stage {
        case .domesticOnly: .stageDomesticOnly
        case .exploring: .stageExploring
        case .firstForeignContracts: .stageFirstForeignContracts
        case .regularExporter: .stageRegularExporter
        case .establishedAbroad: .stageEstablishedAbroad
        case nil: .stageUnspecified
        }
    }

    static func experience(_ proto: Tibs_Registry_V1_ForeignPartnerExperience) -> ForeignPartnerExperience? {
        switch proto {
        case .experienceNone: ForeignPartnerExperience.none
        case .experienceOccasional: .occasional
        case .experienceRegular: .regular
        case .experienceUnspecified, .UNRECOGNIZED: nil
        }
    }
    static func proto(_ experience: ForeignPartnerExperience) -> Tibs_Registry_V1_ForeignPartnerExperience {
        switch experience {
        case .none: .experienceNone
        case .occasional: .experienceOccasional
        case .regular: .experienceRegular
        }
    }

    static func status(_ proto: Tibs_Registry_V1_ItemStatus) -> PostingStatus? {
        switch proto {
        case .open: .open
        case .fulfilled: .fulfilled
        case .withdrawn: .withdrawn
        case .unspecified, .UNRECOGNIZED: nil
        }
    }
    static func proto(_ status: PostingStatus) -> Tibs_Registry_V1_ItemStatus {
        switch status {
        case .open: .open
        case .fulfilled: .fulfilled
        case .withdrawn: .withdrawn
        }
    }

    /// Needs and offers share the domain's kind vocabulary; each proto enum names its own subset.
    static func kind(_ proto: Tibs_Registry_V1_NeedKind) -> PostingKind? {
        switch proto {
        case .technology: .technology
        case .expertise: .expertise
        case .valueChainPartner: .valueChainPartner
        case .marketAccess: .marketAccess
        case .funding: .funding
        case .testingFacility: .testingFacility
        case .unspecified, .UNRECOGNIZED: nil
        }
    }
    static func kind(_ proto: Tibs_Registry_V1_OfferKind) -> PostingKind? {
        switch proto {
        case .technology: .technology
        case .expertise: .expertise
        case .productOrService: .productOrService
        case .productionCapacity: .productionCapacity
        case .valueChainPartner: .valueChainPartner
        case .testingFacility: .testingFacility
        case .unspecified, .UNRECOGNIZED: nil
        }
    }
    static func needKind(_ kind: PostingKind) -> Tibs_Registry_V1_NeedKind {
        switch kind {
        case .technology: .technology
        case .expertise: .expertise
        case .valueChainPartner: .valueChainPartner
        case .marketAccess: .marketAccess
        case .funding: .funding
        case .testingFacility: .testingFacility
        case .productOrService, .productionCapacity: .unspecified
        }
    }
    static func offerKind(_ kind: PostingKind) -> Tibs_Registry_V1_OfferKind {
        switch kind {
        case .technology: .technology
        case .expertise: .expertise
        case .productOrService: .productOrService
        case .productionCapacity: .productionCapacity
        case .valueChainPartner: .valueChainPartner
        case .testingFacility: .testingFacility
        case .marketAccess, .funding: .unspecified
        }
    }
}

import TIBSProto
import TIBSServiceKit

/// proto ⇄ domain for the registry's enums, beside the shared shapes of `tibs.common.v1`
/// (codes, regions, times) in TIBSServiceKit's ``CommonMapping``: one ``EnumMapping`` table each.
/// Unknown or unspecified enum values map to nil; the handler turns a required nil into a
/// field violation.
extension CommonMapping {
    static let sizeClasses = EnumMapping<Tibs_Registry_V1_SizeClass, SizeClass>([(.micro, .micro), (.small, .small), (.medium, .medium)])
    static let stages = EnumMapping<Tibs_Registry_V1_InternationalisationStage, InternationalisationStage>([
        (.stageDomesticOnly, .domesticOnly), (.stageExploring, .exploring), (.stageFirstForeignContracts, .firstForeignContracts),
        (.stageRegularExporter, .regularExporter), (.stageEstablishedAbroad, .establishedAbroad),
    ])
    static let experiences = EnumMapping<Tibs_Registry_V1_ForeignPartnerExperience, ForeignPartnerExperience>([
        (.experienceNone, .none), (.experienceOccasional, .occasional), (.experienceRegular, .regular),
    ])
    static let statuses = EnumMapping<Tibs_Registry_V1_ItemStatus, PostingStatus>([(.open, .open), (.fulfilled, .fulfilled), (.withdrawn, .withdrawn)])
    /// Needs and offers share the domain's kind vocabulary; each proto enum names its own subset.
    static let needKinds = EnumMapping<Tibs_Registry_V1_NeedKind, PostingKind>([
        (.technology, .technology), (.expertise, .expertise), (.valueChainPartner, .valueChainPartner),
        (.marketAccess, .marketAccess), (.funding, .funding), (.testingFacility, .testingFacility),
    ])
    static let offerKinds = EnumMapping<Tibs_Registry_V1_OfferKind, PostingKind>([
        (.technology, .technology), (.expertise, .expertise), (.productOrService, .productOrService),
        (.productionCapacity, .productionCapacity), (.valueChainPartner, .valueChainPartner), (.testingFacility, .testingFacility),
    ])

    static func sizeClass(_ proto: Tibs_Registry_V1_SizeClass) -> SizeClass? { sizeClasses.domain(proto) }
    static func proto(_ size: SizeClass) -> Tibs_Registry_V1_SizeClass { sizeClasses.proto(size, otherwise: .unspecified) }

    static func stage(_ proto: Tibs_Registry_V1_InternationalisationStage) -> InternationalisationStage? { stages.domain(proto) }
    static func proto(_ stage: InternationalisationStage?) -> Tibs_Registry_V1_InternationalisationStage {
        stage.map { stages.proto($0, otherwise: .stageUnspecified) } ?? .stageUnspecified
    }

    static func experience(_ proto: Tibs_Registry_V1_ForeignPartnerExperience) -> ForeignPartnerExperience? { experiences.domain(proto) }
    static func proto(_ experience: ForeignPartnerExperience) -> Tibs_Registry_V1_ForeignPartnerExperience {
        experiences.proto(experience, otherwise: .experienceUnspecified)
    }

    static func status(_ proto: Tibs_Registry_V1_ItemStatus) -> PostingStatus? { statuses.domain(proto) }
    static func proto(_ status: PostingStatus) -> Tibs_Registry_V1_ItemStatus { statuses.proto(status, otherwise: .unspecified) }

    static func kind(_ proto: Tibs_Registry_V1_NeedKind) -> PostingKind? { needKinds.domain(proto) }
    static func kind(_ proto: Tibs_Registry_V1_OfferKind) -> PostingKind? { offerKinds.domain(proto) }
    static func needKind(_ kind: PostingKind) -> Tibs_Registry_V1_NeedKind { needKinds.proto(kind, otherwise: .unspecified) }
    static func offerKind(_ kind: PostingKind) -> Tibs_Registry_V1_OfferKind { offerKinds.proto(kind, otherwise: .unspecified) }
}

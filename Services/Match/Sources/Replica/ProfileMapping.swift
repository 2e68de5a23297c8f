import TIBSDomain
import TIBSProto

/// The followed records as scoring sees them: a need with its SME's region and stage, an open
/// offer or a published resource as a candidate. Pure, so the index rebuilt from the database
/// equals the one kept current from the feed.
enum ProfileMapping {
    static func sme(_ sme: Tibs_Registry_V1_Sme, upstream: String) -> ReplicaSME {
        let fields = sme.fields
        return ReplicaSME(id: QualifiedID(upstream: upstream, id: sme.id), legalName: fields.legalName, registrationID: fields.registrationID,
                          country: fields.region.country, nuts: fields.region.nutsCode, naceCodes: fields.naceCodes.map(\.code),
                          s3Areas: fields.s3Areas.map(\.code), stage: sme.stage.rawValue, sizeClass: sme.sizeClass.rawValue)
    }

    /// The need with its SME's region and stage; sought NACE and S3 codes fall back to the SME's own.
    static func need(_ need: Tibs_Registry_V1_Need, upstream: String, sme: ReplicaSME) -> NeedProfile {
        let fields = need.fields
        let nace = fields.naceCodes.map(\.code), s3 = fields.s3Areas.map(\.code)
        return NeedProfile(id: QualifiedID(upstream: upstream, id: need.id), smeID: sme.id,
                           text: MatchText(title: fields.title, description: fields.description_p, keywords: fields.keywords),
                           s3Areas: s3.isEmpty ? sme.s3Areas : s3, naceCodes: nace.isEmpty ? sme.naceCodes : nace,
                           wantedCountries: fields.wantedCountries, trl: Int(fields.trl), kind: fields.kind.rawValue,
                           country: sme.country, nuts: sme.nuts, smeStage: sme.stage, isOpen: fields.status == .open)
    }

    /// An open offer as a partner candidate; nil otherwise (fulfilled, withdrawn).
    static func offer(_ offer: Tibs_Registry_V1_Offer, upstream: String, sme: ReplicaSME) -> CandidateProfile? {
        let fields = offer.fields
        guard fields.status == .open else { return nil }
        let trl = fields.trl > 0 ? Int(fields.trl) : nil
        return CandidateProfile(id: QualifiedID(upstream: upstream, id: offer.id), kind: .partnerOffer, ownerID: sme.id, ownerName: sme.legalName,
                                text: MatchText(title: fields.title, description: fields.description_p, keywords: fields.keywords),
                                s3Areas: fields.s3Areas.map(\.code), naceCodes: fields.naceCodes.isEmpty ? sme.naceCodes : fields.naceCodes.map(\.code),
                                country: sme.country, nuts: sme.nuts, trlMin: trl, trlMax: trl, access: .transnational,
                                eligibleCountries: fields.wantedCountries, capacityStated: fields.kind == .productionCapacity,
                                ownerStage: sme.stage)
    }

    /// A published resource or programme as a candidate; nil when not published (draft,
    /// submitted, retired). A programme past its window stays: scoring judges it on the day asked.
    static func resource(_ resource: Tibs_Catalogue_V1_Resource, upstream: String, providerName: String) -> CandidateProfile? {
        guard resource.status == .published else { return nil }
        let fields = resource.fields
        let programme = fields.kind == .supportProgramme || fields.kind == .fundingInstrument
        let hasTRL = fields.hasTrl && fields.trl.min > 0
        return CandidateProfile(id: QualifiedID(upstream: upstream, id: resource.id), kind: programme ? .supportProgramme : .resource,
                                ownerID: QualifiedID(upstream: upstream, id: resource.providerID), ownerName: providerName,
                                text: MatchText(title: fields.title, description: fields.description_p, keywords: fields.keywords),
                                s3Areas: fields.s3Areas.map(\.code), naceCodes: fields.naceCodes.map(\.code),
                                country: resource.region.country, nuts: resource.region.nutsCode,
                                trlMin: hasTRL ? Int(fields.trl.min) : nil, trlMax: hasTRL ? Int(max(fields.trl.min, fields.trl.max)) : nil,
                                access: access(fields.accessScope), eligibleCountries: fields.eligibleCountries,
                                opensOn: CalendarDate(fields.validity.opensOn), closesOn: CalendarDate(fields.validity.closesOn),
                                capacityStated: !fields.capacity.isEmpty || !fields.availability.isEmpty)
    }

    /// An unspecified scope is read as the narrowest (regional): never proposed across a border it may not cross.
    static func access(_ scope: Tibs_Catalogue_V1_AccessScope) -> AccessScope {
        switch scope {
        case .transnational: .transnational
        case .national: .national
        case .regional, .unspecified, .UNRECOGNIZED: .regional
        }
    }

    static func broker(_ broker: Tibs_Registry_V1_Broker) -> ReplicaBroker {
        ReplicaBroker(subject: broker.subject, regions: broker.regions.map(\.nutsCode).filter { !$0.isEmpty })
    }
}

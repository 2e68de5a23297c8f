import Foundation
import SwiftProtobuf
import TIBSDomain
import TIBSProto
import TIBSServiceApp
import TIBSServiceKit

/// proto ⇄ domain for SMEs, needs and offers.
enum EntityMapping {
    static func profile(_ fields: Tibs_Registry_V1_SmeFields) -> SMEProfile {
        SMEProfile(
            legalName: fields.legalName, region: CommonMapping.region(fields.region), registrationID: fields.registrationID,
            figures: EnterpriseFigures(headcount: Int(fields.headcount), annualTurnoverEUR: fields.annualTurnoverEur,
                                       balanceSheetTotalEUR: fields.balanceSheetTotalEur),
            naceCodes: fields.naceCodes.map(CommonMapping.code), s3Areas: fields.s3Areas.map(CommonMapping.code),
            description: fields.description_p, languages: fields.languages, website: fields.website,
            assignedBrokerID: fields.assignedBrokerID, contacts: fields.contacts.map(contact))
    }

    static func contact(_ contact: Tibs_Registry_V1_ContactPerson) -> ContactPerson {
        ContactPerson(name: contact.name, email: contact.email, phone: contact.phone, jobTitle: contact.jobTitle,
                      consentGiven: contact.consentGiven,
                      consentRecordedAt: contact.hasConsentRecordedAt ? contact.consentRecordedAt.date : nil)
    }

    static func proto(_ contact: ContactPerson) -> Tibs_Registry_V1_ContactPerson {
        .with {
            $0.name = contact.name
            $0.email = contact.email
            $0.phone = contact.phone
            $0.jobTitle = contact.jobTitle
            $0.consentGiven = contact.consentGiven
            if let at = contact.consentRecordedAt { $0.consentRecordedAt = CommonMapping.timestamp(at) }
        }
    }

    /// A stored SME record back to the domain value (contacts are stored apart).
    static func sme(_ proto: Tibs_Registry_V1_Sme) -> SME {
        SME(id: proto.id, profile: profile(proto.fields), sizeClass: CommonMapping.sizeClass(proto.sizeClass) ?? .medium,
            stage: CommonMapping.stage(proto.stage), version: Int64(clamping: proto.version), createdAt: proto.createdAt.date,
            updatedAt: proto.updatedAt.date, personalDataErased: proto.personalDataErased)
    }

    static func posting(_ proto: Tibs_Registry_V1_Need) -> Posting {
        Posting(id: proto.id, side: .need, smeID: proto.smeID, region: CommonMapping.region(proto.region),
                fields: posting(proto.fields, kind: CommonMapping.kind(proto.fields.kind)).fields,
                version: Int64(clamping: proto.version), createdAt: proto.createdAt.date, updatedAt: proto.updatedAt.date)
    }

    static func posting(_ proto: Tibs_Registry_V1_Offer) -> Posting {
        Posting(id: proto.id, side: .offer, smeID: proto.smeID, region: CommonMapping.region(proto.region),
                fields: posting(proto.fields, kind: CommonMapping.kind(proto.fields.kind)).fields,
                version: Int64(clamping: proto.version), createdAt: proto.createdAt.date, updatedAt: proto.updatedAt.date)
    }

    static func fields(_ profile: SMEProfile) -> Tibs_Registry_V1_SmeFields {
        .with {
            $0.legalName = profile.legalName
            $0.region = CommonMapping.proto(profile.region)
            $0.registrationID = profile.registrationID
            $0.headcount = UInt32(clamping: profile.figures.headcount)
            $0.annualTurnoverEur = profile.figures.annualTurnoverEUR
            $0.balanceSheetTotalEur = profile.figures.balanceSheetTotalEUR
            $0.naceCodes = profile.naceCodes.map(CommonMapping.proto)
            $0.s3Areas = profile.s3Areas.map(CommonMapping.proto)
            $0.description_p = profile.description
            $0.languages = profile.languages
            $0.website = profile.website
            $0.assignedBrokerID = profile.assignedBrokerID
            $0.contacts = profile.contacts.map(proto)
        }
    }

    static func proto(_ view: SMEView) -> Tibs_Registry_V1_Sme {
        let sme = view.sme
        return .with {
            $0.id = sme.id
            $0.fields = fields(sme.profile)
            $0.sizeClass = CommonMapping.proto(sme.sizeClass)
            $0.stage = CommonMapping.proto(sme.stage)
            $0.version = UInt64(sme.version)
            $0.createdAt = CommonMapping.timestamp(sme.createdAt)
            $0.updatedAt = CommonMapping.timestamp(sme.updatedAt)
            $0.contactsWithheld = view.contactsWithheld
            $0.personalDataErased = sme.personalDataErased
        }
    }

    /// A need's or an offer's fields. The kind, status and TRL fall back to placeholders when
    /// unspecified or out of range; the flags tell the handler, which reports or keeps them.
    static func posting(_ fields: some PostingFieldsMessage, kind: PostingKind?) -> MappedPosting {
        let status = CommonMapping.status(fields.status)
        let posting = PostingFields(
            kind: kind ?? .technology, title: fields.title, description: fields.description_p, keywords: fields.keywords,
            s3Areas: fields.s3Areas.map(CommonMapping.code), naceCodes: fields.naceCodes.map(CommonMapping.code),
            wantedCountries: fields.wantedCountries, trl: TRL(level: Int(fields.trl)), status: status ?? .open)
        return MappedPosting(fields: posting, kindGiven: kind != nil, statusGiven: status != nil, trlValid: fields.trl <= 9)
    }

    static func need(_ posting: Posting) -> Tibs_Registry_V1_Need {
        var need: Tibs_Registry_V1_Need = message(posting)
        need.fields.kind = CommonMapping.needKind(posting.fields.kind)
        return need
    }

    static func offer(_ posting: Posting) -> Tibs_Registry_V1_Offer {
        var offer: Tibs_Registry_V1_Offer = message(posting)
        offer.fields.kind = CommonMapping.offerKind(posting.fields.kind)
        return offer
    }

    /// A need or an offer but its kind (each side's proto enum names its own subset).
    private static func message<Message: PostingMessage>(_ posting: Posting) -> Message {
        var message = Message()
        message.id = posting.id
        message.smeID = posting.smeID
        message.region = CommonMapping.proto(posting.region)
        message.fields = self.message(posting.fields)
        message.version = UInt64(posting.version)
        message.createdAt = CommonMapping.timestamp(posting.createdAt)
        message.updatedAt = CommonMapping.timestamp(posting.updatedAt)
        return message
    }

    private static func message<Message: PostingFieldsMessage & SwiftProtobuf.Message>(_ fields: PostingFields) -> Message {
        var message = Message()
        message.title = fields.title
        message.description_p = fields.description
        message.keywords = fields.keywords
        message.s3Areas = fields.s3Areas.map(CommonMapping.proto)
        message.naceCodes = fields.naceCodes.map(CommonMapping.proto)
        message.wantedCountries = fields.wantedCountries
        message.trl = UInt32(fields.trl?.level ?? 0)
        message.status = CommonMapping.proto(fields.status)
        return message
    }
}

/// A need's or offer's fields as the domain takes them, and what the wire form left out.
struct MappedPosting {
    var fields: PostingFields
    var kindGiven: Bool
    var statusGiven: Bool
    /// 0 (not applicable) or 1–9.
    var trlValid: Bool
}

/// The fields NeedFields and OfferFields share (all but the kind), so one mapping serves both.
protocol PostingFieldsMessage {
    var title: String { get set }
    var description_p: String { get set }
    var keywords: [String] { get set }
    var s3Areas: [Tibs_Common_V1_Code] { get set }
    var naceCodes: [Tibs_Common_V1_Code] { get set }
    var wantedCountries: [String] { get set }
    var trl: UInt32 { get set }
    var status: Tibs_Registry_V1_ItemStatus { get set }
}

/// What a Need and an Offer message share.
protocol PostingMessage: SwiftProtobuf.Message {
    associatedtype Fields: PostingFieldsMessage & SwiftProtobuf.Message
    var id: String { get set }
    var smeID: String { get set }
    var region: Tibs_Common_V1_RegionRef { get set }
    var fields: Fields { get set }
    var version: UInt64 { get set }
    var createdAt: Google_Protobuf_Timestamp { get set }
    var updatedAt: Google_Protobuf_Timestamp { get set }
}

extension Tibs_Registry_V1_Need: PostingMessage {}
extension Tibs_Registry_V1_Offer: PostingMessage {}
extension Tibs_Registry_V1_NeedFields: PostingFieldsMessage {}
extension Tibs_Registry_V1_OfferFields: PostingFieldsMessage {}

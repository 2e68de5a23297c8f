import Foundation
import SwiftProtobuf
import TIBSDomain
import TIBSProto
import TIBSServiceKit

/// proto ⇄ domain for providers and resources.
enum CatalogueMapping {
    static func contact(_ contact: Tibs_Catalogue_V1_ContactPerson) -> ContactPerson {
        ContactPerson(name: contact.name, email: contact.email, phone: contact.phone, jobTitle: contact.jobTitle,
                      consentGiven: contact.consentGiven,
                      consentRecordedAt: contact.hasConsentRecordedAt ? contact.consentRecordedAt.date : nil)
    }

    static func proto(_ contact: ContactPerson) -> Tibs_Catalogue_V1_ContactPerson {
        .with {
            $0.name = contact.name
            $0.email = contact.email
            $0.phone = contact.phone
            $0.jobTitle = contact.jobTitle
            $0.consentGiven = contact.consentGiven
            if let at = contact.consentRecordedAt { $0.consentRecordedAt = CommonMapping.timestamp(at) }
        }
    }

    /// The request's provider fields, and whether a kind was given at all.
    static func profile(_ fields: Tibs_Catalogue_V1_ProviderFields) -> (ProviderProfile, kindGiven: Bool) {
        let kind = CommonMapping.providerKind(fields.kind)
        return (ProviderProfile(name: fields.name, kind: kind ?? .other, region: CommonMapping.region(fields.region),
                                website: fields.website, description: fields.description_p, contacts: fields.contacts.map(contact)),
                kind != nil)
    }

    static func fields(_ profile: ProviderProfile) -> Tibs_Catalogue_V1_ProviderFields {
        .with {
            $0.name = profile.name
            $0.kind = CommonMapping.proto(profile.kind)
            $0.region = CommonMapping.proto(profile.region)
            $0.website = profile.website
            $0.description_p = profile.description
            $0.contacts = profile.contacts.map(proto)
        }
    }

    static func proto(_ view: ProviderView) -> Tibs_Catalogue_V1_Provider {
        let provider = view.provider
        return .with {
            $0.id = provider.id
            $0.fields = fields(provider.profile)
            $0.version = UInt64(provider.version)
            $0.createdAt = CommonMapping.timestamp(provider.createdAt)
            $0.updatedAt = CommonMapping.timestamp(provider.updatedAt)
            $0.contactsWithheld = view.contactsWithheld
            $0.personalDataErased = provider.personalDataErased
        }
    }

    static func provider(_ proto: Tibs_Catalogue_V1_Provider) -> Provider {
        Provider(id: proto.id, profile: profile(proto.fields).0, version: Int64(clamping: proto.version),
                 createdAt: proto.createdAt.date, updatedAt: proto.updatedAt.date, personalDataErased: proto.personalDataErased)
    }

    static func input(_ fields: Tibs_Catalogue_V1_ResourceFields) -> ResourceInput {
        var input = ResourceInput(kind: CommonMapping.resourceKind(fields.kind), title: fields.title)
        input.description = fields.description_p
        input.keywords = fields.keywords
        input.s3Areas = fields.s3Areas.map(CommonMapping.code)
        input.naceCodes = fields.naceCodes.map(CommonMapping.code)
        input.trlMin = Int(fields.trl.min)
        input.trlMax = Int(fields.trl.max)
        input.capacity = fields.capacity
        input.availability = fields.availability
        input.accessScope = CommonMapping.accessScope(fields.accessScope)
        input.eligibleCountries = fields.eligibleCountries
        input.accessConditions = fields.accessConditions
        input.costModel = CommonMapping.costModel(fields.costModel)
        input.coFundingRatePercent = Int(fields.coFundingRatePercent)
        input.languages = fields.languages
        input.contact = fields.hasContact ? contact(fields.contact) : nil
        input.opensOn = fields.validity.opensOn
        input.closesOn = fields.validity.closesOn
        return input
    }

    static func fields(_ fields: ResourceFields) -> Tibs_Catalogue_V1_ResourceFields {
        .with {
            $0.kind = CommonMapping.proto(fields.kind)
            $0.title = fields.title
            $0.description_p = fields.description
            $0.keywords = fields.keywords
            $0.s3Areas = fields.s3Areas.map(CommonMapping.proto)
            $0.naceCodes = fields.naceCodes.map(CommonMapping.proto)
            if let trl = fields.trl { $0.trl = .with { $0.min = UInt32(trl.min.level); $0.max = UInt32(trl.max.level) } }
            $0.capacity = fields.capacity
            $0.availability = fields.availability
            $0.accessScope = CommonMapping.proto(fields.accessScope)
            $0.eligibleCountries = fields.eligibleCountries
            $0.accessConditions = fields.accessConditions
            ($0.costModel, $0.coFundingRatePercent) = CommonMapping.proto(fields.costModel)
            $0.languages = fields.languages
            if let contact = fields.contact { $0.contact = proto(contact) }
            if !fields.validity.isUnbounded {
                $0.validity = .with {
                    $0.opensOn = fields.validity.opensOn?.description ?? ""
                    $0.closesOn = fields.validity.closesOn?.description ?? ""
                }
            }
        }
    }

    static func proto(_ view: ResourceView) -> Tibs_Catalogue_V1_Resource {
        let resource = view.resource
        return .with {
            $0.id = resource.id
            $0.providerID = resource.providerID
            $0.region = CommonMapping.proto(resource.region)
            $0.fields = fields(resource.fields)
            $0.status = CommonMapping.proto(resource.status)
            $0.completenessPercent = UInt32(view.completeness.percent)
            $0.checks = view.completeness.checks.map { check in
                .with { $0.name = check.name; $0.passed = check.passed; $0.weight = UInt32(check.weight); $0.hint = check.passed ? "" : check.hint }
            }
            $0.version = UInt64(resource.version)
            $0.createdAt = CommonMapping.timestamp(resource.createdAt)
            $0.updatedAt = CommonMapping.timestamp(resource.updatedAt)
            if let at = resource.publishedAt { $0.publishedAt = CommonMapping.timestamp(at) }
            if let at = resource.retiredAt { $0.retiredAt = CommonMapping.timestamp(at) }
            $0.retiredReason = resource.retiredReason
            $0.contactWithheld = view.contactWithheld
        }
    }

    /// A stored resource record back to the domain value. Records are written from validated
    /// fields, so their enums and numbers are known; the fallbacks only keep decoding total.
    static func resource(_ proto: Tibs_Catalogue_V1_Resource) -> Resource {
        let input = input(proto.fields)
        var fields = ResourceFields(kind: input.kind ?? .expertise, title: input.title)
        fields.description = input.description
        fields.keywords = input.keywords
        fields.s3Areas = input.s3Areas
        fields.naceCodes = input.naceCodes
        fields.trl = TRL(level: input.trlMin).flatMap { low in TRL(level: input.trlMax).flatMap { TRLRange(min: low, max: $0) } }
        fields.capacity = input.capacity
        fields.availability = input.availability
        fields.accessScope = input.accessScope ?? .regional
        fields.eligibleCountries = input.eligibleCountries
        fields.accessConditions = input.accessConditions
        switch input.costModel {
        case .free: fields.costModel = .free
        case .subsidised: fields.costModel = .subsidised
        case .coFunding: fields.costModel = .coFunding(ratePercent: input.coFundingRatePercent)
        case .fee, nil: fields.costModel = .fee
        }
        fields.languages = input.languages
        fields.validity = ValidityWindow(opensOn: CalendarDate(input.opensOn), closesOn: CalendarDate(input.closesOn))
        return Resource(id: proto.id, providerID: proto.providerID, region: CommonMapping.region(proto.region), fields: fields,
                        status: CommonMapping.reviewStatus(proto.status) ?? .draft, version: Int64(clamping: proto.version),
                        createdAt: proto.createdAt.date, updatedAt: proto.updatedAt.date,
                        publishedAt: proto.hasPublishedAt ? proto.publishedAt.date : nil,
                        retiredAt: proto.hasRetiredAt ? proto.retiredAt.date : nil, retiredReason: proto.retiredReason)
    }
}

import Foundation
import TIBSProto

/// The hand-written catalogue demo file (Services/Catalogue/Demo/demo-catalogue.json): providers
/// with their resources, in a compact form for people to write, mapped to the catalogue's requests
/// here. Windows are day offsets from the day the loader runs, so the demo always has open, closed
/// and upcoming calls.
struct CatalogueDemoData: Decodable {
    var providers: [DemoProvider]

    static func load(_ path: String) throws -> CatalogueDemoData { try demoFile(path) }

    /// The providers of those countries, for one region's catalogue (nil: all).
    func only(countries: Set<String>?) -> CatalogueDemoData {
        guard let countries else { return self }
        return CatalogueDemoData(providers: providers.filter { countries.contains($0.country) })
    }
}

struct DemoProvider: Decodable {
    /// Stable name for idempotency keys.
    var key: String
    var name: String
    var kind: String
    var country: String
    var region: String
    var website: String?
    var description: String?
    var contacts: [DemoContact]
    var resources: [DemoResource]

    var fields: Tibs_Catalogue_V1_ProviderFields {
        .with {
            $0.name = name
            $0.kind = CatalogueDemoMapping.providerKinds[kind] ?? .unspecified
            $0.region = .with { $0.country = country; $0.nutsCode = region }
            $0.website = website ?? ""
            $0.description_p = description ?? ""
            $0.contacts = contacts.map(CatalogueDemoMapping.contact)
        }
    }
}

struct DemoResource: Decodable {
    var key: String
    var kind: String
    var title: String
    var description: String
    var keywords: [String]
    var s3: [String]
    var nace: [String]?
    /// [min, max].
    var trl: [UInt32]?
    var capacity: String?
    var availability: String?
    var access: String
    var countries: [String]?
    var accessConditions: String
    var cost: String
    var coFunding: UInt32?
    var languages: [String]
    var contact: DemoContact
    /// [opens, closes] in days from today.
    var window: [Int]?
    /// Stays a draft (not submitted or published).
    var draft: Bool?
    /// Published, then retired: the demo's resource that must never be matched.
    var retired: Bool?

    func fields(today: Date) -> Tibs_Catalogue_V1_ResourceFields {
        .with {
            $0.kind = CatalogueDemoMapping.resourceKinds[kind] ?? .unspecified
            $0.title = title
            $0.description_p = description
            $0.keywords = keywords
            $0.s3Areas = DemoMapping.codes(s3)
            $0.naceCodes = DemoMapping.codes(nace, version: "2")
            if let trl, let low = trl.first, let high = trl.last { $0.trl = .with { $0.min = low; $0.max = high } }
            $0.capacity = capacity ?? ""
            $0.availability = availability ?? ""
            $0.accessScope = CatalogueDemoMapping.scopes[access] ?? .unspecified
            $0.eligibleCountries = countries ?? []
            $0.accessConditions = accessConditions
            $0.costModel = CatalogueDemoMapping.costs[cost] ?? .unspecified
            $0.coFundingRatePercent = coFunding ?? 0
            $0.languages = languages
            $0.contact = CatalogueDemoMapping.contact(contact)
            if let window, window.count == 2 {
                $0.validity = .with {
                    $0.opensOn = CatalogueDemoMapping.day(today, plus: window[0])
                    $0.closesOn = CatalogueDemoMapping.day(today, plus: window[1])
                }
            }
        }
    }
}

/// Demo form → catalogue messages.
enum CatalogueDemoMapping {
    static let providerKinds: [String: Tibs_Catalogue_V1_ProviderKind] = [
        "research_institute": .researchInstitute, "university": .university, "technology_centre": .technologyCentre,
        "cluster": .cluster, "support_agency": .supportAgency, "other": .other,
    ]
    static let resourceKinds: [String: Tibs_Catalogue_V1_ResourceKind] = [
        "expertise": .expertise, "equipment": .equipment, "facility": .facility, "technology": .technology, "service": .service,
        "training": .training, "support_programme": .supportProgramme, "funding_instrument": .fundingInstrument,
    ]
    static let scopes: [String: Tibs_Catalogue_V1_AccessScope] = ["regional": .regional, "national": .national, "transnational": .transnational]
    static let costs: [String: Tibs_Catalogue_V1_CostModel] = ["free": .free, "subsidised": .subsidised, "fee": .fee, "co_funding": .coFunding]

    static func contact(_ contact: DemoContact) -> Tibs_Catalogue_V1_ContactPerson {
        .with {
            $0.name = contact.name
            $0.email = contact.email ?? ""
            $0.phone = contact.phone ?? ""
            $0.jobTitle = contact.jobTitle ?? ""
            $0.consentGiven = true
        }
    }

    /// YYYY-MM-DD of `today` plus `days`, in UTC (the catalogue's calendar days).
    static func day(_ today: Date, plus days: Int) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let date = calendar.date(byAdding: .day, value: days, to: today) ?? today
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}

import Foundation
import TIBSProto

/// The hand-written demo file (Services/Registry/Demo/demo-registry.json): a compact form for
/// people to write, mapped to the registry's requests here.
struct DemoData: Decodable {
    var brokers: [DemoBroker]
    var smes: [DemoSME]

    static func load(_ path: String) throws -> DemoData { try demoFile(path) }

    /// The part one region's registry holds: SMEs of those countries and the brokers serving one
    /// of them (nil: everything).
    func only(countries: Set<String>?) -> DemoData {
        guard let countries else { return self }
        return DemoData(brokers: brokers.filter { $0.regions.contains { countries.contains($0.first ?? "") } },
                        smes: smes.filter { countries.contains($0.country) })
    }
}

/// A hand-written demo file (snake_case keys) decoded.
func demoFile<T: Decodable>(_ path: String) throws -> T {
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return try decoder.decode(T.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
}

struct DemoBroker: Decodable {
    var subject: String
    var displayName: String
    var organisation: String
    var email: String
    /// [country, NUTS code] pairs.
    var regions: [[String]]

    var request: Tibs_Registry_V1_RegisterBrokerRequest {
        .with {
            $0.subject = subject
            $0.displayName = displayName
            $0.organisation = organisation
            $0.email = email
            $0.regions = regions.map { pair in .with { $0.country = pair.first ?? ""; $0.nutsCode = pair.last ?? "" } }
        }
    }
}

struct DemoContact: Decodable {
    var name: String
    var email: String?
    var phone: String?
    var jobTitle: String?
}

struct DemoPosting: Decodable {
    var kind: String
    var title: String
    var description: String?
    var keywords: [String]?
    var s3: [String]?
    var wantedCountries: [String]?
    var trl: UInt32?
}

/// `["b2b-matchmaking", 4]`: a support form and how useful it was.
struct DemoSupport: Decodable {
    var form: String
    var usefulness: UInt32

    init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        form = try container.decode(String.self)
        usefulness = try container.decode(UInt32.self)
    }
}

struct DemoSurvey: Decodable {
    var conductedOn: String
    var experience: String
    var stage: String
    var successReasons: [String]?
    var failureReasons: [String]?
    var advantages: [String]?
    var barriers: [String]?
    var barriersText: String?
    var supportUsed: [DemoSupport]?
    var expectedSupport: [String]?
}

struct DemoSME: Decodable {
    var legalName: String
    var country: String
    var region: String
    var registrationId: String
    var headcount: UInt32
    var turnoverEur: UInt64
    var balanceSheetEur: UInt64
    var nace: [String]
    var s3: [String]
    var languages: [String]
    var website: String?
    var description: String
    /// The subject of the assigned broker.
    var broker: String?
    var contacts: [DemoContact]
    var needs: [DemoPosting]?
    var offers: [DemoPosting]?
    var surveys: [DemoSurvey]?
}

/// Demo form → requests.
enum DemoMapping {
    static func codes(_ values: [String]?, version: String = "") -> [Tibs_Common_V1_Code] {
        (values ?? []).map { value in .with { $0.code = value; $0.version = version } }
    }

    static func fields(_ sme: DemoSME, brokerIDs: [String: String]) -> Tibs_Registry_V1_SmeFields {
        .with {
            $0.legalName = sme.legalName
            $0.region = .with { $0.country = sme.country; $0.nutsCode = sme.region }
            $0.registrationID = sme.registrationId
            $0.headcount = sme.headcount
            $0.annualTurnoverEur = sme.turnoverEur
            $0.balanceSheetTotalEur = sme.balanceSheetEur
            $0.naceCodes = codes(sme.nace, version: "2")
            $0.s3Areas = codes(sme.s3)
            $0.description_p = sme.description
            $0.languages = sme.languages
            $0.website = sme.website ?? ""
            $0.assignedBrokerID = sme.broker.flatMap { brokerIDs[$0] } ?? ""
            $0.contacts = sme.contacts.map { contact in
                .with {
                    $0.name = contact.name
                    $0.email = contact.email ?? ""
                    $0.phone = contact.phone ?? ""
                    $0.jobTitle = contact.jobTitle ?? ""
                    $0.consentGiven = true
                }
            }
        }
    }

    static let needKinds: [String: Tibs_Registry_V1_NeedKind] = [
        "technology": .technology, "expertise": .expertise, "value-chain-partner": .valueChainPartner,
        "market-access": .marketAccess, "funding": .funding, "testing-facility": .testingFacility,
    ]
    static let offerKinds: [String: Tibs_Registry_V1_OfferKind] = [
        "technology": .technology, "expertise": .expertise, "product-or-service": .productOrService,
        "production-capacity": .productionCapacity, "value-chain-partner": .valueChainPartner, "testing-facility": .testingFacility,
    ]

    static func need(_ posting: DemoPosting) -> Tibs_Registry_V1_NeedFields {
        .with {
            $0.kind = needKinds[posting.kind] ?? .unspecified
            $0.title = posting.title
            $0.description_p = posting.description ?? ""
            $0.keywords = posting.keywords ?? []
            $0.s3Areas = codes(posting.s3)
            $0.wantedCountries = posting.wantedCountries ?? []
            $0.trl = posting.trl ?? 0
        }
    }

    static func offer(_ posting: DemoPosting) -> Tibs_Registry_V1_OfferFields {
        .with {
            $0.kind = offerKinds[posting.kind] ?? .unspecified
            $0.title = posting.title
            $0.description_p = posting.description ?? ""
            $0.keywords = posting.keywords ?? []
            $0.s3Areas = codes(posting.s3)
            $0.wantedCountries = posting.wantedCountries ?? []
            $0.trl = posting.trl ?? 0
        }
    }

    static func answers(_ survey: DemoSurvey) -> Tibs_Registry_V1_SurveyAnswers {
        let experience: [String: Tibs_Registry_V1_ForeignPartnerExperience] = [
            "none": .experienceNone, "occasional": .experienceOccasional, "regular": .experienceRegular]
        let stage: [String: Tibs_Registry_V1_InternationalisationStage] = [
            "domestic-only": .stageDomesticOnly, "exploring": .stageExploring, "first-foreign-contracts": .stageFirstForeignContracts,
            "regular-exporter": .stageRegularExporter, "established-abroad": .stageEstablishedAbroad]
        return .with {
            $0.conductedOn = survey.conductedOn
            $0.experience = experience[survey.experience] ?? .experienceUnspecified
            $0.stage = stage[survey.stage] ?? .stageUnspecified
            $0.successReasons = codes(survey.successReasons)
            $0.failureReasons = codes(survey.failureReasons)
            $0.advantages = codes(survey.advantages)
            $0.barriers = codes(survey.barriers)
            $0.barriersText = survey.barriersText ?? ""
            $0.supportUsed = (survey.supportUsed ?? []).map { use in
                .with { $0.form = .with { $0.code = use.form }; $0.usefulness = use.usefulness }
            }
            $0.expectedSupport = codes(survey.expectedSupport)
        }
    }
}

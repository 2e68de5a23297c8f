import Foundation
import TIBSProto
import TIBSRPC
import TIBSTestSupport

/// Writes the process tests' data through the upstreams' public methods: SMEs with needs and
/// offers in a registry, providers with published resources in a catalogue. Every text shares
/// the words of the tests' needs, so each candidate made here fits each need made here.
struct UpstreamWriter {
    static let registry = "/tibs.registry.v1.SmeRegistry/"
    static let catalogue = "/tibs.catalogue.v1.ResourceCatalogue/"

    let registry: RPCClient
    let catalogue: RPCClient

    /// An SME in `country`/`nuts`; `index` keeps names and registration ids apart.
    func createSme(_ index: Int, country: String, nuts: String) async throws -> Tibs_Registry_V1_Sme {
        try await registry.unary(Self.registry + "CreateSme", Tibs_Registry_V1_CreateSmeRequest.with {
            $0.fields = .with {
                $0.legalName = "Match process company \(index)"
                $0.region = .with { $0.country = country; $0.nutsCode = nuts }
                $0.registrationID = "\(country)-MATCH-\(index)"
                $0.headcount = 24; $0.annualTurnoverEur = 3_100_000; $0.balanceSheetTotalEur = 1_800_000
                $0.naceCodes = [.with { $0.code = "26.51"; $0.version = "2" }]
                $0.s3Areas = [.with { $0.code = "sustainable-water" }]
            }
        })
    }

    static func needFields(_ title: String, status: Tibs_Registry_V1_ItemStatus = .open) -> Tibs_Registry_V1_NeedFields {
        .with {
            $0.kind = .valueChainPartner
            $0.title = title
            $0.description_p = "LoRaWAN water meters with remote reading, to pilot smart water metering with two municipal utilities."
            $0.keywords = ["LoRaWAN", "water metering", "remote reading"]
            $0.s3Areas = [.with { $0.code = "sustainable-water" }]
            $0.status = status
        }
    }

    /// The usual start of a test: an SME in LV008 with one open need, and a provider in DK031
    /// (across the border) to publish candidates under.
    func latvianNeedAndDanishProvider() async throws -> (sme: Tibs_Registry_V1_Sme, need: Tibs_Registry_V1_Need, provider: Tibs_Catalogue_V1_Provider) {
        let sme = try await createSme(1, country: "LV", nuts: "LV008")
        let need = try await addNeed(sme.id, title: "Smart water metering hardware partner")
        return (sme, need, try await createProvider(1, country: "DK", nuts: "DK031"))
    }

    func addNeed(_ smeID: String, title: String) async throws -> Tibs_Registry_V1_Need {
        try await registry.unary(Self.registry + "AddNeed", Tibs_Registry_V1_AddNeedRequest.with {
            $0.smeID = smeID
            $0.fields = Self.needFields(title)
        })
    }

    /// Marks the need fulfilled: it is no longer open, so it is no longer matched.
    func closeNeed(_ need: Tibs_Registry_V1_Need) async throws {
        let _: Tibs_Registry_V1_Need = try await registry.unary(Self.registry + "UpdateNeed", Tibs_Registry_V1_UpdateNeedRequest.with {
            $0.id = need.id
            $0.expectedVersion = need.version
            $0.fields = Self.needFields(need.fields.title, status: .fulfilled)
        })
    }

    static func offerFields(_ title: String, status: Tibs_Registry_V1_ItemStatus = .open) -> Tibs_Registry_V1_OfferFields {
        .with {
            $0.kind = .productOrService
            $0.title = title
            $0.description_p = "Certified LoRaWAN water meters with remote reading for utilities; pilots of smart water metering welcome."
            $0.keywords = ["LoRaWAN", "water meters", "remote reading"]
            $0.s3Areas = [.with { $0.code = "sustainable-water" }]
            $0.status = status
        }
    }

    func addOffer(_ smeID: String, title: String) async throws -> Tibs_Registry_V1_Offer {
        try await registry.unary(Self.registry + "AddOffer", Tibs_Registry_V1_AddOfferRequest.with {
            $0.smeID = smeID
            $0.fields = Self.offerFields(title)
        })
    }

    /// Withdraws the offer: no longer a candidate.
    func withdrawOffer(_ offer: Tibs_Registry_V1_Offer) async throws {
        let _: Tibs_Registry_V1_Offer = try await registry.unary(Self.registry + "UpdateOffer", Tibs_Registry_V1_UpdateOfferRequest.with {
            $0.id = offer.id
            $0.expectedVersion = offer.version
            $0.fields = Self.offerFields(offer.fields.title, status: .withdrawn)
        })
    }

    func createProvider(_ index: Int, country: String, nuts: String) async throws -> Tibs_Catalogue_V1_Provider {
        try await catalogue.unary(Self.catalogue + "CreateProvider", Tibs_Catalogue_V1_CreateProviderRequest.with {
            $0.fields = .with {
                $0.name = "Match process test centre \(index)"
                $0.kind = .technologyCentre
                $0.region = .with { $0.country = country; $0.nutsCode = nuts }
                $0.website = "https://match-\(index).example"
                $0.description_p = "Test centre for the match service's process tests."
            }
        })
    }

    /// A facility created, submitted and published (complete enough to pass the review); `adjust`
    /// changes its fields first (another kind, text, S3 areas or a programme's window).
    /// A resource complete enough to publish that ``needFields(_:status:)`` needs find.
    static func resourceFields(_ title: String) -> Tibs_Catalogue_V1_ResourceFields {
        .with {
            $0.kind = .facility
            $0.title = title
            $0.description_p = "A test-bed for LoRaWAN water meters with remote reading: gateways, a meter wall and a network server "
                + "where utilities and SMEs pilot smart water metering before a roll-out."
            $0.keywords = ["LoRaWAN", "water metering", "remote reading", "test-bed"]
            $0.s3Areas = [.with { $0.code = "sustainable-water" }]
            $0.accessScope = .transnational
            $0.accessConditions = "Booked two weeks ahead through the centre's office."
            $0.costModel = .fee
            $0.languages = ["en"]
            $0.contact = .with { $0.name = "Test Contact"; $0.email = "contact@match.example"; $0.consentGiven = true }
        }
    }

    func publishResource(_ providerID: String, title: String,
                         adjust: (inout Tibs_Catalogue_V1_ResourceFields) -> Void = { _ in }) async throws -> Tibs_Catalogue_V1_Resource {
        var resource: Tibs_Catalogue_V1_Resource = try await catalogue.unary(Self.catalogue + "CreateResource", Tibs_Catalogue_V1_CreateResourceRequest.with {
            $0.providerID = providerID
            $0.fields = Self.resourceFields(title)
            adjust(&$0.fields)
        })
        resource = try await step("SubmitResource", resource)
        return try await step("PublishResource", resource)
    }

    func retire(_ resource: Tibs_Catalogue_V1_Resource) async throws {
        _ = try await step("RetireResource", resource)
    }

    private func step(_ method: String, _ resource: Tibs_Catalogue_V1_Resource) async throws -> Tibs_Catalogue_V1_Resource {
        try await catalogue.unary(Self.catalogue + method, Tibs_Catalogue_V1_ReviewStepRequest.with {
            $0.id = resource.id; $0.expectedVersion = resource.version; $0.note = "match process test"
        })
    }
}

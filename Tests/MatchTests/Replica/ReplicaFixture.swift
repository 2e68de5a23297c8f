import Foundation
import GRDB
import Logging
import ServiceLifecycle
import TIBSCatalogue
import TIBSIdentity
import TIBSMatch
import TIBSPolicy
import TIBSProto
import TIBSRegistry
import TIBSRPC
import TIBSServiceKit
import TIBSStore
import TIBSTestSupport

/// The replica's side of the tests: a real store with the replica's tables, a replica over the
/// given upstreams, its services run while a body runs, and typed calls of the upstreams.
enum ReplicaFixture {
    static func openStore(_ directory: URL) throws -> ServiceStore {
        var migrator = DatabaseMigrator()
        ReplicaMigrations.register(&migrator)
        return try ServiceStore.open(path: directory.appendingPathComponent("match.sqlite").path, migrations: migrator,
                                     logger: testLogger("tibs.test.replica"))
    }

    static func tokenFile(_ directory: URL) throws -> String {
        let file = directory.appendingPathComponent("token")
        try Data(TestPKI.shared.token(.service, subject: "match-replica").utf8).write(to: file)
        return file.path
    }

    /// Backoff waits of 10 ms whatever the delay (the tests wait on the board, never on time).
    static let clock = FollowerClock(now: { Date() }, sleep: { _ in try await Task.sleep(for: .milliseconds(10)) }, random: { 0.5 })

    static func replica(_ store: ServiceStore, _ upstreams: [MatchUpstream], alerts: AlertHub = AlertHub()) -> MatchReplica {
        MatchReplica(store: store, upstreams: upstreams, alerts: alerts, clock: clock)
    }

    static func upstream(_ name: String, _ kind: UpstreamKind, _ harness: ServiceHarness) -> MatchUpstream {
        MatchUpstream(name: name, kind: kind, host: "127.0.0.1", port: harness.port)
    }

    /// Runs the replica's services (loader and followers) while `body` runs, then stops them.
    static func whileFollowing<T: Sendable>(_ replica: MatchReplica, tokenFile: String, _ body: () async throws -> T) async throws -> T {
        let services = replica.followers(tls: TestPKI.shared.clientTLS, tokenFile: tokenFile, logger: testLogger("tibs.test.replica"))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            for service in services { group.addTask { try await service.run() } }
            do {
                let result = try await body()
                group.cancelAll()
                try await group.waitForAll()
                return result
            } catch {
                group.cancelAll()
                throw error
            }
        }
    }

    /// Waits until the replica has applied everything `harness` has committed (its feed's head).
    static func caughtUp(_ replica: MatchReplica, _ name: String, with harness: ServiceHarness) async throws {
        let head = harness.store.latestSequence()
        try await bounded("\(name) caught up to \(head)") {
            await replica.board.waitUntil(name) { $0.syncedOnce && $0.cursor >= head }
        }
    }

    // MARK: registry

    static func createSme(_ client: RPCClient, name: String, registration: String, country: String = "LV", nuts: String = "LV006",
                          nace: String = "62.01", headcount: UInt32 = 20) async throws -> Tibs_Registry_V1_Sme {
        try await client.unary(RegistryMethods.createSme, Tibs_Registry_V1_CreateSmeRequest.with {
            $0.fields = .with {
                $0.legalName = name
                $0.region = .with { $0.country = country; $0.nutsCode = nuts }
                $0.registrationID = registration
                $0.headcount = headcount
                $0.naceCodes = [.with { $0.code = nace; $0.version = "2" }]
                $0.website = "https://\(registration.lowercased()).example.eu"
            }
        })
    }

    static func needFields(_ title: String, keywords: [String] = ["printed electronics"], status: Tibs_Registry_V1_ItemStatus = .open)
        -> Tibs_Registry_V1_NeedFields {
        .with {
            $0.kind = .testingFacility
            $0.title = title
            $0.description_p = "We need a pilot line to test printed sensors before a production run."
            $0.keywords = keywords
            $0.s3Areas = [.with { $0.code = "ict" }]
            $0.trl = 5
            $0.status = status
        }
    }

    static func addNeed(_ client: RPCClient, sme: String, _ fields: Tibs_Registry_V1_NeedFields) async throws -> Tibs_Registry_V1_Need {
        try await client.unary(RegistryMethods.addNeed, Tibs_Registry_V1_AddNeedRequest.with { $0.smeID = sme; $0.fields = fields })
    }

    static func updateNeed(_ client: RPCClient, _ need: Tibs_Registry_V1_Need, status: Tibs_Registry_V1_ItemStatus) async throws -> Tibs_Registry_V1_Need {
        var fields = need.fields
        fields.status = status
        return try await client.unary(RegistryMethods.updateNeed, Tibs_Registry_V1_UpdateNeedRequest.with {
            $0.id = need.id
            $0.expectedVersion = need.version
            $0.fields = fields
        })
    }

    static func addOffer(_ client: RPCClient, sme: String, title: String) async throws -> Tibs_Registry_V1_Offer {
        try await client.unary(RegistryMethods.addOffer, Tibs_Registry_V1_AddOfferRequest.with {
            $0.smeID = sme
            $0.fields = .with {
                $0.kind = .testingFacility
                $0.title = title
                $0.description_p = "Our printed electronics pilot line has free days for partner SMEs."
                $0.keywords = ["printed electronics", "pilot line"]
                $0.s3Areas = [.with { $0.code = "ict" }]
                $0.trl = 6
                $0.status = .open
            }
        })
    }

    static func registerBroker(_ client: RPCClient, subject: String, region: (String, String)) async throws {
        let _: Tibs_Registry_V1_Broker = try await client.unary(RegistryMethods.registerBroker, Tibs_Registry_V1_RegisterBrokerRequest.with {
            $0.subject = subject
            $0.displayName = "Broker \(subject)"
            $0.organisation = "Regional development agency"
            $0.email = "\(subject)@agency.example.eu"
            $0.regions = [.with { $0.country = region.0; $0.nutsCode = region.1 }]
        })
    }

    // MARK: catalogue

    static func createProvider(_ client: RPCClient, name: String = "Kouvola University of Applied Sciences", country: String = "FI",
                               nuts: String = "FI1C4") async throws -> Tibs_Catalogue_V1_Provider {
        try await client.unary(CatalogueMethods.createProvider, Tibs_Catalogue_V1_CreateProviderRequest.with {
            $0.fields = .with {
                $0.name = name
                $0.kind = .university
                $0.region = .with { $0.country = country; $0.nutsCode = nuts }
                $0.website = "https://provider.example.fi"
                $0.description_p = "Applied research in printed electronics."
            }
        })
    }

    static func resourceFields(kind: Tibs_Catalogue_V1_ResourceKind = .facility, title: String = "Printed electronics pilot line",
                               opens: String = "2023-09-01", closes: String = "2099-12-31") -> Tibs_Catalogue_V1_ResourceFields {
        .with {
            $0.kind = kind
            $0.title = title
            $0.description_p = "A pilot line for printed and hybrid electronics: screen and inkjet printing, roll-to-roll lamination, "
                + "reliability testing. SMEs book days on the line with an engineer."
            $0.keywords = ["printed electronics", "pilot line", "sensors"]
            $0.s3Areas = [.with { $0.code = "ict" }]
            $0.naceCodes = [.with { $0.code = "26.11"; $0.version = "2" }]
            $0.trl = .with { $0.min = 4; $0.max = 7 }
            $0.capacity = "10 line days a month"
            $0.availability = "weekdays"
            $0.accessScope = .transnational
            $0.accessConditions = "Booked two weeks ahead."
            $0.costModel = .free
            $0.languages = ["fi", "en"]
            $0.contact = .with { $0.name = "Kari Virtanen"; $0.email = "kari.virtanen@example.fi"; $0.consentGiven = true }
            if kind == .supportProgramme || kind == .fundingInstrument {
                $0.validity = .with { $0.opensOn = opens; $0.closesOn = closes }
            }
        }
    }

    static func step(_ client: RPCClient, _ path: String, _ resource: Tibs_Catalogue_V1_Resource) async throws -> Tibs_Catalogue_V1_Resource {
        try await client.unary(path, Tibs_Catalogue_V1_ReviewStepRequest.with {
            $0.id = resource.id
            $0.expectedVersion = resource.version
        })
    }

    /// Drafts, submits and publishes.
    static func publish(_ client: RPCClient, provider: String, _ fields: Tibs_Catalogue_V1_ResourceFields) async throws -> Tibs_Catalogue_V1_Resource {
        let draft: Tibs_Catalogue_V1_Resource = try await client.unary(CatalogueMethods.createResource, Tibs_Catalogue_V1_CreateResourceRequest.with {
            $0.providerID = provider
            $0.fields = fields
        })
        return try await step(client, CatalogueMethods.publishResource, try await step(client, CatalogueMethods.submitResource, draft))
    }

    // MARK: policy

    static func setStrategy(_ client: RPCClient, region: String, from: String, to: String = "", weight: Double) async throws
        -> Tibs_Policy_V1_RegionalStrategy {
        try await client.unary(PolicyMethods.setRegionalStrategy, Tibs_Policy_V1_SetRegionalStrategyRequest.with {
            $0.fields = .with {
                $0.region = region
                $0.validFrom = from
                $0.validTo = to
                $0.priorities = [.with { $0.s3Area = .with { $0.code = "ict" }; $0.weight = weight }]
                $0.documentTitle = "Smart specialisation strategy"
                $0.documentURL = "https://strategy.example.eu/s3.pdf"
            }
        })
    }
}

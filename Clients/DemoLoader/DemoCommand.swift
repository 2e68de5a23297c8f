import ArgumentParser
import Foundation
import TIBSDomain
import TIBSProto
import TIBSRPC

/// `tibs-demo`: loads the hand-written demo data sets into a running registry (and, with
/// `--catalogue-address`, a resource catalogue) over TLS, then prints what they hold: SMEs and
/// open needs per partner region and the barriers the surveys name most; providers and published
/// resources per region and kind, and the programmes open now; with `--policy-address`, once the
/// policy service has caught up with the registry's feed, its institutions, S3 strategies, issues
/// and actions, and the barriers per region as the policy service counts them, with the influence
/// figures. Running it again creates nothing new: SMEs are matched by their registration id,
/// policy records by name, every create carries an idempotency key.
@main
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tibs-demo", abstract: "Load the TIBS demo data into a registry and print a summary.")

    @Option(help: "The registry, host:port.")
    var address = "127.0.0.1:7401"

    @Option(help: "PEM file of the CA that signed the registry's certificate.")
    var ca = "state/ca.pem"

    @Option(help: "File holding an admin bearer token.")
    var tokenFile = "state/admin.token"

    @Option(help: "The demo data file.")
    var data = "Services/Registry/Demo/demo-registry.json"

    @Option(help: "The resource catalogue, host:port (same CA and token); none: the catalogue is left alone.")
    var catalogueAddress: String?

    @Option(help: "The catalogue demo data file.")
    var catalogueData = "Services/Catalogue/Demo/demo-catalogue.json"

    @Option(help: "The policy service, host:port (same CA and token); none: the policy service is left alone.")
    var policyAddress: String?

    @Option(help: "The policy demo data file.")
    var policyData = "Services/Policy/Demo/demo-policy.json"

    @Option(help: "Seconds to wait for the policy service to catch up with the registry's feed before loading its demo.")
    var catchUpSeconds = 60

    @Option(help: "Only the SMEs, brokers and providers of these countries (ISO codes, comma-separated), for one region's deployment of a registry and a catalogue; none: all.")
    var countries: String?

    @Option(help: "A registry the policy service follows, NAME=HOST:PORT as in its --follow (repeatable): the loader waits until the policy service has each one's whole feed; none: --address, under whatever name.")
    var policyRegistry: [String] = []

    @Flag(help: "Only print the summary; load nothing.")
    var summaryOnly = false

    @Option(help: "Only wait up to this many seconds for Health/Check to answer SERVING, then exit (1 if it never did).")
    var waitHealthy: Int?

    func run() async throws {
        let client = try connect(address)
        let catalogue = try catalogueAddress.map(connect)
        let policy = try policyAddress.map(connect)
        defer {
            Task {
                await client.close()
                await catalogue?.close()
                await policy?.close()
            }
        }
        if let waitHealthy {
            let deadline = ContinuousClock.now + .seconds(waitHealthy)
            for service in [client] + [catalogue, policy].compactMap({ $0 }) {
                guard try await Self.waitHealthy(service, until: deadline) else { throw ExitCode(1) }
            }
            return
        }
        let only = try countryFilter()
        if !summaryOnly {
            try await DemoLoad(client: client, data: try DemoData.load(data).only(countries: only)).run()
            if let catalogue { try await CatalogueDemoLoad(client: catalogue, data: try CatalogueDemoData.load(catalogueData).only(countries: only)).run() }
        }
        let policyDemo = try policy.map { _ in try PolicyDemoData.load(policyData) }
        if let policy, let policyDemo {
            // The issues freeze the barrier report when raised: first let the follower apply every survey.
            let followed = try policyRegistry.map { pair in
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, !parts[0].isEmpty else { throw ValidationError("--policy-registry must be NAME=HOST:PORT, not '\(pair)'") }
                return (name: parts[0], client: try connect(parts[1]))
            }
            defer { Task { for registry in followed { await registry.client.close() } } }
            guard let sync = try await PolicyCatchUp.wait(policy: policy, registry: client, named: Dictionary(followed, uniquingKeysWith: { first, _ in first }),
                                                          period: policyDemo.period, until: ContinuousClock.now + .seconds(catchUpSeconds)) else {
                Swift.print("the policy service did not catch up with the registry's feed within \(catchUpSeconds) s "
                            + "(is it started with --follow registry=\(address)?)")
                throw ExitCode(1)
            }
            Swift.print(sync.upstreams.isEmpty ? "the policy service follows no registry (no --follow): its evidence is empty"
                        : "policy service caught up with the registry: " + sync.upstreams.map { "\($0.upstream) at event \($0.cursor)" }.joined(separator: ", "))
            if !summaryOnly { try await PolicyDemoLoad(client: policy, data: policyDemo).run() }
        }
        try await DemoSummary(client: client).print(address: address)
        if let catalogue, let catalogueAddress { try await CatalogueDemoSummary(client: catalogue).print(address: catalogueAddress) }
        if let policy, let policyDemo, let policyAddress {
            try await PolicyDemoSummary(client: policy, period: policyDemo.period).print(address: policyAddress)
        }
        await client.close()
        await catalogue?.close()
        await policy?.close()
    }

    /// The `--countries` asked for (nil: all), each a known ISO code.
    func countryFilter() throws -> Set<String>? {
        guard let countries else { return nil }
        let codes = Set(countries.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }.filter { !$0.isEmpty })
        guard !codes.isEmpty else { throw ValidationError("--countries names no country") }
        return codes
    }

    /// A client for `host:port` with the CA and the admin token.
    func connect(_ address: String) throws -> RPCClient {
        let parts = address.split(separator: ":")
        guard parts.count == 2, let port = Int(parts[1]) else { throw ValidationError("an address must be host:port, not '\(address)'") }
        var configuration = ClientConfiguration(host: String(parts[0]), port: port,
                                                tls: ClientTLS(trustRootsPEM: try String(contentsOfFile: ca, encoding: .utf8)))
        configuration.bearerToken(try String(contentsOfFile: tokenFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines))
        if waitHealthy != nil { configuration.backoff.maxAttempts = 1 }
        return try RPCClient(configuration: configuration)
    }

    /// Polls Health/Check until SERVING or the deadline (a start-up wait, not a test).
    static func waitHealthy(_ client: RPCClient, until deadline: ContinuousClock.Instant) async throws -> Bool {
        while ContinuousClock.now < deadline {
            let health: Tibs_Health_V1_HealthCheckResponse? = try? await client.unary("/tibs.health.v1.Health/Check", Tibs_Health_V1_HealthCheckRequest(),
                                                                                      timeout: .seconds(2))
            if health?.status == .serving { return true }
            try await Task.sleep(for: .milliseconds(200))
        }
        return false
    }
}

/// Loads brokers, then each SME with its needs, offers and surveys.
struct DemoLoad {
    let client: RPCClient
    let data: DemoData

    func run() async throws {
        var newBrokers = 0
        for broker in data.brokers {
            do {
                let _: Tibs_Registry_V1_Broker = try await client.unary(RegistryPaths.registerBroker, broker.request)
                newBrokers += 1
            } catch let error as RPCError where error.code == .alreadyExists {
                continue
            }
        }
        let listed: Tibs_Registry_V1_ListBrokersResponse = try await client.unary(RegistryPaths.listBrokers, Tibs_Registry_V1_ListBrokersRequest())
        let brokerIDs = Dictionary(listed.brokers.map { ($0.subject, $0.id) }, uniquingKeysWith: { first, _ in first })

        // A create replayed from its idempotency key answers with the SME made by an earlier run.
        let start = Date().addingTimeInterval(-1)
        var created = 0, present = 0, items = 0
        for sme in data.smes {
            let key = "demo-\(sme.country)-\(sme.registrationId)"
            let stored: Tibs_Registry_V1_Sme
            do {
                stored = try await client.unary(RegistryPaths.createSme, Tibs_Registry_V1_CreateSmeRequest.with {
                    $0.fields = DemoMapping.fields(sme, brokerIDs: brokerIDs)
                }, metadata: ["idempotency-key": key])
            } catch let error as RPCError where error.code == .alreadyExists {
                present += 1  // loaded by an earlier run, with its needs, offers and surveys
                continue
            }
            if stored.createdAt.date < start { present += 1 } else { created += 1 }
            // Replayed keys answer with what an earlier run made, so nothing is added twice.
            for (index, need) in (sme.needs ?? []).enumerated() {
                let made: Tibs_Registry_V1_Need = try await client.unary(RegistryPaths.addNeed, Tibs_Registry_V1_AddNeedRequest.with {
                    $0.smeID = stored.id; $0.fields = DemoMapping.need(need)
                }, metadata: ["idempotency-key": "\(key)-need-\(index)"])
                if made.createdAt.date >= start { items += 1 }
            }
            for (index, offer) in (sme.offers ?? []).enumerated() {
                let made: Tibs_Registry_V1_Offer = try await client.unary(RegistryPaths.addOffer, Tibs_Registry_V1_AddOfferRequest.with {
                    $0.smeID = stored.id; $0.fields = DemoMapping.offer(offer)
                }, metadata: ["idempotency-key": "\(key)-offer-\(index)"])
                if made.createdAt.date >= start { items += 1 }
            }
            for (index, survey) in (sme.surveys ?? []).enumerated() {
                let made: Tibs_Registry_V1_Survey = try await client.unary(RegistryPaths.recordSurvey, Tibs_Registry_V1_RecordSurveyRequest.with {
                    $0.smeID = stored.id; $0.answers = DemoMapping.answers(survey)
                }, metadata: ["idempotency-key": "\(key)-survey-\(index)"])
                if made.recordedAt.date >= start { items += 1 }
            }
        }
        Swift.print("demo data: \(newBrokers) brokers and \(created) SMEs created (with \(items) needs, offers and surveys); \(present) SMEs were already there")
    }
}

/// What the registry holds, read back through its public methods.
struct DemoSummary {
    let client: RPCClient

    func print(address: String) async throws {
        var smes: [Tibs_Registry_V1_Sme] = []
        var token = ""
        repeat {
            let page: Tibs_Registry_V1_ListSmesResponse = try await client.unary(RegistryPaths.listSmes, Tibs_Registry_V1_ListSmesRequest.with {
                $0.page = .with { $0.pageSize = 500; $0.pageToken = token }
            })
            smes += page.smes
            token = page.page.nextPageToken
        } while !token.isEmpty
        var needs: [Tibs_Registry_V1_Need] = []
        repeat {
            let page: Tibs_Registry_V1_ListNeedsResponse = try await client.unary(RegistryPaths.listNeeds, Tibs_Registry_V1_ListNeedsRequest.with {
                $0.filter.status = .open; $0.page = .with { $0.pageSize = 500; $0.pageToken = token }
            })
            needs += page.needs
            token = page.page.nextPageToken
        } while !token.isEmpty
        var surveys: [Tibs_Registry_V1_Survey] = []
        repeat {
            let page: Tibs_Registry_V1_ListSurveysResponse = try await client.unary(RegistryPaths.listSurveys, Tibs_Registry_V1_ListSurveysRequest.with {
                $0.page = .with { $0.pageSize = 500; $0.pageToken = token }
            })
            surveys += page.surveys
            token = page.page.nextPageToken
        } while !token.isEmpty

        func partner(_ nuts: String) -> String {
            PartnerRegions.launch.first { NUTS.contains(ancestor: $0.nuts, descendant: nuts) }
                .map { "\($0.displayName) (\($0.nuts))" } ?? "other regions"
        }
        Swift.print("\nThe SME registry at \(address) holds \(smes.count) SMEs, \(needs.count) open needs and \(surveys.count) surveys.\n")
        Swift.print(pad("region", 30) + pad("SMEs", 6, right: true) + pad("open needs", 12, right: true))
        let smeCounts = Dictionary(grouping: smes, by: { partner($0.fields.region.nutsCode) }).mapValues(\.count)
        let needCounts = Dictionary(grouping: needs, by: { partner($0.region.nutsCode) }).mapValues(\.count)
        let regions = PartnerRegions.launch.map { "\($0.displayName) (\($0.nuts))" } + ["other regions"]
        for region in regions where smeCounts[region] != nil || region != "other regions" {
            Swift.print(pad(region, 30) + pad("\(smeCounts[region] ?? 0)", 6, right: true) + pad("\(needCounts[region] ?? 0)", 12, right: true))
        }
        let barriers = surveys.flatMap { $0.answers.barriers.map(\.code) }
        let ranked = Dictionary(grouping: barriers, by: { $0 }).mapValues(\.count).sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        Swift.print("\nMost frequent barriers to internationalisation (\(surveys.count) surveys):")
        for (code, count) in ranked.prefix(5) {
            let label = CodeLists.bundled.survey.code(code, of: .barrier)?.label ?? code
            Swift.print("  \(pad("\(count)", 3, right: true))  \(label)")
        }
    }

}

/// Method paths (the client does not link the service).
enum RegistryPaths {
    static let base = "/tibs.registry.v1.SmeRegistry/"
    static let createSme = base + "CreateSme"
    static let listSmes = base + "ListSmes"
    static let addNeed = base + "AddNeed"
    static let listNeeds = base + "ListNeeds"
    static let addOffer = base + "AddOffer"
    static let recordSurvey = base + "RecordSurvey"
    static let listSurveys = base + "ListSurveys"
    static let registerBroker = base + "RegisterBroker"
    static let listBrokers = base + "ListBrokers"
}

import Crypto
import Foundation
import GRDB
import Testing
import TIBSCtlKit
import TIBSIdentity
import TIBSProto
import TIBSRPC
import TIBSTestSupport

/// The authorisation table (``AccessTable``) held against the four real services, for every method
/// their Reflection/Describe lists: docs/api-examples.md walked in document order as
/// `APIExamplesTests` walks it (demo data loaded, an admin sending each example), and around each
/// example the same request from callers who must be kept out or kept from personal data:
/// - a missing token, an expired one, a tampered one and one signed by an unknown key:
///   UNAUTHENTICATED on every method but health;
/// - analysts, integrators and a broker of another region: PERMISSION_DENIED where the rule
///   refuses them (before the admin's call, while its data exists), otherwise an answer that holds
///   none of the contact persons withheld from them (``PersonalDataMarkers``), on every reading
///   method;
/// - afterwards, no database holds a feed record, or an audit record of success, of any of them.
@Suite(.serialized)
struct AuthorizationTableTests {
    @Test func everyServedMethodKeepsOutWhoItsRuleKeepsOutAndWithholdsPersonalData() async throws {
        let examples = try APIExampleDocument.parse(String(contentsOf: APIExamplesTests.document, encoding: .utf8))
        let markers = try PersonalDataMarkers.collect(repository: APIExamplesTests.repository, examples: examples)
        for kind in AccessTable.PersonalData.allCases {
            #expect(markers.count(kind) >= 3, "the demo data and the examples give few \(kind.rawValue) to look for: \(markers.count(kind))")
        }
        let (system, _) = try await MatchSystem.start(policyFollowsRegistry: true, seed: { _ in }, beforeMatch: APIExamplesTests.loadDemo)
        do {
            try await system.waitUntilServing()
            var walk = try await ExampleWalk.start(system)
            var visitor = try AuthorizationVisitor(walk: walk, markers: markers)
            try await walk.run(examples, &visitor)
            for problem in visitor.problems(walk) { Issue.record("\(problem)") }
            await visitor.close()
            await walk.close()
            for process in [system.registry, system.catalogue, system.policy, system.match] {
                let traces = try Self.traces(of: Callers.hostileSubjects, in: process.database)
                #expect(traces.isEmpty, "\(process.database.lastPathComponent) holds what refused callers wrote: \(traces)")
            }
        } catch {
            await system.stop()
            throw error
        }
        await system.stop()
    }

    /// Feed records by any of `subjects`, and audit records of their successes, in one database file.
    static func traces(of subjects: [String], in database: URL) throws -> [String] {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: database.path, configuration: configuration)
        let marks = databaseQuestionMarks(count: subjects.count)
        return try queue.read { db in
            let feed = try String.fetchAll(db, sql: "SELECT actor || ' ' || kind || ' ' || entity_type FROM change_feed WHERE actor IN (\(marks))",
                                           arguments: StatementArguments(subjects))
            let audit = try String.fetchAll(db, sql: "SELECT actor || ' ' || method FROM audit_log WHERE outcome = 'OK' AND actor IN (\(marks))",
                                            arguments: StatementArguments(subjects))
            return feed + audit
        }
    }
}

/// One server's clients: the admin who sends the examples, the readers of ``AccessTable/Reader``
/// and the callers whose token must be refused.
struct Callers {
    let admin: RPCClient
    let readers: [AccessTable.Reader: RPCClient]
    let badTokens: [(name: String, client: RPCClient)]

    static let strangerRegions: Set<String> = ["SE11"]
    static let hostileSubjects = ["authz-analyst", "authz-integrator", "authz-stranger", "authz-expired", "authz-tampered", "authz-unknown-key"]

    init(port: Int) throws {
        let pki = TestPKI.shared
        admin = try makeTestClient(port: port, token: pki.token(.admin, subject: "authz-admin"))
        readers = [
            .analyst: try makeTestClient(port: port, token: pki.token(.analyst, subject: "authz-analyst")),
            .integrator: try makeTestClient(port: port, token: pki.token(.integrator, subject: "authz-integrator")),
            .strangerBroker: try makeTestClient(port: port, token: pki.token(.broker, regions: Self.strangerRegions, subject: "authz-stranger")),
        ]
        let expired = pki.token(.admin, subject: "authz-expired", ttl: 60, now: Date().addingTimeInterval(-3600))
        // A broker's signature under an admin's claims.
        var tampered = pki.token(.broker, regions: Self.strangerRegions, subject: "authz-tampered").split(separator: ".").map(String.init)
        tampered[1] = pki.token(.admin, subject: "authz-tampered").split(separator: ".").map(String.init)[1]
        let stranger = Curve25519.Signing.PrivateKey()
        let unknownIssuer = TokenIssuer(issuer: "elsewhere", keyID: IssuerKeyFile.keyID(for: stranger.publicKey), privateKey: stranger)
        let unknownKey = try unknownIssuer.mint(subject: "authz-unknown-key", role: .admin, regions: [], ttl: 600, now: Date())
        badTokens = [
            ("no token", try makeTestClient(port: port, token: nil)),
            ("an expired token", try makeTestClient(port: port, token: expired)),
            ("a tampered token", try makeTestClient(port: port, token: tampered.joined(separator: "."))),
            ("a token signed by an unknown key", try makeTestClient(port: port, token: unknownKey)),
        ]
    }

    func close() async {
        await admin.close()
        for client in readers.values { await client.close() }
        for (_, client) in badTokens { await client.close() }
    }
}

/// Around each example: the bad tokens and the refused readers before the admin's call (the data
/// the request names still exists), the other readers after it (what it created can be read).
struct AuthorizationVisitor: ExampleVisitor {
    let callers: [String: Callers]
    let markers: PersonalDataMarkers
    /// (method, reader) pairs refused at least once / answered at least once as the admin was.
    var refusedSeen: Set<String> = []
    var readSeen: Set<String> = []

    init(walk: ExampleWalk, markers: PersonalDataMarkers) throws {
        callers = try Dictionary(uniqueKeysWithValues: walk.servers.map { ($0.name, try Callers(port: $0.port)) })
        self.markers = markers
    }

    func close() async {
        for callers in callers.values { await callers.close() }
    }

    /// Every served method has a rule; every rule's refusals and readings were each shown once.
    func problems(_ walk: ExampleWalk) -> [String] {
        var problems: [String] = []
        for server in walk.servers {
            for method in server.description.methods where AccessTable.rules[method.name] == nil {
                problems.append("\(method.name), served by \(server.name), has no rule in AccessTable: write down who may call it")
            }
        }
        for (method, rule) in AccessTable.rules.sorted(by: { $0.key < $1.key }) where walk.serves(method) {
            for reader in AccessTable.Reader.allCases {
                let key = "\(method) \(reader.rawValue)"
                switch rule.answer(for: reader) {
                case .refused, .rowsRejected:
                    if !refusedSeen.contains(key) { problems.append("\(method): no example showed the \(reader.rawValue) refused (every example answered otherwise)") }
                case .reads:
                    if !readSeen.contains(key) { problems.append("\(method): no example answered the \(reader.rawValue) as it answered the admin, so nothing showed what it may read") }
                }
            }
        }
        return problems
    }

    mutating func before(_ call: Call, example: APIExample, server: ExampleWalk.Server) async throws {
        guard let rule = AccessTable.rules[example.method], let callers = callers[server.name] else { return }
        for (name, client) in callers.badTokens {
            let answer = try await call.send(client)
            let expected = rule.tokenless ? example.expectation.status : "UNAUTHENTICATED"
            if answer.status != expected {
                Issue.record("\(call.place) with \(name): \(answer.status), expected \(expected): \(answer.detail)")
            }
        }
        for reader in AccessTable.Reader.allCases {
            // reason: Callers.init fills `readers` with every case of Reader.
            let client = callers.readers[reader]!
            switch rule.answer(for: reader) {
            case .refused:
                let answer = try await call.send(client)
                // A request the admin would get an error for may fail the same way first (no entity to be refused on).
                let allowed = example.expectation.status == "OK" ? ["PERMISSION_DENIED"] : ["PERMISSION_DENIED", example.expectation.status]
                if !allowed.contains(answer.status) {
                    Issue.record("\(call.place) as \(reader.rawValue): \(answer.status), expected \(allowed.joined(separator: " or ")): \(answer.detail)")
                }
                if answer.status == "PERMISSION_DENIED" { refusedSeen.insert("\(call.method.name) \(reader.rawValue)") }
            case .rowsRejected:
                let answer = try await call.send(client)
                let rows = try call.requestCount()
                if answer.status != "OK" || answer.firstJSON.map(Self.rejected) != rows {
                    Issue.record("\(call.place) as \(reader.rawValue): \(answer.status) \(answer.firstJSON ?? ""), expected OK with all \(rows) rows rejected")
                } else {
                    refusedSeen.insert("\(call.method.name) \(reader.rawValue)")
                }
            case .reads:
                break
            }
        }
    }

    mutating func after(_ call: Call, example: APIExample, server: ExampleWalk.Server, answer _: Call.Answer) async throws {
        guard let rule = AccessTable.rules[example.method], let callers = callers[server.name] else { return }
        for reader in AccessTable.Reader.allCases where rule.answer(for: reader) == .reads {
            // reason: Callers.init fills `readers` with every case of Reader.
            let answer = try await call.send(callers.readers[reader]!)
            let allowed = [example.expectation.status, "NOT_FOUND", "PERMISSION_DENIED"]
            if !allowed.contains(answer.status) {
                Issue.record("\(call.place) as \(reader.rawValue): \(answer.status), expected \(example.expectation.status): \(answer.detail)")
            }
            // Answered as the admin was (OK, or the same refusal of a bad request): not kept out.
            if answer.status == example.expectation.status && answer.status != "PERMISSION_DENIED" {
                readSeen.insert("\(call.method.name) \(reader.rawValue)")
            }
            for marker in markers.withheld(from: reader) where answer.messages.contains(where: { $0.range(of: Data(marker.utf8)) != nil }) {
                Issue.record("\(call.place) as \(reader.rawValue): the answer holds '\(marker)', personal data withheld from that role")
            }
        }
    }

    /// The `rejected` count of a bulk import's answer.
    static func rejected(_ json: String) -> Int {
        (try? APIExampleBindings.value(at: "rejected", in: JSONSerialization.jsonObject(with: Data(json.utf8)))).flatMap { Int($0) } ?? 0
    }
}

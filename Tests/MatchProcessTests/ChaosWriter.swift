import Foundation
import SwiftProtobuf
import TIBSProto
import TIBSRPC
import TIBSTestSupport

typealias SwiftProtobufMessage = Message & Sendable

/// The ports the writers call; every service comes back on its own after a kill.
struct ChaosPorts: Sendable {
    let registry: Int, catalogue: Int, policy: Int, match: Int
}

/// One of the writers: its own clients, and its own entities to update and walk, so each entity
/// has one writer and one call at a time, and the last acknowledged version is what must be stored.
///
/// Creates go under an idempotency key, retried on the same key until answered. Updates and steps
/// carry the version read (PROTOCOL.md: keys are for creates); when a retry is refused ABORTED,
/// the writer reads the entity and takes the step as landed only if it is exactly one version on
/// and holds what was sent, as a real client would resolve an answer lost to a crash.
struct ChaosWriter {
    let index: Int
    let ports: ChaosPorts
    let ledger: ChaosLedger
    let seed: UInt64

    /// A writer's own entities, with the version of its last acknowledged write.
    private struct Owned {
        var smes: [(id: String, version: UInt64, tag: String)] = []
        var needs: [String] = []
        var proposed: Set<String> = []
        var providers: [String] = []
        var resources: [(id: String, version: UInt64, status: Tibs_Catalogue_V1_ReviewStatus)] = []
        var institution: String?
        var issues: [String] = []
        var actions: [(id: String, issue: String, version: UInt64, status: Tibs_Policy_V1_ActionStatus)] = []
        var matches: [(id: String, version: UInt64, state: Tibs_Match_V1_MatchState)] = []
    }

    private enum Move: CaseIterable {
        case createSme, addNeed, recordSurvey, updateSme, createProvider, createResource, stepResource
        case raiseIssue, addAction, advanceAction, proposeMatch, advanceMatch
    }

    /// The walks the writers take, one step at a time.
    static let actionWalk: [Tibs_Policy_V1_ActionStatus] = [.submitted, .acknowledged, .underConsideration, .adopted]
    static let matchWalk: [Tibs_Match_V1_MatchState] = [.proposed, .shortlisted, .introduced, .inDiscussion, .agreement]

    func run(until stop: Gate) async throws {
        let clients = try ChaosClients(ports)
        var random = SeededGenerator(seed: seed)
        var owned = Owned()
        var step = 0
        while !stop.isOpen {
            step += 1
            let key = "chaos-\(seed)-\(index)-\(step)"
            let possible = Self.possible(owned)
            let move = possible[Int(random.next() % UInt64(possible.count))]
            await perform(move, key: key, step: step, clients, &owned, &random)
        }
        await clients.close()
    }

    /// The moves the writer's entities allow; the first SME and provider come first.
    private static func possible(_ owned: Owned) -> [Move] {
        if owned.smes.isEmpty { return [.createSme] }
        if owned.providers.isEmpty { return [.createProvider] }
        return Move.allCases.filter { move in
            switch move {
            case .addAction: owned.institution != nil && !owned.issues.isEmpty
            case .stepResource: owned.resources.contains { $0.status != .published }
            case .advanceAction: owned.actions.contains { $0.status != actionWalk.last }
            case .proposeMatch: owned.needs.contains { !owned.proposed.contains($0) }
            case .advanceMatch: owned.matches.contains { $0.state != matchWalk.last }
            default: true
            }
        }
    }

    private func perform(_ move: Move, key: String, step: Int, _ clients: ChaosClients, _ owned: inout Owned,
                         _ random: inout SeededGenerator) async {
        func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
        let tag = "W\(index)S\(step)"  // letters between the numbers: registration ids are compared without punctuation
        switch move {
        case .createSme:
            let sme: Tibs_Registry_V1_Sme? = await create(.sme, key, clients.registry, ChaosMethods.registry + "CreateSme",
                                                          Tibs_Registry_V1_CreateSmeRequest.with { $0.fields = ChaosFixtures.sme(tag, headcount: 24) },
                                                          id: \.id, version: \.version)
            if let sme { owned.smes.append((sme.id, sme.version, tag)) }
        case .addNeed:
            let need: Tibs_Registry_V1_Need? = await create(.need, key, clients.registry, ChaosMethods.registry + "AddNeed", Tibs_Registry_V1_AddNeedRequest.with {
                $0.smeID = pick(owned.smes).id
                $0.fields = UpstreamWriter.needFields("Chaos need \(index)-\(step)")
            }, id: \.id, version: \.version)
            if let need { owned.needs.append(need.id) }
        case .recordSurvey:
            let _: Tibs_Registry_V1_Survey? = await create(.survey, key, clients.registry, ChaosMethods.registry + "RecordSurvey",
                                                           Tibs_Registry_V1_RecordSurveyRequest.with {
                $0.smeID = pick(owned.smes).id
                $0.answers = ChaosFixtures.survey(step)
            }, id: \.id, version: nil)
        case .updateSme:
            let position = Int(random.next() % UInt64(owned.smes.count))
            let (id, version, smeTag) = owned.smes[position]
            let headcount = UInt32(25 + step % 200)
            let updated: Tibs_Registry_V1_Sme? = await update(.sme, clients.registry, ChaosMethods.registry + "UpdateSme", Tibs_Registry_V1_UpdateSmeRequest.with {
                $0.id = id; $0.expectedVersion = version
                $0.fields = ChaosFixtures.sme(smeTag, headcount: headcount)
            }, id: id, expected: version, version: \.version, landed: { $0.fields.headcount == headcount }) {
                try await clients.registry.unary(ChaosMethods.registry + "GetSme", Tibs_Registry_V1_GetSmeRequest.with { $0.id = id })
            }
            if let updated { owned.smes[position].version = updated.version }
        case .createProvider:
            let provider: Tibs_Catalogue_V1_Provider? = await create(.provider, key, clients.catalogue, ChaosMethods.catalogue + "CreateProvider",
                                                                     Tibs_Catalogue_V1_CreateProviderRequest.with { $0.fields = ChaosFixtures.provider(tag) },
                                                                     id: \.id, version: \.version)
            if let provider { owned.providers.append(provider.id) }
        case .createResource:
            let resource: Tibs_Catalogue_V1_Resource? = await create(.resource, key, clients.catalogue, ChaosMethods.catalogue + "CreateResource",
                                                                     Tibs_Catalogue_V1_CreateResourceRequest.with {
                $0.providerID = pick(owned.providers)
                $0.fields = UpstreamWriter.resourceFields("Chaos resource \(index)-\(step)")
            }, id: \.id, version: \.version)
            if let resource { owned.resources.append((resource.id, resource.version, resource.status)) }
        case .stepResource:
            let open = owned.resources.indices.filter { owned.resources[$0].status != .published }
            let position = pick(open)
            let (id, version, status) = owned.resources[position]
            let read = { () async throws -> Tibs_Catalogue_V1_Resource in
                try await clients.catalogue.unary(ChaosMethods.catalogue + "GetResource", Tibs_Catalogue_V1_GetResourceRequest.with { $0.id = id })
            }
            let stepped: Tibs_Catalogue_V1_Resource?
            if status == .draft && random.next() % 2 == 0 {
                let title = "Chaos resource \(index)-\(step), revised"
                stepped = await update(.resource, clients.catalogue, ChaosMethods.catalogue + "UpdateResource", Tibs_Catalogue_V1_UpdateResourceRequest.with {
                    $0.id = id; $0.expectedVersion = version
                    $0.fields = UpstreamWriter.resourceFields(title)
                }, id: id, expected: version, version: \.version, landed: { $0.fields.title == title }, read: read)
            } else {
                let (method, to): (String, Tibs_Catalogue_V1_ReviewStatus) = status == .draft ? ("SubmitResource", .submitted) : ("PublishResource", .published)
                stepped = await update(.resource, clients.catalogue, ChaosMethods.catalogue + method, Tibs_Catalogue_V1_ReviewStepRequest.with {
                    $0.id = id; $0.expectedVersion = version; $0.note = "chaos step \(step)"
                }, id: id, expected: version, version: \.version, landed: { $0.status == to }, read: read)
            }
            if let stepped { owned.resources[position] = (id, stepped.version, stepped.status) }
        case .raiseIssue:
            // The writer's institution first, to address its actions to.
            guard owned.institution != nil else {
                let created: Tibs_Policy_V1_Institution? = await create(.institution, key, clients.policy, ChaosMethods.policy + "CreateInstitution",
                                                                        Tibs_Policy_V1_CreateInstitutionRequest.with { $0.fields = ChaosFixtures.institution(tag) },
                                                                        id: \.id, version: \.version)
                owned.institution = created?.id
                return
            }
            let issue: Tibs_Policy_V1_PolicyIssue? = await create(.issue, key, clients.policy, ChaosMethods.policy + "RaisePolicyIssue",
                                                                  Tibs_Policy_V1_RaisePolicyIssueRequest.with { $0.fields = ChaosFixtures.issue(tag, step) },
                                                                  id: \.id, version: \.version)
            if let issue { owned.issues.append(issue.id) }
        case .addAction:
            guard let institution = owned.institution else { return }
            let issue = pick(owned.issues)
            let action: Tibs_Policy_V1_InfluenceAction? = await create(.action, key, clients.policy, ChaosMethods.policy + "AddInfluenceAction",
                                                                       Tibs_Policy_V1_AddInfluenceActionRequest.with {
                $0.issueID = issue
                $0.fields = ChaosFixtures.action(institution: institution, tag)
                $0.note = "chaos"
            }, id: \.id, version: \.version)
            if let action { owned.actions.append((action.id, issue, action.version, action.status)) }
        case .advanceAction:
            let position = pick(owned.actions.indices.filter { owned.actions[$0].status != Self.actionWalk.last })
            let (id, issue, version, status) = owned.actions[position]
            let to = Self.next(after: status, in: Self.actionWalk)
            let advanced: Tibs_Policy_V1_InfluenceAction? = await update(.action, clients.policy, ChaosMethods.policy + "AdvanceInfluenceAction",
                                                                         Tibs_Policy_V1_AdvanceInfluenceActionRequest.with {
                $0.id = id; $0.expectedVersion = version; $0.to = to; $0.onDate = ChaosFixtures.actionDay
            }, id: id, expected: version, version: \.version, landed: { $0.status == to }) {
                // No GetInfluenceAction: the issue's list holds it.
                let listed: Tibs_Policy_V1_ListInfluenceActionsResponse = try await clients.policy.unary(
                    ChaosMethods.policy + "ListInfluenceActions", Tibs_Policy_V1_ListInfluenceActionsRequest.with { $0.issueID = issue; $0.page = .chaosPage("") })
                guard let action = listed.actions.first(where: { $0.id == id }) else { throw RPCError(.notFound, "action \(id) not listed") }
                return action
            }
            if let advanced { owned.actions[position] = (id, issue, advanced.version, advanced.status) }
        case .proposeMatch:
            let need = pick(owned.needs.filter { !owned.proposed.contains($0) })
            // A read: a need not replicated yet, a service down or no candidate yet is no write.
            guard let found: Tibs_Match_V1_FindMatchesResponse = try? await clients.match.unary(
                ChaosMethods.match + "FindMatches", Tibs_Match_V1_FindMatchesRequest.with { $0.needID = "registry/" + need; $0.limit = 3 }, timeout: HangBound.scaled(.seconds(30))),
                  let candidate = found.needs.first?.candidates.first else { return }
            owned.proposed.insert(need)
            let match: Tibs_Match_V1_Match? = await create(.match, key, clients.match, ChaosMethods.match + "ProposeMatch", Tibs_Match_V1_ProposeMatchRequest.with {
                $0.needID = "registry/" + need; $0.candidateID = candidate.id; $0.note = "chaos proposal"
            }, id: \.id, version: \.version)
            if let match { owned.matches.append((match.id, match.version, match.state)) }
        case .advanceMatch:
            let position = pick(owned.matches.indices.filter { owned.matches[$0].state != Self.matchWalk.last })
            let (id, version, state) = owned.matches[position]
            let to = Self.next(after: state, in: Self.matchWalk)
            let advanced: Tibs_Match_V1_Match? = await update(.match, clients.match, ChaosMethods.match + "AdvanceMatch", Tibs_Match_V1_AdvanceMatchRequest.with {
                $0.id = id; $0.expectedVersion = version; $0.to = to
                if to == .introduced { $0.consent = .with { $0.givenBy = "CEO of the chaos company"; $0.givenOn = ChaosFixtures.actionDay } }
            }, id: id, expected: version, version: \.version, landed: { $0.state == to }) {
                try await clients.match.unary(ChaosMethods.match + "GetMatch", Tibs_Match_V1_GetMatchRequest.with { $0.id = id })
            }
            if let advanced { owned.matches[position] = (id, advanced.version, advanced.state) }
        }
    }

    private static func next<State: Equatable>(after state: State, in walk: [State]) -> State {
        // reason: callers pick only entities whose state is in the walk and not its last.
        walk[walk.firstIndex(of: state)! + 1]
    }

    /// A create under `key`, sent again on the same key until answered.
    private func create<Request: SwiftProtobufMessage, Response: SwiftProtobufMessage>(
        _ kind: ChaosKind, _ key: String, _ client: RPCClient, _ method: String, _ request: Request,
        id: KeyPath<Response, String>, version: KeyPath<Response, UInt64>?
    ) async -> Response? {
        let response: Response? = await retrying(method, key) { _ in
            try await client.unary(method, request, metadata: ["idempotency-key": key], timeout: HangBound.scaled(.seconds(30)))
        }
        if let response { ledger.acknowledge(kind, response[keyPath: id], version: version.map { response[keyPath: $0] } ?? 0, method: method) }
        return response
    }

    /// An update or step at `expected`, sent again until answered; ABORTED on a retry is resolved
    /// by `read`: landed if the entity is at `expected + 1` and `landed` says it holds the change.
    private func update<Request: SwiftProtobufMessage, Response: SwiftProtobufMessage>(
        _ kind: ChaosKind, _ client: RPCClient, _ method: String, _ request: Request, id: String, expected: UInt64,
        version: KeyPath<Response, UInt64>, landed: (Response) -> Bool, read: () async throws -> Response
    ) async -> Response? {
        let response: Response? = await retrying(method, "\(id)@\(expected)") { attempt in
            do {
                return try await client.unary(method, request, timeout: HangBound.scaled(.seconds(30)))
            } catch let error as RPCError where error.code == .aborted && attempt > 0 {
                let current = try await read()
                guard current[keyPath: version] == expected + 1, landed(current) else { throw error }
                ledger.retried("ABORTED, read back as landed")
                return current
            }
        }
        if let response { ledger.acknowledge(kind, id, version: response[keyPath: version], method: method) }
        return response
    }

    /// `call(attempt)` until it answers: UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED and UNKNOWN (a
    /// kill's marks) are retried with a short pause; any other error, or 120 s without an answer,
    /// is a failure of the test.
    private func retrying<Response>(_ method: String, _ what: String, _ call: (Int) async throws -> Response) async -> Response? {
        let giveUp = ContinuousClock.now + HangBound.scaled(.seconds(120))
        var attempt = 0
        while true {
            guard !Task.isCancelled else {
                ledger.fail("\(what) \(method): cancelled before an answer")
                return nil
            }
            do {
                return try await call(attempt)
            } catch let error as RPCError where [.unavailable, .deadlineExceeded, .cancelled, .unknown].contains(error.code) {
                attempt += 1
                ledger.retried("\(error.code)")
                if ContinuousClock.now > giveUp {
                    ledger.fail("\(what) \(method): no answer within 120 s, last \(error)")
                    return nil
                }
                try? await Task.sleep(for: .milliseconds(50 * min(attempt, 10)))
            } catch {
                ledger.fail("\(what) \(method): \(error)")
                return nil
            }
        }
    }
}

/// A writer's clients, one per service, each reconnecting after its service's kill.
struct ChaosClients: Sendable {
    let registry: RPCClient, catalogue: RPCClient, policy: RPCClient, match: RPCClient

    init(_ ports: ChaosPorts) throws {
        registry = try makeTestClient(port: ports.registry)
        catalogue = try makeTestClient(port: ports.catalogue)
        policy = try makeTestClient(port: ports.policy)
        match = try makeTestClient(port: ports.match)
    }

    func close() async {
        await registry.close()
        await catalogue.close()
        await policy.close()
        await match.close()
    }
}

import Foundation
import Testing
import TIBSCatalogue
import TIBSDomain
import TIBSMatch
import TIBSProto
import TIBSRegistry
import TIBSRPC
import TIBSTestSupport

/// Alerts end to end: a resource published upstream that fits an open need reaches a
/// subscriber of that need with its score parts; one that scores below the threshold does not.
@Suite struct AlertFollowingTests {
    @Test func aFittingResourcePublishedUpstreamIsAlertedAndOneBelowTheThresholdIsNot() async throws {
        try await withService(RegistryService.definition()) { registry in
            try await withService(CatalogueService.definition()) { catalogue in
                try await withTemporaryDirectory("tibs-replica-alerts") { directory in
                    let registryClient = try registry.client(.admin), catalogueClient = try catalogue.client(.admin)
                    let sme = try await ReplicaFixture.createSme(registryClient, name: "SIA Alert Sensors", registration: "LV40020")
                    let need = try await ReplicaFixture.addNeed(registryClient, sme: sme.id, ReplicaFixture.needFields("Pilot line for printed sensors"))
                    let provider = try await ReplicaFixture.createProvider(catalogueClient)
                    let store = try ReplicaFixture.openStore(directory)
                    let hub = AlertHub(threshold: 0.35)
                    let replica = ReplicaFixture.replica(store, [ReplicaFixture.upstream("registry-lv", .registry, registry),
                                                                 ReplicaFixture.upstream("catalogue-fi", .catalogue, catalogue)], alerts: hub)
                    let needID = QualifiedID(upstream: "registry-lv", id: need.id)
                    let subscription = hub.subscribe(.need(needID))
                    let alerts = try await ReplicaFixture.whileFollowing(replica, tokenFile: try ReplicaFixture.tokenFile(directory)) {
                        try await ReplicaFixture.caughtUp(replica, "registry-lv", with: registry)
                        try await ReplicaFixture.caughtUp(replica, "catalogue-fi", with: catalogue)
                        // Unrelated words, another S3 area and NACE section: far below the threshold.
                        var unrelated = ReplicaFixture.resourceFields(title: "Bookkeeping course for bakeries")
                        unrelated.description_p = "Evening classes on accounts, taxes and payroll for bakery owners: "
                            + "three months of weekly lessons with an accountant, exercises on real ledgers and a final review."
                        unrelated.keywords = ["accounting", "bakery"]
                        unrelated.s3Areas = [.with { $0.code = "bioeconomy" }]
                        unrelated.naceCodes = [.with { $0.code = "10.71"; $0.version = "2" }]
                        unrelated.trl = .with { $0.min = 0; $0.max = 0 }
                        unrelated.kind = .training
                        let below = try await ReplicaFixture.publish(catalogueClient, provider: provider.id, unrelated)
                        let fitting = try await ReplicaFixture.publish(catalogueClient, provider: provider.id, ReplicaFixture.resourceFields())
                        // Alerts come in the order of the events: the first is the fitting one, so the one below was never sent.
                        let first = try await Self.firstAlert(subscription.alerts)
                        #expect(first.scored.candidate.id != QualifiedID(upstream: "catalogue-fi", id: below.id))
                        // The one not alerted does score below the threshold (if it ranks at all).
                        let ranked = try replica.findMatches(MatchQuery(subject: .need(need.id), filters: MatchFilters(onDate: replica.today)))
                        let belowScore = ranked.needs.first?.candidates.first { $0.candidate.id.id == below.id }?.parts.total ?? 0
                        #expect(belowScore < 0.35)
                        return ([first], fitting)
                    }
                    let (received, fitting) = alerts
                    let alert = try #require(received.first)
                    #expect(alert.scored.candidate.id == QualifiedID(upstream: "catalogue-fi", id: fitting.id))
                    #expect(alert.need.id == needID && alert.rank >= 1 && alert.rank <= 20)
                    #expect(alert.scored.parts.total >= 0.35)
                    #expect(alert.scored.parts.textRelevance > 0 && alert.scored.parts.s3Overlap > 0)
                    #expect(alert.upstreamSequence > 0)
                    try store.close()
                    await registryClient.close()
                    await catalogueClient.close()
                }
            }
        }
    }

    /// The stream's first alert, or a thrown GateTimeout after the bound (reading ends the subscription).
    static func firstAlert(_ stream: AsyncStream<CandidateAlert>) async throws -> CandidateAlert {
        let first = try await withThrowingTaskGroup(of: CandidateAlert?.self) { group in
            group.addTask {
                for await alert in stream { return alert }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(60))
                return nil
            }
            // reason: two tasks were added, so next() returns at least once.
            let first = try await group.next()!
            group.cancelAll()
            return first
        }
        guard let first else { throw GateTimeout(what: "an alert") }
        return first
    }
}

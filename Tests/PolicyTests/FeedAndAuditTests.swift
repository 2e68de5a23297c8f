import GRDB
import Testing
import TIBSDomain
import TIBSPolicy
import TIBSStore

@Suite struct FeedAndAuditTests {
    @Test func everyMutationAppendsAFeedRecordAndAnAuditRecordInItsTransaction() async throws {
        try await withPolicy { app in
            guard case .new(let institution) = try await app.createInstitution(Fixtures.ministry(), by: admin),
                  case .new = try await app.setRegionalStrategy(Fixtures.strategy(), by: admin),
                  case .new(let issue) = try await app.raisePolicyIssue(Fixtures.issue(), by: rigaBroker),
                  case .new(let action) = try await app.addInfluenceAction(issueID: issue.id, Fixtures.action(institution: institution.institution.id),
                                                                           note: "", by: rigaBroker)
            else { Issue.record("a create was not new"); return }
            _ = try await app.advanceInfluenceAction(id: action.action.id, expectedVersion: 1, to: .acknowledged, onDate: nil, note: "",
                                                     documents: [], by: rigaBroker)
            let changes = try await app.store.readChanges(after: 0, limit: 20)
            #expect(changes.map(\.entityType) == ["institution", "strategy", "issue", "action", "action"])
            #expect(changes.map(\.kind) == [.created, .created, .created, .created, .updated])
            #expect(changes.map(\.payloadType) == ["tibs.policy.v1.Institution", "tibs.policy.v1.RegionalStrategy", "tibs.policy.v1.PolicyIssue",
                                                   "tibs.policy.v1.InfluenceAction", "tibs.policy.v1.InfluenceAction"])
            #expect(changes.map(\.actor) == ["admin-1", "admin-1", "broker-riga", "broker-riga", "broker-riga"])
            #expect(!String(decoding: changes[0].payload, as: UTF8.self).contains("ilze@example.lv"), "contacts never on the feed")
            let audit = try await app.store.read { db in
                try Row.fetchAll(db, sql: "SELECT entity_type, actor, outcome FROM audit_log ORDER BY rowid").map { "\($0[0] as String)/\($0[1] as String)/\($0[2] as String)" }
            }
            #expect(audit == ["institution/admin-1/OK", "strategy/admin-1/OK", "issue/broker-riga/OK", "action/broker-riga/OK", "action/broker-riga/OK"])
        }
    }

    @Test func theFeedEntityTypesAreTheContractsNames() {
        #expect(PolicyEntityType.allCases.map(\.rawValue) == ["institution", "strategy", "issue", "action"])
    }
}

import Foundation
import Testing
import TIBSIdentity
import TIBSPolicy
import TIBSProto
import TIBSRPC
import TIBSTestSupport
@testable import tibs_demo

/// The hand-written policy demo (Services/Policy/Demo/demo-policy.json) loaded by the demo loader
/// into a real policy service over TLS: every record passes the service's rules, every action's
/// walk is legal, and loading again changes nothing.
@Suite struct PolicyDemoLoadTests {
    static let demoFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Services/Policy/Demo/demo-policy.json").path

    @Test func theDemoLoadsWithEveryActionInItsStateAndASecondLoadChangesNothing() async throws {
        let data = try PolicyDemoData.load(Self.demoFile)
        try await withService(PolicyService.definition()) { service in
            let client = try service.client(.admin, subject: "demo-loader")
            try await PolicyDemoLoad(client: client, data: data).run()
            let first = try await StoreSnapshot.take(service.store)

            #expect(try await PolicyReads.institutions(client).count == data.institutions.count)
            #expect(try await PolicyReads.strategies(client).count == data.strategies.count)
            #expect(try await PolicyReads.issues(client).count == data.issues.count)
            let actions = try await PolicyReads.actions(client)
            #expect(actions.count == data.issues.reduce(0) { $0 + $1.actions.count })
            for demo in data.issues.flatMap(\.actions) {
                let stored = actions.first { $0.fields.summary == demo.summary }
                #expect(stored?.status == (demo.steps.last?.to ?? .submitted), "\(demo.key)")
            }
            // The demo promises one overdue action: submitted over 90 days ago and never answered.
            let overdue = try await PolicyReads.actions(client, overdueOnly: true)
            #expect(overdue.map(\.fields.summary) == data.issues.flatMap(\.actions).filter { $0.steps.isEmpty && $0.submittedDaysAgo > 90 }.map(\.summary))
            #expect(overdue.count == 1)

            try await PolicyDemoLoad(client: client, data: data).run()
            #expect(try await StoreSnapshot.take(service.store) == first)
            await client.close()
        }
    }
}

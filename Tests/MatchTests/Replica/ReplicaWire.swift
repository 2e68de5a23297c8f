import TIBSTestSupport
import Foundation
import GRDB
import NIOConcurrencyHelpers
import Testing
import TIBSMatch
import TIBSRPC
import TIBSServiceKit
import TIBSStore

/// A test-only match service: the replica's handlers on a store with the replica's tables, the
/// replica kept in `box` so the test runs its followers (withService runs no background).
final class ReplicaBox: Sendable {
    private let replica = NIOLockedValueBox<MatchReplica?>(nil)

    func set(_ value: MatchReplica) { replica.withLockedValue { $0 = value } }

    func get() throws -> MatchReplica {
        guard let value = replica.withLockedValue({ $0 }) else { throw GateTimeout(what: "the replica (routes not built)") }
        return value
    }

    static func definition(_ box: ReplicaBox, upstreams: [MatchUpstream]) -> ServiceDefinition {
        var migrator = DatabaseMigrator()
        ReplicaMigrations.register(&migrator)
        return ServiceDefinition(name: "tibs-match-replica-test", defaultPort: 0, databaseFile: "match.sqlite", migrations: migrator,
                                 watchChangesPath: nil) { store, _ in
            let replica = MatchReplica(store: store, upstreams: upstreams, clock: ReplicaFixture.clock)
            box.set(replica)
            var router = RPCRouter()
            ReplicaHandlers.register(on: &router, replica: replica)
            return router
        }
    }
}

/// Runs `body`, which must fail with `code` (and name `fields`, when given).
func expectRPCError(_ code: StatusCode, fields: [String]? = nil, sourceLocation: SourceLocation = #_sourceLocation,
                    _ body: () async throws -> Void) async {
    do {
        try await body()
        Issue.record("expected \(code), the call succeeded", sourceLocation: sourceLocation)
    } catch let error as RPCError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        if let fields { #expect(error.violations.map(\.field) == fields, "\(error)", sourceLocation: sourceLocation) }
    } catch {
        Issue.record("expected RPCError \(code), got \(error)", sourceLocation: sourceLocation)
    }
}

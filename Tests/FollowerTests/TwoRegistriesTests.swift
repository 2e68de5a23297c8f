import Foundation
import GRDB
import Testing
import TIBSPolicy
import TIBSRegistry
import TIBSServiceKit
import TIBSStore
import TIBSTestSupport

/// One policy store following two live registries at once (one per region deployment): each
/// upstream keeps its own cursor and its own facts, and neither's events are applied twice.
@Suite struct TwoRegistriesTests {
    @Test func twoRegistriesAreFollowedAtOnceEachWithItsOwnCursor() async throws {
        try await withService(RegistryService.definition()) { lithuania in
            try await withService(RegistryService.definition()) { latvia in
                try await withServiceStore(PolicyService.definition()) { store in
                    try await withTemporaryDirectory("tibs-two-registries") { directory in
                        let tokenFile = directory.appendingPathComponent("token")
                        try FollowerFixture.writeToken(.service, to: tokenFile)
                        let first = try lithuania.client(.admin), second = try latvia.client(.admin)
                        try await FollowerFixture.createSmes(first, 0..<12)
                        try await FollowerFixture.createSmes(second, 0..<5)
                        let settings = PolicySettings(follows: [TIBSPolicy.FollowTarget(name: "registry-lt", host: "127.0.0.1", port: lithuania.port),
                                                                TIBSPolicy.FollowTarget(name: "registry-lv", host: "127.0.0.1", port: latvia.port)],
                                                      followTokenFile: tokenFile.path)
                        let following = EvidenceFollowing(settings: settings, tls: TestPKI.shared.clientTLS)
                        let followers = following.followers(store: store, logger: testLogger("tibs.test.two-registries"))
                        try await withThrowingTaskGroup(of: Void.self) { group in
                            for follower in followers { group.addTask { try await follower.run() } }
                            try await bounded("both histories") { await following.board.waitUntil("registry-lt") { $0.syncedOnce && $0.cursor == 12 } }
                            try await bounded("both histories") { await following.board.waitUntil("registry-lv") { $0.syncedOnce && $0.cursor == 5 } }
                            // The live tail of one moves only its own cursor.
                            try await FollowerFixture.createSmes(second, 5..<8)
                            try await bounded("the Latvian tail") { await following.board.waitUntil("registry-lv") { $0.cursor == 8 } }
                            group.cancelAll()
                            try await group.waitForAll()
                        }
                        let rows = try await store.read { db in
                            try Row.fetchAll(db, sql: "SELECT upstream, COUNT(*) AS n FROM evidence_smes GROUP BY upstream ORDER BY upstream")
                                .map { ($0["upstream"] as String, $0["n"] as Int) }
                        }
                        #expect(rows.map(\.0) == ["registry-lt", "registry-lv"])
                        #expect(rows.map(\.1) == [12, 8])
                        let cursors = try await store.read { db in
                            try Row.fetchAll(db, sql: "SELECT upstream, sequence FROM follower_cursors ORDER BY upstream")
                                .map { ($0["upstream"] as String, $0["sequence"] as Int) }
                        }
                        #expect(cursors.map(\.0) == ["registry-lt", "registry-lv"])
                        #expect(cursors.map(\.1) == [12, 8])
                        let sync = await following.syncSource.current()
                        #expect(sync.map(\.upstream) == ["registry-lt", "registry-lv"])
                        #expect(sync.allSatisfy { $0.syncedOnce && $0.lagEvents == 0 })
                        await first.close()
                        await second.close()
                    }
                }
            }
        }
    }
}

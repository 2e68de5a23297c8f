import Foundation
import GRDB
import Logging
import Testing
import TIBSIdentity
import TIBSProto
import TIBSRPC
import TIBSServiceKit
import TIBSStore
import TIBSTestSupport

/// WatchChanges over real TLS from a real SQLite feed: history, live tail, resume, filters.
@Suite struct WatchChangesTests {
    static let path = "/tibs.testing.v1.Feed/WatchChanges"

    /// A service whose only method is its feed, assembled as `ServiceRunner` assembles one.
    private func withFeedServer<T: Sendable>(_ body: (ServiceStore, Int) async throws -> T) async throws -> T {
        let definition = ServiceDefinition(name: "tibs-feed-test", defaultPort: 0, databaseFile: "feed.sqlite",
                                           migrations: DatabaseMigrator(), watchChangesPath: Self.path) { _, _ in RPCRouter() }
        return try await withService(definition) { service in try await body(service.store, service.port) }
    }

    private func append(_ store: ServiceStore, _ count: Int, type: String = "sme") async throws {
        for index in 0..<count {
            try await store.write { db in
                _ = try store.feed.append(db, entityType: type, entityID: "\(type)-\(index)", kind: .created,
                                          actor: "tester", requestID: "r\(index)", payloadType: "", payload: Data([UInt8(index % 256)]))
            }
        }
    }

    /// Reads `count` events; once `received` of them have arrived, runs `then` (writes that can
    /// only reach the follower through the live tail, since its history was already sent).
    private func follow(_ client: RPCClient, after: UInt64, types: [String] = [], count: Int,
                        received: Int = -1, then: @Sendable () async throws -> Void = {}) async throws -> [Tibs_Common_V1_ChangeEvent] {
        try await client.serverStreaming(Self.path, Tibs_Common_V1_WatchChangesRequest.with { $0.afterSequence = after; $0.entityTypes = types }) {
            (stream: ResponseStream<Tibs_Common_V1_ChangeEvent>) in
            var events: [Tibs_Common_V1_ChangeEvent] = []
            for try await event in stream {
                events.append(event)
                if events.count == received { try await then() }
                if events.count == count { break }
            }
            return events
        }
    }

    @Test func historyThenLiveTailArriveInCommitOrderWithoutGaps() async throws {
        try await withFeedServer { store, port in
            try await append(store, 700)  // more than one read batch
            let client = try makeTestClient(port: port, token: TestPKI.shared.token(.service))
            let events = try await follow(client, after: 0, count: 750, received: 700) {
                try await append(store, 50, type: "need")
            }
            #expect(events.map(\.sequence) == Array(1...750))
            #expect(events.last?.entityType == "need")
            await client.close()
        }
    }

    @Test func aFollowerResumesAfterItsCursor() async throws {
        try await withFeedServer { store, port in
            try await append(store, 20)
            let client = try makeTestClient(port: port, token: TestPKI.shared.token(.service))
            let first = try await follow(client, after: 0, count: 10)
            let rest = try await follow(client, after: first.last?.sequence ?? 0, count: 10)
            #expect((first + rest).map(\.sequence) == Array(1...20))
            await client.close()
        }
    }

    @Test func entityTypeFilterSkipsOtherTypesAndStillTails() async throws {
        try await withFeedServer { store, port in
            try await append(store, 5, type: "sme")
            try await append(store, 3, type: "offer")
            let client = try makeTestClient(port: port, token: TestPKI.shared.token(.admin))
            let events = try await follow(client, after: 0, types: ["offer"], count: 5, received: 3) {
                try await append(store, 2, type: "offer")
            }
            #expect(events.allSatisfy { $0.entityType == "offer" })
            #expect(events.map(\.sequence) == [6, 7, 8, 9, 10])
            await client.close()
        }
    }

    @Test func brokersMayNotFollowTheFeed() async throws {
        try await withFeedServer { _, port in
            let client = try makeTestClient(port: port, token: TestPKI.shared.token(.broker, regions: ["LV008"]))
            let error = await #expect(throws: RPCError.self) { _ = try await follow(client, after: 0, count: 1) }
            #expect(error?.code == .permissionDenied)
            await client.close()
        }
    }
}

import Foundation
import Testing
import TIBSProto
import TIBSRegistry
import TIBSRPC
import TIBSServiceKit
import TIBSTestSupport

/// `WatchChanges` with `progress_markers`: what a follower learns the head from.
@Suite struct ProgressMarkerTests {
    static func read(_ client: RPCClient, _ request: Tibs_Common_V1_WatchChangesRequest, count: Int) async throws -> [Tibs_Common_V1_ChangeEvent] {
        try await client.serverStreaming(RegistryMethods.watchChanges, request, timeout: HangBound.scaled(.seconds(60))) {
            (stream: ResponseStream<Tibs_Common_V1_ChangeEvent>) in
            var events: [Tibs_Common_V1_ChangeEvent] = []
            for try await event in stream {
                events.append(event)
                if events.count == count { break }
            }
            return events
        }
    }

    @Test func aStreamAskingForMarkersEndsEachReadWithTheHeadAndOthersGetNone() async throws {
        try await withService(RegistryService.definition()) { registry in
            let client = try registry.client(.service)
            let writer = try registry.client(.admin)
            try await FollowerFixture.createSmes(writer, 0..<3)
            let marked = try await Self.read(client, .with { $0.afterSequence = 1; $0.progressMarkers = true }, count: 3)
            #expect(marked.map(\.sequence) == [2, 3, 3])
            #expect(!ChangeFeedStreaming.isMarker(marked[0]) && !ChangeFeedStreaming.isMarker(marked[1]))
            #expect(ChangeFeedStreaming.isMarker(marked[2]) && marked[2].headSequence == 3)
            #expect(marked[0].headSequence == 0)

            // At the head already: the first message is the marker.
            let atHead = try await Self.read(client, .with { $0.afterSequence = 3; $0.progressMarkers = true }, count: 1)
            #expect(atHead.map(\.sequence) == [3] && atHead[0].headSequence == 3 && ChangeFeedStreaming.isMarker(atHead[0]))

            // A cursor beyond the head (a follower of an older copy of the feed): the head is still the feed's.
            let ahead = try await Self.read(client, .with { $0.afterSequence = 100; $0.progressMarkers = true }, count: 1)
            #expect(ahead.map(\.sequence) == [100] && ahead[0].headSequence == 3)

            // Filtered to an entity type with no records: the marker still passes the cursor to the head.
            let filtered = try await Self.read(client, .with { $0.entityTypes = ["survey"]; $0.progressMarkers = true }, count: 1)
            #expect(filtered.map(\.sequence) == [3] && filtered[0].headSequence == 3)

            // Without the flag: change events only.
            let plain = try await Self.read(client, .with { $0.afterSequence = 0 }, count: 3)
            #expect(plain.allSatisfy { !ChangeFeedStreaming.isMarker($0) && $0.headSequence == 0 })
            await client.close()
            await writer.close()
        }
    }
}

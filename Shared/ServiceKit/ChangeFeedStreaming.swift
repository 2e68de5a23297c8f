import Foundation
import SwiftProtobuf
import TIBSProto
import TIBSRPC
import TIBSIdentity
import TIBSStore

/// The generic `WatchChanges(after_sequence)` of every service: the stored history after the
/// cursor, then the live tail as commits happen, until the client cancels. A follower that
/// restarts passes the last sequence it applied and misses nothing. A follower that asks for
/// progress markers (`progress_markers`) also learns the feed's head after every read, so it
/// knows when it has caught up (``FeedFollower``).
public enum ChangeFeedStreaming {
    /// Events read per store query while catching up.
    public static let batchSize = 500

    /// Registers `path` (e.g. "/tibs.registry.v1.SmeRegistry/WatchChanges") on `router`.
    /// Payloads can hold personal data, so by default only admins and services may follow.
    public static func install(
        into router: inout RPCRouter, path: String, store: ServiceStore,
        access: AccessRule = .roles([.admin, .service])
    ) {
        router.serverStreaming(path, access: access) { (request: Tibs_Common_V1_WatchChangesRequest, writer: ResponseWriter<Tibs_Common_V1_ChangeEvent>, _) in
            try await stream(from: store, after: Int64(clamping: request.afterSequence), entityTypes: Set(request.entityTypes),
                             progressMarkers: request.progressMarkers, to: writer)
        }
    }

    static func stream(from store: ServiceStore, after start: Int64, entityTypes: Set<String>, progressMarkers: Bool = false,
                       to writer: ResponseWriter<Tibs_Common_V1_ChangeEvent>) async throws {
        var cursor = start
        while true {
            try Task.checkCancellation()
            // Everything committed up to `horizon` is visible to the read that follows.
            let horizon = store.latestSequence()
            let batch = try await store.readChanges(after: cursor, limit: batchSize, entityTypes: entityTypes)
            for record in batch {
                try await writer.send(event(record, epoch: store.feedEpoch))
                cursor = record.sequence
            }
            let caughtUp = batch.count < batchSize
            if caughtUp {
                // The read saw every record up to the horizon; filtered-out ones move the cursor too,
                // so the wait below does not wake for records this follower does not want.
                cursor = max(cursor, horizon)
            }
            if progressMarkers {
                // A record committed after the horizon may be in the batch: the head is at least it.
                try await writer.send(marker(sentUpTo: cursor, head: max(horizon, batch.last?.sequence ?? 0), epoch: store.feedEpoch))
            }
            if caughtUp {
                _ = try await store.waitForChanges(after: cursor)
            }
        }
    }

    /// The wire form of one feed record of the feed `epoch` (``FeedEpoch``).
    public static func event(_ record: ChangeRecord, epoch: String = "") -> Tibs_Common_V1_ChangeEvent {
        Tibs_Common_V1_ChangeEvent.with {
            $0.feedEpoch = epoch
            $0.sequence = UInt64(record.sequence)
            $0.entityType = record.entityType
            $0.entityID = record.entityID
            $0.kind = kind(record.kind)
            $0.committedAt = Google_Protobuf_Timestamp(date: record.committedAt)
            $0.actor = record.actor
            $0.requestID = record.requestID
            $0.payloadType = record.payloadType
            $0.payload = record.payload
        }
    }

    /// A progress marker: no entity, kind unspecified; every matching change up to `sentUpTo`
    /// has been sent, and the feed's latest committed sequence is `head`; `epoch` names the feed.
    public static func marker(sentUpTo: Int64, head: Int64, epoch: String = "") -> Tibs_Common_V1_ChangeEvent {
        Tibs_Common_V1_ChangeEvent.with {
            $0.feedEpoch = epoch
            $0.sequence = UInt64(max(0, sentUpTo))
            $0.headSequence = UInt64(max(0, head))
        }
    }

    /// Whether `event` is a progress marker rather than a change.
    public static func isMarker(_ event: Tibs_Common_V1_ChangeEvent) -> Bool {
        event.kind == .unspecified && event.entityType.isEmpty
    }

    static func kind(_ kind: ChangeKind) -> Tibs_Common_V1_ChangeEvent.Kind {
        switch kind {
        case .created: .created
        case .updated: .updated
        case .deleted: .deleted
        case .erased: .erased
        }
    }
}

import SwiftProtobuf
import TIBSProto

/// Turns one change event of an upstream of `kind` into a ``ReplicaChange``: created, updated
/// and erased events carry the record (erasure keeps the business data); deleted ones remove it.
/// Entity types the replica does not keep answer nil.
enum ReplicaDecoder {
    static func change(_ event: Tibs_Common_V1_ChangeEvent, kind: UpstreamKind) throws(ReplicaRefusal) -> ReplicaChange? {
        guard let table = table(event.entityType, kind: kind) else { return nil }
        switch event.kind {
        case .deleted:
            guard !event.entityID.isEmpty else { throw ReplicaRefusal("a deleted event without an entity id") }
            return .remove(table, id: event.entityID)
        case .created, .updated, .erased:
            let record = try self.record(event, table: table)
            guard record.id == event.entityID else { throw ReplicaRefusal("the payload's id \(record.id) is not entity \(event.entityID)") }
            return .upsert(record)
        case .unspecified, .UNRECOGNIZED:
            throw ReplicaRefusal("kind \(event.kind) is not a change the replica knows")
        }
    }

    static func table(_ entityType: String, kind: UpstreamKind) -> ReplicaTable? {
        switch (kind, entityType) {
        case (.registry, "sme"): .smes
        case (.registry, "need"): .needs
        case (.registry, "offer"): .offers
        case (.registry, "broker"): .brokers
        case (.catalogue, "provider"): .providers
        case (.catalogue, "resource"): .resources
        case (.policy, "strategy"): .strategies
        default: nil
        }
    }

    static func record(_ event: Tibs_Common_V1_ChangeEvent, table: ReplicaTable) throws(ReplicaRefusal) -> ReplicaRecord {
        let sequence = Int64(clamping: event.sequence)
        switch table {
        case .smes: return .sme(try decode(event))
        case .needs: return .need(try decode(event))
        case .offers: return .offer(try decode(event))
        case .brokers: return .broker(try decode(event))
        case .providers: return .provider(try decode(event))
        case .resources: return .resource(try decode(event))
        case .strategies: return .strategy(try decode(event), setOrder: sequence)
        }
    }

    private static func decode<Payload: SwiftProtobuf.Message>(_ event: Tibs_Common_V1_ChangeEvent) throws(ReplicaRefusal) -> Payload {
        let expected = Payload.protoMessageName
        guard event.payloadType == expected else {
            throw ReplicaRefusal("payload type \(event.payloadType.isEmpty ? "(none)" : event.payloadType), expected \(expected)")
        }
        do {
            return try Payload(serializedBytes: event.payload)
        } catch {
            throw ReplicaRefusal("the payload does not decode as \(expected): \(error)")
        }
    }
}

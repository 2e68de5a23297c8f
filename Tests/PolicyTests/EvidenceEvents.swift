import Foundation
import GRDB
import SwiftProtobuf
import TIBSPolicy
import TIBSProto
import TIBSServiceKit
import TIBSStore
import TIBSTestSupport
import NIOConcurrencyHelpers

/// Registry change events as the follower hands them to ``RegistryEvidence``, and the store
/// they are applied to, so evidence and report tests need no registry.
struct EvidenceEvents {
    let store: ServiceStore
    let board = FollowerStatusBoard(upstreams: ["registry"])
    var evidence: RegistryEvidence { RegistryEvidence(upstream: "registry", board: board, logger: testEvidenceLogger) }
    private let sequence = SequenceCounter()

    static func sme(_ id: String, country: String = "LV", nuts: String = "LV008", size: Tibs_Registry_V1_SizeClass = .small,
                    s3: [String] = ["ict"]) -> Tibs_Registry_V1_Sme {
        .with {
            $0.id = id
            $0.fields = .with {
                $0.legalName = "Evidence SME \(id)"
                $0.region = .with { $0.country = country; $0.nutsCode = nuts }
                $0.s3Areas = s3.map { code in .with { $0.code = code; $0.version = "2026" } }
            }
            $0.sizeClass = size
            $0.version = 1
        }
    }

    static func survey(_ id: String, sme: String, on date: String, country: String = "LV", nuts: String = "LV008",
                       stage: Tibs_Registry_V1_InternationalisationStage = .stageExploring,
                       barriers: [String] = ["finding-reliable-partners"],
                       support: [(String, UInt32)] = [("b2b-matchmaking", 4)]) -> Tibs_Registry_V1_Survey {
        .with {
            $0.id = id
            $0.smeID = sme
            $0.region = .with { $0.country = country; $0.nutsCode = nuts }
            $0.answers = .with {
                $0.conductedOn = date
                $0.experience = .experienceOccasional
                $0.stage = stage
                $0.barriers = barriers.map { code in .with { $0.code = code } }
                $0.supportUsed = support.map { form, rating in .with { $0.form = .with { $0.code = form }; $0.usefulness = rating } }
                $0.expectedSupport = [.with { $0.code = "partner-search" }]
            }
        }
    }

    func event(_ entityType: String, _ id: String, _ kind: Tibs_Common_V1_ChangeEvent.Kind, payload: (any SwiftProtobuf.Message)?) throws -> Tibs_Common_V1_ChangeEvent {
        let payloadType = entityType == "sme" ? Tibs_Registry_V1_Sme.protoMessageName : Tibs_Registry_V1_Survey.protoMessageName
        let bytes: Data = try payload?.serializedBytes() ?? Data()
        return .with {
            $0.sequence = sequence.next()
            $0.entityType = entityType
            $0.entityID = id
            $0.kind = kind
            $0.payloadType = payload == nil ? "" : payloadType
            $0.payload = bytes
        }
    }

    /// Applies `events` in one transaction, as one follower batch.
    func apply(_ events: [Tibs_Common_V1_ChangeEvent]) async throws {
        let evidence = self.evidence
        try await store.write { db in
            for event in events { try evidence.apply(db, event) }
        }
    }

    func upsert(_ sme: Tibs_Registry_V1_Sme, kind: Tibs_Common_V1_ChangeEvent.Kind = .created) async throws {
        try await apply([try event("sme", sme.id, kind, payload: sme)])
    }

    func upsert(_ survey: Tibs_Registry_V1_Survey, kind: Tibs_Common_V1_ChangeEvent.Kind = .created) async throws {
        try await apply([try event("survey", survey.id, kind, payload: survey)])
    }

    func count(_ sql: String) async throws -> Int {
        try await store.read { db in try Int.fetchOne(db, sql: sql) ?? 0 }
    }
}

let testEvidenceLogger = testLogger("tibs.test.evidence")

/// Feed sequences for hand-made events.
final class SequenceCounter: Sendable {
    private let value = NIOLockedValueBox<UInt64>(0)
    func next() -> UInt64 { value.withLockedValue { $0 += 1; return $0 } }
}

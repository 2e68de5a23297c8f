import Foundation
import GRDB
import Testing
import TIBSDomain
@testable import TIBSMatch
import TIBSProto
import TIBSServiceApp
import TIBSStore
import TIBSTestSupport

/// The index rebuilt from stored rows: derived from the records alone (an SME stored after its
/// need still makes the need matchable), erased SMEs keep their business data, and proposals
/// refuse what is unknown, malformed or no longer matchable with the documented statuses.
@Suite struct ReplicaLoadTests {
    static let smeID = "0192e4b0-0000-7000-8000-000000000001"

    static func sme(_ id: String = smeID, erased: Bool = false) -> Tibs_Registry_V1_Sme {
        .with {
            $0.id = id
            $0.fields = .with {
                $0.legalName = "SIA Load Test"
                $0.region = .with { $0.country = "LV"; $0.nutsCode = "LV006" }
                $0.registrationID = "LV40100"
                $0.naceCodes = [.with { $0.code = "62.01" }]
            }
            $0.sizeClass = .micro
            $0.stage = .stageExploring
            $0.personalDataErased = erased
        }
    }

    static func need(_ id: String, status: Tibs_Registry_V1_ItemStatus) -> Tibs_Registry_V1_Need {
        .with {
            $0.id = id
            $0.smeID = smeID
            $0.fields = .with { $0.title = "Need \(id)"; $0.status = status; $0.kind = .technology }
        }
    }

    static func offer(_ id: String, sme: String, status: Tibs_Registry_V1_ItemStatus) -> Tibs_Registry_V1_Offer {
        .with {
            $0.id = id
            $0.smeID = sme
            $0.fields = .with { $0.title = "Offer \(id)"; $0.status = status; $0.kind = .technology }
        }
    }

    static func resource(_ id: String, status: Tibs_Catalogue_V1_ReviewStatus) -> Tibs_Catalogue_V1_Resource {
        .with {
            $0.id = id
            $0.providerID = "provider-1"
            $0.region = .with { $0.country = "FI"; $0.nutsCode = "FI1C4" }
            $0.status = status
            $0.fields = .with { $0.title = "Resource \(id)"; $0.kind = .facility; $0.accessScope = .transnational }
        }
    }

    @Test func theIndexIsDerivedFromTheRowsAloneAndProposalsRefuseAsDocumented() async throws {
        try await withTemporaryDirectory("tibs-replica-load") { directory in
            let store = try ReplicaFixture.openStore(directory)
            let changes: [(String, ReplicaChange)] = [
                ("registry-lv", .upsert(.need(Self.need("need-open", status: .open)))),
                ("registry-lv", .upsert(.need(Self.need("need-closed", status: .fulfilled)))),
                ("registry-lv", .upsert(.offer(Self.offer("offer-withdrawn", sme: "other-sme", status: .withdrawn)))),
                ("registry-lv", .upsert(.offer(Self.offer("offer-own", sme: Self.smeID, status: .open)))),
                ("registry-lv", .upsert(.sme(Self.sme(erased: true)))),
                ("registry-lv", .upsert(.sme(Self.sme("other-sme")))),
                ("catalogue-fi", .upsert(.resource(Self.resource("retired", status: .retired)))),
                ("catalogue-fi", .upsert(.resource(Self.resource("published", status: .published)))),
                ("catalogue-fi", .upsert(.resource(Self.resource("gone", status: .published)))),
                ("catalogue-fi", .remove(.resources, id: "gone")),
            ]
            try await store.write { db in for (upstream, change) in changes { try ReplicaRows.write(db, upstream: upstream, change) } }
            let replica = ReplicaFixture.replica(store, [MatchUpstream(name: "registry-lv", kind: .registry, host: "127.0.0.1", port: 1),
                                                         MatchUpstream(name: "catalogue-fi", kind: .catalogue, host: "127.0.0.1", port: 1)])
            try await replica.load()
            let open = try #require(replica.need(QualifiedID(upstream: "registry-lv", id: "need-open")))
            #expect(open.isOpen && open.nuts == "LV006" && open.smeStage == 2 && open.naceCodes == ["62.01"])
            #expect(replica.need(QualifiedID(upstream: "registry-lv", id: "need-closed"))?.isOpen == false)
            #expect(replica.teaser(sme: open.smeID) == "an SME in LV006, NACE 62.01, 1-9 staff")
            #expect(replica.candidate(QualifiedID(upstream: "catalogue-fi", id: "published")) != nil)
            #expect(replica.candidate(QualifiedID(upstream: "catalogue-fi", id: "retired")) == nil)
            #expect(replica.candidate(QualifiedID(upstream: "catalogue-fi", id: "gone")) == nil)
            #expect(replica.candidate(QualifiedID(upstream: "registry-lv", id: "offer-withdrawn")) == nil)
            #expect(replica.candidateCount == 2)  // the published resource and the SME's own open offer

            // The same state whichever order the records come in: absorb them reversed.
            var reversed = ReplicaState()
            for (upstream, change) in changes.reversed() where change.table != .resources || change.id != "gone" { reversed.absorb(change, upstream: upstream) }
            #expect(reversed.index.count == replica.candidateCount && reversed.needs == replica.snapshot.needs)

            let day = try #require(CalendarDate("2026-03-02"))
            #expect(throws: ServiceError.failedPrecondition("need registry-lv/need-closed is not open: only open needs are matched")) {
                try replica.proposal(needID: "need-closed", candidateID: "catalogue-fi/published", on: day)
            }
            #expect(throws: ServiceError.notFound(entity: "need", id: "nope")) {
                try replica.proposal(needID: "nope", candidateID: "catalogue-fi/published", on: day)
            }
            let malformed = #expect(throws: ValidationErrors.self) {
                try replica.proposal(needID: "need-open", candidateID: "published", on: day)
            }
            #expect(malformed?.fields == ["candidate_id"])
            let badNeed = #expect(throws: ValidationErrors.self) {
                try replica.proposal(needID: "registry-lv/need\u{202E}open", candidateID: "catalogue-fi/published", on: day)
            }
            #expect(badNeed?.fields == ["need_id"])
            #expect(throws: ServiceError.failedPrecondition("candidate catalogue-fi/retired is no longer matchable (retired, unpublished or withdrawn)")) {
                try replica.proposal(needID: "need-open", candidateID: "catalogue-fi/retired", on: day)
            }
            #expect(throws: ServiceError.notFound(entity: "candidate", id: "catalogue-fi/never")) {
                try replica.proposal(needID: "need-open", candidateID: "catalogue-fi/never", on: day)
            }
            #expect(throws: ServiceError.failedPrecondition("an SME is never matched with itself")) {
                try replica.proposal(needID: "need-open", candidateID: "registry-lv/offer-own", on: day)
            }
            try store.close()
        }
    }
}

import Foundation
import Testing
import TIBSMatch
import TIBSProto
import TIBSRegistry
import TIBSRPC
import TIBSTestSupport

/// The replica's methods over TLS: who may call them, how refusals look, and the answers' shape.
@Suite struct ReplicaWireTests {
    @Test func findMatchesDuplicatesAndWatchAnswerAndRefuseAsDocumented() async throws {
        try await withService(RegistryService.definition()) { registry in
            let admin = try registry.client(.admin)
            let seeker = try await ReplicaFixture.createSme(admin, name: "SIA Wire Sensors", registration: "LV40030")
            let need = try await ReplicaFixture.addNeed(admin, sme: seeker.id, ReplicaFixture.needFields("Pilot line for printed sensors"))
            let box = ReplicaBox()
            try await withService(ReplicaBox.definition(box, upstreams: [ReplicaFixture.upstream("registry-lv", .registry, registry)])) { match in
                let replica = try box.get()
                try await ReplicaFixture.whileFollowing(replica, tokenFile: try ReplicaFixture.tokenFile(match.directory)) {
                    try await ReplicaFixture.caughtUp(replica, "registry-lv", with: registry)
                    let analyst = try match.client(.analyst), broker = try match.client(.broker, regions: ["LV006"], subject: "broker-lv")
                    let integrator = try match.client(.integrator)
                    let answer: Tibs_Match_V1_FindMatchesResponse = try await analyst.unary(MatchMethods.findMatches, Tibs_Match_V1_FindMatchesRequest.with { $0.needID = need.id })
                    #expect(answer.needs.map(\.needID) == ["registry-lv/\(need.id)"])
                    #expect(answer.needs.first?.needTitle == "Pilot line for printed sensors")
                    #expect(answer.needs.first?.smeID == "registry-lv/\(seeker.id)")
                    #expect(answer.needs.first?.region.nutsCode == "LV006")
                    #expect(answer.staleUpstreams.isEmpty)
                    let bySME: Tibs_Match_V1_FindMatchesResponse = try await integrator.unary(MatchMethods.findMatches, Tibs_Match_V1_FindMatchesRequest.with { $0.smeID = "registry-lv/\(seeker.id)" })
                    #expect(bySME.needs.count == 1)

                    await expectRPCError(.invalidArgument, fields: ["need_id"]) {
                        let _: Tibs_Match_V1_FindMatchesResponse = try await analyst.unary(MatchMethods.findMatches, Tibs_Match_V1_FindMatchesRequest.with { $0.needID = need.id; $0.smeID = seeker.id })
                    }
                    await expectRPCError(.invalidArgument, fields: ["kinds[0]", "min_trl"]) {
                        let _: Tibs_Match_V1_FindMatchesResponse = try await analyst.unary(MatchMethods.findMatches, Tibs_Match_V1_FindMatchesRequest.with {
                            $0.needID = need.id
                            $0.kinds = [.unspecified]
                            $0.minTrl = 10
                        })
                    }
                    await expectRPCError(.notFound) {
                        let _: Tibs_Match_V1_FindMatchesResponse = try await analyst.unary(MatchMethods.findMatches, Tibs_Match_V1_FindMatchesRequest.with { $0.needID = "0192e4b0-0000-7000-8000-000000000000" })
                    }
                    _ = try await ReplicaFixture.updateNeed(admin, need, status: .withdrawn)
                    try await ReplicaFixture.caughtUp(replica, "registry-lv", with: registry)
                    await expectRPCError(.failedPrecondition) {
                        let _: Tibs_Match_V1_FindMatchesResponse = try await analyst.unary(MatchMethods.findMatches, Tibs_Match_V1_FindMatchesRequest.with { $0.needID = need.id })
                    }

                    let duplicates: Tibs_Match_V1_ListLikelyDuplicatesResponse = try await analyst.unary(MatchMethods.listLikelyDuplicates, Tibs_Match_V1_ListLikelyDuplicatesRequest.with { $0.country = "lv" })
                    #expect(duplicates.duplicates.isEmpty && duplicates.page.totalSize == 0)
                    await expectRPCError(.invalidArgument, fields: ["country"]) {
                        let _: Tibs_Match_V1_ListLikelyDuplicatesResponse = try await analyst.unary(MatchMethods.listLikelyDuplicates, Tibs_Match_V1_ListLikelyDuplicatesRequest.with { $0.country = "XX" })
                    }
                    await expectRPCError(.permissionDenied) {
                        let _: Tibs_Match_V1_ListLikelyDuplicatesResponse = try await integrator.unary(MatchMethods.listLikelyDuplicates, Tibs_Match_V1_ListLikelyDuplicatesRequest())
                    }

                    // Watching: brokers in their regions only; analysts never.
                    await expectRPCError(.permissionDenied) {
                        try await broker.serverStreaming(MatchMethods.watchNewCandidates, Tibs_Match_V1_WatchNewCandidatesRequest.with { $0.regions = ["LT011"] }) {
                            (stream: ResponseStream<Tibs_Match_V1_CandidateAlert>) in
                            for try await _ in stream {}
                        }
                    }
                    await expectRPCError(.invalidArgument, fields: ["regions[0]"]) {
                        try await broker.serverStreaming(MatchMethods.watchNewCandidates, Tibs_Match_V1_WatchNewCandidatesRequest.with { $0.regions = ["lv-006"] }) {
                            (stream: ResponseStream<Tibs_Match_V1_CandidateAlert>) in
                            for try await _ in stream {}
                        }
                    }
                    await expectRPCError(.permissionDenied) {
                        try await analyst.serverStreaming(MatchMethods.watchNewCandidates, Tibs_Match_V1_WatchNewCandidatesRequest()) {
                            (stream: ResponseStream<Tibs_Match_V1_CandidateAlert>) in
                            for try await _ in stream {}
                        }
                    }
                    for client in [analyst, broker, integrator] { await client.close() }
                }
            }
            await admin.close()
        }
    }
}

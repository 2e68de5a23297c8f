import Foundation
import GRDB
import Testing
import TIBSIdentity
import TIBSProto
import TIBSRegistry
import TIBSRPC
import TIBSTestSupport

@Suite struct UpdateDeleteSmeTests {
    private func created(_ client: RPCClient, _ fields: Tibs_Registry_V1_SmeFields = Fixtures.sme()) async throws -> Tibs_Registry_V1_Sme {
        try await client.unary(RegistryMethods.createSme, Tibs_Registry_V1_CreateSmeRequest.with { $0.fields = fields })
    }

    private func update(_ client: RPCClient, _ sme: Tibs_Registry_V1_Sme, version: UInt64? = nil,
                        _ change: (inout Tibs_Registry_V1_SmeFields) -> Void) async throws -> Tibs_Registry_V1_Sme {
        var fields = sme.fields
        change(&fields)
        return try await client.unary(RegistryMethods.updateSme, Tibs_Registry_V1_UpdateSmeRequest.with {
            $0.id = sme.id
            $0.expectedVersion = version ?? sme.version
            $0.fields = fields
        })
    }

    @Test func anUpdateReplacesTheFieldsAndBumpsTheVersion() async throws {
        try await withRegistry { registry in
            let broker = try registry.client(.broker, regions: ["LV008"])
            let sme = try await created(broker)
            let updated = try await update(broker, sme) { $0.headcount = 7; $0.annualTurnoverEur = 900_000 }
            #expect(updated.version == 2)
            #expect(updated.sizeClass == .micro)
            #expect(updated.fields.contacts == sme.fields.contacts)
            await broker.close()
        }
    }

    @Test func aStaleExpectedVersionIsAbortedAndChangesNothing() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            let sme = try await created(admin)
            _ = try await update(admin, sme) { $0.legalName = "Gauja Data AS" }
            try await expectUnchanged(registry.store) {
                await expectRPCError(.aborted) { _ = try await update(admin, sme, version: 1) { $0.legalName = "Lost update" } }
            }
            await admin.close()
        }
    }

    @Test func anUpdateWithoutExpectedVersionIsInvalidArgument() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            let sme = try await created(admin)
            try await expectUnchanged(registry.store) {
                await expectRPCError(.invalidArgument, fields: ["expected_version"]) { _ = try await update(admin, sme, version: 0) { _ in } }
            }
            await admin.close()
        }
    }

    @Test func anUpdateBreakingARuleNamesTheFieldAndChangesNothing() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            let sme = try await created(admin)
            try await expectUnchanged(registry.store) {
                await expectRPCError(.invalidArgument, fields: ["fields.headcount"]) { _ = try await update(admin, sme) { $0.headcount = 400 } }
            }
            await admin.close()
        }
    }

    @Test func updatingAnUnknownSMEIsNotFound() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            var ghost = Tibs_Registry_V1_Sme()
            ghost.id = "01936f4c-6d2e-7a31-9b0c-4d5e6f708192"
            ghost.version = 1
            ghost.fields = Fixtures.sme()
            try await expectUnchanged(registry.store) {
                await expectRPCError(.notFound) { _ = try await update(admin, ghost) { _ in } }
            }
            await admin.close()
        }
    }

    @Test func takingAnSMEToAnotherCountrysRegistrationIdIsAlreadyExists() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            _ = try await created(admin, Fixtures.sme(registration: "LV1"))
            let second = try await created(admin, Fixtures.sme(registration: "LV2"))
            try await expectUnchanged(registry.store) {
                await expectRPCError(.alreadyExists) { _ = try await update(admin, second) { $0.registrationID = "LV1" } }
            }
            await admin.close()
        }
    }

    @Test func aBrokerCannotMoveAnSMEIntoARegionOutsideItsScope() async throws {
        try await withRegistry { registry in
            let broker = try registry.client(.broker, regions: ["LV008"])
            let sme = try await created(broker)
            try await expectUnchanged(registry.store) {
                await expectRPCError(.permissionDenied) {
                    _ = try await update(broker, sme) { $0.region = Fixtures.region("LV", "LV006") }
                }
            }
            await broker.close()
        }
    }

    @Test func aBrokerCannotUpdateAnotherRegionsSME() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            let sme = try await created(admin)
            let other = try registry.client(.broker, regions: ["DK03"])
            try await expectUnchanged(registry.store) {
                await expectRPCError(.permissionDenied) { _ = try await update(other, sme) { $0.legalName = "Taken over" } }
            }
            await other.close()
            await admin.close()
        }
    }

    @Test func movingAnSMERestampsTheRegionOfItsNeeds() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            let sme = try await created(admin)
            let need: Tibs_Registry_V1_Need = try await admin.unary(RegistryMethods.addNeed, Tibs_Registry_V1_AddNeedRequest.with {
                $0.smeID = sme.id; $0.fields = Fixtures.need()
            })
            _ = try await update(admin, sme) { $0.region = Fixtures.region("LV", "LV006") }
            let needs: Tibs_Registry_V1_ListNeedsResponse = try await admin.unary(RegistryMethods.listNeeds, Tibs_Registry_V1_ListNeedsRequest.with {
                $0.filter.region = "LV006"
            })
            #expect(needs.needs.map(\.id) == [need.id])
            await admin.close()
        }
    }

    @Test func deletingAnSMERemovesItsNeedsOffersSurveysAndContactsAndTellsTheFeed() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            let sme = try await created(admin)
            let _: Tibs_Registry_V1_Need = try await admin.unary(RegistryMethods.addNeed, Tibs_Registry_V1_AddNeedRequest.with {
                $0.smeID = sme.id; $0.fields = Fixtures.need()
            })
            let _: Tibs_Registry_V1_Survey = try await admin.unary(RegistryMethods.recordSurvey, Tibs_Registry_V1_RecordSurveyRequest.with {
                $0.smeID = sme.id; $0.answers = Fixtures.survey()
            })
            let _: Tibs_Registry_V1_DeleteSmeResponse = try await admin.unary(RegistryMethods.deleteSme, Tibs_Registry_V1_DeleteSmeRequest.with {
                $0.id = sme.id; $0.expectedVersion = 1
            })
            let left = try await DatabaseSnapshot.take(registry.store)
            #expect(left.counts["smes"] == 0 && left.counts["sme_contacts"] == 0 && left.counts["postings"] == 0 && left.counts["surveys"] == 0)
            let kinds = try await registry.store.readChanges(after: 3, limit: 10).map { "\($0.entityType) \($0.kind)" }
            #expect(kinds == ["need deleted", "survey deleted", "sme deleted"])
            await expectRPCError(.notFound) {
                let _: Tibs_Registry_V1_Sme = try await admin.unary(RegistryMethods.getSme, Tibs_Registry_V1_GetSmeRequest.with { $0.id = sme.id })
            }
            await admin.close()
        }
    }

    @Test func deletingWithAStaleVersionIsAbortedAndDeletingByAReaderIsDenied() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            let sme = try await created(admin)
            let analyst = try registry.client(.analyst)
            try await expectUnchanged(registry.store) {
                await expectRPCError(.aborted) {
                    let _: Tibs_Registry_V1_DeleteSmeResponse = try await admin.unary(RegistryMethods.deleteSme, Tibs_Registry_V1_DeleteSmeRequest.with {
                        $0.id = sme.id; $0.expectedVersion = 7
                    })
                }
                await expectRPCError(.permissionDenied) {
                    let _: Tibs_Registry_V1_DeleteSmeResponse = try await analyst.unary(RegistryMethods.deleteSme, Tibs_Registry_V1_DeleteSmeRequest.with {
                        $0.id = sme.id
                    })
                }
            }
            await analyst.close()
            await admin.close()
        }
    }
}

import Foundation
import Testing
import TIBSIdentity
import TIBSProto
import TIBSRegistry
import TIBSRPC
import TIBSTestSupport

/// Contact persons are personal data: only admins and the SME's region brokers see them.
@Suite struct ContactPrivacyTests {
    private func seeded(_ registry: RegistryHarness) async throws -> Tibs_Registry_V1_Sme {
        let admin = try registry.client(.admin)
        defer { Task { await admin.close() } }
        return try await admin.unary(RegistryMethods.createSme, Tibs_Registry_V1_CreateSmeRequest.with { $0.fields = Fixtures.sme() })
    }

    private func get(_ client: RPCClient, _ id: String) async throws -> Tibs_Registry_V1_Sme {
        try await client.unary(RegistryMethods.getSme, Tibs_Registry_V1_GetSmeRequest.with { $0.id = id })
    }

    @Test(arguments: [(Role.analyst, [String]()), (Role.integrator, []), (Role.service, []), (Role.broker, ["DK03"])])
    func callersWithoutTheRightGetTheSMEWithContactsWithheld(role: Role, regions: [String]) async throws {
        try await withRegistry { registry in
            let sme = try await seeded(registry)
            let reader = try registry.client(role, regions: Set(regions))
            let seen = try await get(reader, sme.id)
            #expect(seen.fields.contacts.isEmpty)
            #expect(seen.contactsWithheld)
            #expect(seen.fields.legalName == sme.fields.legalName)
            let listed: Tibs_Registry_V1_ListSmesResponse = try await reader.unary(RegistryMethods.listSmes, Tibs_Registry_V1_ListSmesRequest())
            #expect(listed.smes.allSatisfy { $0.fields.contacts.isEmpty && $0.contactsWithheld })
            await reader.close()
        }
    }

    @Test func theSMEsRegionBrokerSeesContactsInGetAndList() async throws {
        try await withRegistry { registry in
            let sme = try await seeded(registry)
            let broker = try registry.client(.broker, regions: ["LV"])
            #expect(try await get(broker, sme.id).fields.contacts.map(\.email) == ["ilze.kalnina@example.lv"])
            let listed: Tibs_Registry_V1_ListSmesResponse = try await broker.unary(RegistryMethods.listSmes, Tibs_Registry_V1_ListSmesRequest())
            #expect(listed.smes.first?.fields.contacts.count == 1)
            await broker.close()
        }
    }

    @Test func theFeedNeverCarriesContactPersons() async throws {
        try await withRegistry { registry in
            _ = try await seeded(registry)
            let record = try #require(try await registry.store.readChanges(after: 0, limit: 1).first)
            let payload = try Tibs_Registry_V1_Sme(serializedBytes: record.payload)
            #expect(payload.fields.contacts.isEmpty && payload.contactsWithheld)
            #expect(!String(decoding: record.payload, as: UTF8.self).contains("ilze"))
        }
    }

    @Test func exportIsForAdminsAndRegionBrokersOnly() async throws {
        try await withRegistry { registry in
            let sme = try await seeded(registry)
            let request = Tibs_Registry_V1_ExportSmeRequest.with { $0.id = sme.id }
            let broker = try registry.client(.broker, regions: ["LV008"])
            let export: Tibs_Registry_V1_SmeExport = try await broker.unary(RegistryMethods.exportSme, request)
            #expect(export.sme.fields.contacts.count == 1)
            let otherBroker = try registry.client(.broker, regions: ["DE60"])
            await expectRPCError(.permissionDenied) {
                let _: Tibs_Registry_V1_SmeExport = try await otherBroker.unary(RegistryMethods.exportSme, request)
            }
            let analyst = try registry.client(.analyst)
            await expectRPCError(.permissionDenied) {
                let _: Tibs_Registry_V1_SmeExport = try await analyst.unary(RegistryMethods.exportSme, request)
            }
            for client in [broker, otherBroker, analyst] { await client.close() }
        }
    }

    @Test func anExportHoldsEverythingOnTheSME() async throws {
        try await withRegistry { registry in
            let sme = try await seeded(registry)
            let admin = try registry.client(.admin)
            let _: Tibs_Registry_V1_Need = try await admin.unary(RegistryMethods.addNeed, Tibs_Registry_V1_AddNeedRequest.with {
                $0.smeID = sme.id; $0.fields = Fixtures.need()
            })
            let _: Tibs_Registry_V1_Offer = try await admin.unary(RegistryMethods.addOffer, Tibs_Registry_V1_AddOfferRequest.with {
                $0.smeID = sme.id; $0.fields = Fixtures.offer()
            })
            let _: Tibs_Registry_V1_Survey = try await admin.unary(RegistryMethods.recordSurvey, Tibs_Registry_V1_RecordSurveyRequest.with {
                $0.smeID = sme.id; $0.answers = Fixtures.survey()
            })
            let export: Tibs_Registry_V1_SmeExport = try await admin.unary(RegistryMethods.exportSme, Tibs_Registry_V1_ExportSmeRequest.with { $0.id = sme.id })
            #expect(export.sme.id == sme.id && export.needs.count == 1 && export.offers.count == 1 && export.surveys.count == 1)
            #expect(export.hasExportedAt)
            await admin.close()
        }
    }
}

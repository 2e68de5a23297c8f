import Foundation
import GRDB
import Testing
import TIBSIdentity
import TIBSProto
import TIBSRegistry
import TIBSRPC
import TIBSStore
import TIBSTestSupport

/// GDPR erasure: the contact persons' personal data leaves this service entirely.
@Suite struct ErasureTests {
    static let name = "Zanda Erasurova"
    static let email = "zanda.erasure-marker@example.lv"

    /// An SME whose contact has been through a create (with a stored idempotent response),
    /// an update and page splits caused by many neighbours.
    private func seeded(_ registry: RegistryHarness, _ admin: RPCClient) async throws -> Tibs_Registry_V1_Sme {
        var fields = Fixtures.sme(contacts: [Fixtures.contact(name: Self.name, email: Self.email)])
        fields.contacts[0].phone = "+371 2900 7777"
        let sme: Tibs_Registry_V1_Sme = try await admin.unary(RegistryMethods.createSme, Tibs_Registry_V1_CreateSmeRequest.with { $0.fields = fields },
                                                               metadata: ["idempotency-key": "erasure-1"])
        _ = try await importRows(admin, count: 300) { generatedSME($0) }
        fields.contacts[0].jobTitle = "Managing director"
        return try await admin.unary(RegistryMethods.updateSme, Tibs_Registry_V1_UpdateSmeRequest.with {
            $0.id = sme.id; $0.expectedVersion = 1; $0.fields = fields
        })
    }

    private func fileBytes(_ registry: RegistryHarness) throws -> [Data] {
        try ["", "-wal"].compactMap { suffix in
            let path = registry.databasePath + suffix
            return FileManager.default.fileExists(atPath: path) ? try Data(contentsOf: URL(fileURLWithPath: path)) : nil
        }
    }

    @Test func erasureLeavesNoPersonalDataInTheDatabaseFile() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            let sme = try await seeded(registry, admin)
            #expect(try fileBytes(registry).contains { $0.range(of: Data(Self.email.utf8)) != nil }, "the marker should be there before")
            let erased: Tibs_Registry_V1_EraseSmePersonalDataResponse = try await admin.unary(
                RegistryMethods.eraseSmePersonalData, Tibs_Registry_V1_EraseSmePersonalDataRequest.with { $0.id = sme.id })
            #expect(erased.contactsErased == 1 && erased.version == 3)
            for needle in [Self.email, Self.name, "2900 7777", "erasure-marker"] {
                for bytes in try fileBytes(registry) {
                    #expect(bytes.range(of: Data(needle.utf8)) == nil, "found \(needle) in the database file")
                }
            }
            await admin.close()
        }
    }

    @Test func theErasedSMEKeepsItsBusinessDataAndSaysItWasErased() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            let sme = try await seeded(registry, admin)
            let _: Tibs_Registry_V1_EraseSmePersonalDataResponse = try await admin.unary(
                RegistryMethods.eraseSmePersonalData, Tibs_Registry_V1_EraseSmePersonalDataRequest.with { $0.id = sme.id })
            let read: Tibs_Registry_V1_Sme = try await admin.unary(RegistryMethods.getSme, Tibs_Registry_V1_GetSmeRequest.with { $0.id = sme.id })
            #expect(read.fields.contacts.isEmpty && read.personalDataErased && read.fields.legalName == sme.fields.legalName)
            await admin.close()
        }
    }

    /// Before erasure, replaying the create under its key answers differently for the right body
    /// (the stored response) and a wrong one (key reused): a guessed e-mail could be confirmed.
    /// After erasure both get the same answer, and no idempotency record mentions the SME.
    @Test func afterErasureAReplayCannotConfirmAGuessedEmail() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            let sme = try await seeded(registry, admin)
            func replay(email: String) async -> RPCError? {
                var fields = Fixtures.sme(contacts: [Fixtures.contact(name: Self.name, email: email)])
                fields.contacts[0].phone = "+371 2900 7777"
                return await expectRPCError(.alreadyExists) {
                    let _: Tibs_Registry_V1_Sme = try await admin.unary(
                        RegistryMethods.createSme, Tibs_Registry_V1_CreateSmeRequest.with { $0.fields = fields }, metadata: ["idempotency-key": "erasure-1"])
                }
            }
            let _: Tibs_Registry_V1_EraseSmePersonalDataResponse = try await admin.unary(
                RegistryMethods.eraseSmePersonalData, Tibs_Registry_V1_EraseSmePersonalDataRequest.with { $0.id = sme.id })
            let remembered = try await registry.store.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM idempotency_keys WHERE instr(response, ?) > 0", arguments: [Data(sme.id.utf8)])
            }
            #expect(remembered == 0)
            let right = await replay(email: Self.email)
            let wrong = await replay(email: "someone.else@example.lv")
            #expect(right?.code == wrong?.code && right?.detail == wrong?.detail)
            await admin.close()
        }
    }

    @Test func theErasureIsAuditedAndOnTheFeedWithoutPersonalData() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            let sme = try await seeded(registry, admin)
            let _: Tibs_Registry_V1_EraseSmePersonalDataResponse = try await admin.unary(
                RegistryMethods.eraseSmePersonalData, Tibs_Registry_V1_EraseSmePersonalDataRequest.with { $0.id = sme.id })
            let feed = try await registry.store.read { db in
                try registry.store.feed.read(db, after: 0, limit: 10_000).filter { $0.entityID == sme.id }
            }
            #expect(feed.map(\.kind) == [.created, .updated, .erased])
            #expect(feed.dropLast().allSatisfy { $0.payload.isEmpty })
            let payload = try Tibs_Registry_V1_Sme(serializedBytes: try #require(feed.last).payload)
            #expect(payload.personalDataErased && payload.fields.contacts.isEmpty)
            let audit = try await registry.store.read { db in try registry.store.audit.list(db, entityID: sme.id) }
            #expect(audit.last?.method == RegistryMethods.eraseSmePersonalData && audit.last?.actor == "admin-tester")
            await admin.close()
        }
    }

    @Test func onlyWritersOfTheSMEsRegionMayErase() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            let sme: Tibs_Registry_V1_Sme = try await admin.unary(RegistryMethods.createSme, Tibs_Registry_V1_CreateSmeRequest.with { $0.fields = Fixtures.sme() })
            let request = Tibs_Registry_V1_EraseSmePersonalDataRequest.with { $0.id = sme.id }
            let stranger = try registry.client(.broker, regions: ["DE60"])
            let analyst = try registry.client(.analyst)
            try await expectUnchanged(registry.store) {
                await expectRPCError(.permissionDenied) {
                    let _: Tibs_Registry_V1_EraseSmePersonalDataResponse = try await stranger.unary(RegistryMethods.eraseSmePersonalData, request)
                }
                await expectRPCError(.permissionDenied) {
                    let _: Tibs_Registry_V1_EraseSmePersonalDataResponse = try await analyst.unary(RegistryMethods.eraseSmePersonalData, request)
                }
                await expectRPCError(.notFound) {
                    let _: Tibs_Registry_V1_EraseSmePersonalDataResponse = try await admin.unary(RegistryMethods.eraseSmePersonalData, Tibs_Registry_V1_EraseSmePersonalDataRequest.with {
                        $0.id = "01936f4c-6d2e-7a31-9b0c-4d5e6f708192"
                    })
                }
            }
            for client in [stranger, analyst, admin] { await client.close() }
        }
    }
}

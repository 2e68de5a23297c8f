import Foundation
import Testing
import TIBSProto
import TIBSRegistry
import TIBSRPC
import TIBSTestSupport

/// Input a hostile client sends: control and bidi characters, oversized lists, queries of
/// punctuation only. Each is refused with the field named and nothing stored.
@Suite struct HostileTextTests {
    @Test(arguments: ["Gauja\u{0}Data", "\u{1B}[31mGauja Data", "Gauja Data\u{7}", "Gauja \u{202E}ataD", "Gauja\u{9B}Data"])
    func aLegalNameWithControlOrBidiCharactersIsRefusedAndNothingStored(name: String) async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            try await expectUnchanged(registry.store) {
                await expectRPCError(.invalidArgument, fields: ["fields.legal_name"]) {
                    let _: Tibs_Registry_V1_Sme = try await admin.unary(
                        RegistryMethods.createSme, Tibs_Registry_V1_CreateSmeRequest.with { $0.fields = Fixtures.sme(name: name) })
                }
            }
            await admin.close()
        }
    }

    @Test func controlCharactersAreRefusedInNestedAndLongTextsToo() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            var fields = Fixtures.sme()
            fields.contacts[0].jobTitle = "Export\u{1B}]0;owned\u{7}"
            fields.description_p = "Line one\nline two\u{202E}"
            try await expectUnchanged(registry.store) {
                await expectRPCError(.invalidArgument, fields: ["fields.description", "fields.contacts[0].job_title"]) {
                    let _: Tibs_Registry_V1_Sme = try await admin.unary(
                        RegistryMethods.createSme, Tibs_Registry_V1_CreateSmeRequest.with { $0.fields = fields })
                }
            }
            // Line breaks and tabs stay allowed in a description.
            fields = Fixtures.sme()
            fields.description_p = "Line one\r\nline two\n\tindented"
            let sme: Tibs_Registry_V1_Sme = try await admin.unary(RegistryMethods.createSme, Tibs_Registry_V1_CreateSmeRequest.with { $0.fields = fields })
            #expect(sme.fields.description_p == "Line one\r\nline two\n\tindented")
            await admin.close()
        }
    }

    @Test func oneHundredThousandDuplicateNACECodesAreOneViolation() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            var fields = Fixtures.sme()
            fields.naceCodes = Array(repeating: Fixtures.code("62.01", "2"), count: 100_000)
            let error = await expectRPCError(.invalidArgument, fields: ["fields.nace_codes"]) {
                let _: Tibs_Registry_V1_Sme = try await admin.unary(
                    RegistryMethods.createSme, Tibs_Registry_V1_CreateSmeRequest.with { $0.fields = fields })
            }
            #expect(error?.violations.first?.description == "at most 20 codes (got 100000)")
            await admin.close()
        }
    }

    @Test(arguments: ["%", "\"", "*", "% * \" -", "()"])
    func aSearchWithNoSearchableWordIsInvalidArgument(text: String) async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            let _: Tibs_Registry_V1_Sme = try await admin.unary(RegistryMethods.createSme, Tibs_Registry_V1_CreateSmeRequest.with { $0.fields = Fixtures.sme() })
            let error = await expectRPCError(.invalidArgument, fields: ["text"]) {
                let _: Tibs_Registry_V1_ListSmesResponse = try await admin.unary(
                    RegistryMethods.listSmes, Tibs_Registry_V1_ListSmesRequest.with { $0.text = text })
            }
            #expect(error?.violations.first?.description.contains("no searchable words") == true)
            await admin.close()
        }
    }

    @Test func lowerCaseCountryAndNUTSCodesAreReadAlikeAndStoredCanonical() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            let sme: Tibs_Registry_V1_Sme = try await admin.unary(
                RegistryMethods.createSme, Tibs_Registry_V1_CreateSmeRequest.with { $0.fields = Fixtures.sme(country: "lv", nuts: "lv008") })
            #expect(sme.fields.region.country == "LV" && sme.fields.region.nutsCode == "LV008")
            let listed: Tibs_Registry_V1_ListSmesResponse = try await admin.unary(
                RegistryMethods.listSmes, Tibs_Registry_V1_ListSmesRequest.with { $0.country = "lv"; $0.region = "lv008" })
            #expect(listed.smes.map(\.id) == [sme.id])
            await admin.close()
        }
    }

    @Test func anOverlongIdempotencyKeyIsNamedAsTheMetadataKeyItIs() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            try await expectUnchanged(registry.store) {
                await expectRPCError(.invalidArgument, fields: ["idempotency-key"]) {
                    let _: Tibs_Registry_V1_Sme = try await admin.unary(
                        RegistryMethods.createSme, Tibs_Registry_V1_CreateSmeRequest.with { $0.fields = Fixtures.sme() },
                        metadata: ["idempotency-key": String(repeating: "k", count: 201)])
                }
            }
            await admin.close()
        }
    }
}

import Foundation
import GRDB
import Testing
import TIBSIdentity
import TIBSProto
import TIBSRegistry
import TIBSRPC
import TIBSTestSupport

@Suite struct ImportTests {
    /// Rows 1…10 000; every row whose number ends in 01, 02 or 03 (3 %) breaks one rule.
    static func row(_ index: Int) -> Tibs_Registry_V1_SmeFields {
        var fields = generatedSME(index)
        switch index % 100 {
        case 1: fields.region.nutsCode = "ZZ99"
        case 2: fields.headcount = 0
        case 3: fields.contacts[0].email = "person\(index) at example.org"
        default: break
        }
        return fields
    }

    static let badField = [1: "fields.region.nuts_code", 2: "fields.headcount", 3: "fields.contacts[0].email"]

    @Test func tenThousandRowsWithThreePercentBadStoreTheGoodAndReportTheBadByRowNumber() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            let response = try await importRows(admin, count: 10_000, Self.row)
            #expect(response.created == 9_700 && response.rejected == 300 && response.updated == 0)
            #expect(response.results.map(\.row) == Array(1...10_000).map(UInt32.init))
            for result in response.results {
                let bad = Self.badField[Int(result.row) % 100]
                if let bad {
                    #expect(result.outcome == .rejected && result.smeID.isEmpty)
                    #expect(result.violations.map(\.field) == [bad], "row \(result.row): \(result.violations)")
                } else {
                    #expect(result.outcome == .created && !result.smeID.isEmpty)
                }
            }
            let counts = try await DatabaseSnapshot.take(registry.store).counts
            #expect(counts["smes"] == 9_700 && counts["sme_contacts"] == 9_700 && counts["change_feed"] == 9_700 && counts["audit_log"] == 9_700)
            // Nothing of a rejected row was written anywhere.
            let leaked = try await registry.store.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM smes WHERE registration_key IN ('LV-GEN-601', 'PL-GEN-1302', 'DK-GEN-9903')") ?? -1
            }
            #expect(leaked == 0)
            await admin.close()
        }
    }

    @Test func reimportingTheSameRowsUpdatesTheSMEsOfTheSameRegistrationIds() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            let first = try await importRows(admin, count: 40) { generatedSME($0) }
            let second = try await importRows(admin, count: 40) { index in
                var fields = generatedSME(index)
                fields.headcount = 30
                return fields
            }
            #expect(second.updated == 40 && second.created == 0)
            #expect(second.results.map(\.smeID) == first.results.map(\.smeID))
            let page: Tibs_Registry_V1_ListSmesResponse = try await admin.unary(RegistryMethods.listSmes, Tibs_Registry_V1_ListSmesRequest())
            #expect(page.smes.allSatisfy { $0.version == 2 && $0.fields.headcount == 30 })
            await admin.close()
        }
    }

    /// A re-import of unchanged rows (contacts with their consent included) is "unchanged": no
    /// new version, no feed event, no audit record; one changed row among them is the one update.
    @Test func reimportingUnchangedRowsWritesNothingAndSaysUnchanged() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            let first = try await importRows(admin, count: 18) { generatedSME($0) }
            #expect(first.created == 18)
            let before = try await DatabaseSnapshot.take(registry.store).counts
            let again = try await importRows(admin, count: 18) { generatedSME($0) }
            #expect(again.unchanged == 18 && again.updated == 0 && again.created == 0, "\(again.created)/\(again.updated)/\(again.unchanged)")
            #expect(again.results.allSatisfy { $0.outcome == .unchanged })
            #expect(again.results.map(\.smeID) == first.results.map(\.smeID))
            let after = try await DatabaseSnapshot.take(registry.store).counts
            #expect(after["change_feed"] == before["change_feed"] && after["audit_log"] == before["audit_log"])
            let oneChanged = try await importRows(admin, count: 18) { index in
                var fields = generatedSME(index)
                if index == 5 { fields.headcount = 31 }
                return fields
            }
            #expect(oneChanged.updated == 1 && oneChanged.unchanged == 17)
            let page: Tibs_Registry_V1_ListSmesResponse = try await admin.unary(RegistryMethods.listSmes, Tibs_Registry_V1_ListSmesRequest())
            #expect(page.smes.filter { $0.version == 2 }.count == 1 && page.smes.filter { $0.version == 1 }.count == 17)
            await admin.close()
        }
    }

    @Test func aBrokersRowsOutsideItsRegionsAreRejectedAndNothingOfThemWritten() async throws {
        try await withRegistry { registry in
            let broker = try registry.client(.broker, regions: ["LV008"])
            let response = try await importRows(broker, count: 12) { generatedSME($0) }  // every 6th row is LV008
            #expect(response.created == 2 && response.rejected == 10)
            #expect(response.results.filter { $0.outcome == .rejected }.allSatisfy { $0.violations.map(\.field) == ["fields.region.nuts_code"] })
            let counts = try await DatabaseSnapshot.take(registry.store).counts
            #expect(counts["smes"] == 2 && counts["sme_contacts"] == 2 && counts["change_feed"] == 2)
            await broker.close()
        }
    }

    @Test func readersCannotImport() async throws {
        try await withRegistry { registry in
            let analyst = try registry.client(.analyst)
            try await expectUnchanged(registry.store) {
                await expectRPCError(.permissionDenied) { _ = try await importRows(analyst, count: 3) { generatedSME($0) } }
            }
            await analyst.close()
        }
    }
}

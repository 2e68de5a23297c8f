import Foundation
import Testing
import TIBSCatalogue
import TIBSProto
import TIBSRPC
import TIBSTestSupport

@Suite struct ImportTests {
    @Test func fiveThousandRowsImportWithEveryBadRowReportedByItsNumberAndAReimportWritesNothing() async throws {
        try await withCatalogue { catalogue in
            let admin = CatalogueCalls(client: try catalogue.client(.admin))
            let provider = try await admin.createProvider()
            let badRows: Set<Int> = Set(stride(from: 97, through: 5_000, by: 250))
            let unknownProviderRow = 4_999
            let row: @Sendable (Int) -> Tibs_Catalogue_V1_ImportResourceRow = { index in
                .with {
                    $0.providerID = index == unknownProviderRow ? "01936f4c-6d2e-7a31-9b0c-4d5e6f708192" : provider.id
                    $0.fields = Generated.resource(index)
                    if badRows.contains(index) { $0.fields.trl.max = 12 }
                    if index == 3 { $0.fields.kind = .UNRECOGNIZED(99) }
                }
            }
            let first = try await Generated.importRows(admin.client, count: 5_000, row)
            let rejected = first.results.filter { $0.outcome == .rejected }
            #expect(Set(rejected.map { Int($0.row) }) == badRows.union([3, unknownProviderRow]))
            #expect(first.created == UInt32(5_000 - badRows.count - 2) && first.rejected == UInt32(badRows.count + 2))
            #expect(rejected.first { $0.row == 97 }?.violations.map(\.field) == ["fields.trl.max"])
            #expect(rejected.first { $0.row == 3 }?.violations.map(\.field) == ["fields.kind"])
            #expect(rejected.first { Int($0.row) == unknownProviderRow }?.violations.map(\.field) == ["provider_id"])
            #expect(first.results.map(\.row) == (1...5_000).map(UInt32.init))

            let head = try await catalogue.store.read { db in try catalogue.store.feed.latestSequence(db) }
            let second = try await Generated.importRows(admin.client, count: 5_000, row)
            #expect(second.unchanged == first.created && second.created == 0 && second.updated == 0)
            #expect(try await catalogue.store.read { db in try catalogue.store.feed.latestSequence(db) } == head, "an unchanged row writes no feed record")
            await admin.client.close()
        }
    }
}

import Foundation
import TIBSProto
import TIBSRPC
import TIBSCatalogue
import TIBSTestSupport

/// Deterministic generated resources for bulk tests: row `index` varies kind, S3 area, TRL,
/// scope, window and words so that combined filters select a non-trivial subset.
enum Generated {
    static let areas = ["ict", "bioeconomy", "circular-economy", "advanced-manufacturing"]
    static let words = ["sensor", "hydrogen", "forest", "logistics", "battery", "food", "maritime", "robotics"]

    static func resource(_ index: Int) -> Tibs_Catalogue_V1_ResourceFields {
        var fields = CatalogueFixtures.resource(kind: index % 5 == 0 ? .supportProgramme : .technology, title: "Generated resource \(index)")
        fields.description_p = CatalogueFixtures.longDescription + " Topic: \(words[index % words.count]) \(words[(index / 8) % words.count])."
        fields.s3Areas = [.with { $0.code = areas[index % areas.count] }]
        let low = UInt32(1 + index % 9)
        fields.trl = .with { $0.min = low; $0.max = min(9, low + UInt32(index % 3)) }
        fields.accessScope = index % 3 == 0 ? .national : .transnational
        fields.validity = .with {
            $0.opensOn = index % 7 == 0 && index % 4 != 0 ? "2023-12-01" : "2023-01-01"
            $0.closesOn = index % 4 == 0 ? "2023-10-31" : "2024-06-30"
        }
        return fields
    }

    /// Streams rows to ImportResources.
    static func importRows(_ client: RPCClient, count: Int, _ row: @escaping @Sendable (Int) -> Tibs_Catalogue_V1_ImportResourceRow)
        async throws -> Tibs_Catalogue_V1_ImportResourcesResponse {
        let rows = AsyncStream<Tibs_Catalogue_V1_ImportResourceRow> { continuation in
            for index in 1...count { continuation.yield(row(index)) }
            continuation.finish()
        }
        return try await client.clientStreaming(CatalogueMethods.importResources, requests: rows, timeout: HangBound.scaled(.seconds(300)))
    }
}

import Foundation
import TIBSProto
import TIBSRegistry
import TIBSRPC
import TIBSTestSupport

/// Streams rows to ImportSmes, made by `row` for 1...count.
func importRows(_ client: RPCClient, count: Int, _ row: @escaping @Sendable (Int) -> Tibs_Registry_V1_SmeFields) async throws -> Tibs_Registry_V1_ImportSmesResponse {
    let rows = AsyncStream<Tibs_Registry_V1_ImportSmeRow> { continuation in
        for index in 1...count { continuation.yield(.with { $0.fields = row(index) }) }
        continuation.finish()
    }
    return try await client.clientStreaming(RegistryMethods.importSmes, requests: rows, timeout: HangBound.scaled(.seconds(120)))
}

/// Valid SME fields for row `index`, spread over the partner regions.
func generatedSME(_ index: Int, regions: [(String, String)] = [("LV", "LV008"), ("PL", "PL841"), ("DK", "DK031"), ("DE", "DE60"), ("FI", "FI1C4"), ("LT", "LT011")]) -> Tibs_Registry_V1_SmeFields {
    let (country, nuts) = regions[index % regions.count]
    var fields = Fixtures.sme(registration: "\(country)-GEN-\(index)", country: country, nuts: nuts, name: "Generated company \(index)",
                              contacts: [Fixtures.contact(name: "Person \(index)", email: "person\(index)@example.org")])
    fields.naceCodes = [Fixtures.code(index % 2 == 0 ? "62.01" : "10.71", "2")]
    fields.s3Areas = [Fixtures.code(index % 3 == 0 ? "bioeconomy" : "ict")]
    return fields
}

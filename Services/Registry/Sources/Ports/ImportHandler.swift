import Foundation
import TIBSDomain
import TIBSProto
import TIBSRPC

/// ImportSmes: rows are validated and written in chunks as they arrive, so a long import
/// never holds the writer for its whole duration and memory stays bounded by a chunk.
enum ImportHandler {
    /// Rows accepted in one import call; more is RESOURCE_EXHAUSTED (split the file). Bounded
    /// so that the answer — one result of about 50 bytes per row — stays well inside the
    /// default 4 MiB frame.
    static let maxRows = 50_000

    static func register(on router: inout RPCRouter, app: RegistryApp) {
        router.clientStreaming(RegistryMethods.importSmes, access: .writers) { (rows: RequestStream<Tibs_Registry_V1_ImportSmeRow>, context) in
            let caller = try PortSupport.caller(context)
            var response = Tibs_Registry_V1_ImportSmesResponse()
            var chunk: [SMEProfile] = []
            var rowNumber: UInt32 = 0

            func flush() async throws {
                guard !chunk.isEmpty else { return }
                let first = rowNumber - UInt32(chunk.count) + 1
                let outcomes = try await app.importChunk(chunk, by: caller)
                for (offset, outcome) in outcomes.enumerated() {
                    response.results.append(result(row: first + UInt32(offset), outcome))
                }
                chunk.removeAll(keepingCapacity: true)
            }

            for try await row in rows {
                rowNumber += 1
                guard rowNumber <= maxRows else {
                    throw RPCError(.resourceExhausted, "an import takes at most \(maxRows) rows; rows up to \(maxRows) were processed")
                }
                chunk.append(EntityMapping.profile(row.fields))
                if chunk.count >= RegistryApp.importChunkSize { try await flush() }
            }
            try await flush()
            for result in response.results {
                switch result.outcome {
                case .created: response.created += 1
                case .updated: response.updated += 1
                default: response.rejected += 1
                }
            }
            return response
        }
    }

    static func result(row: UInt32, _ outcome: ImportOutcome) -> Tibs_Registry_V1_ImportRowResult {
        .with {
            $0.row = row
            switch outcome {
            case .created(let id):
                $0.outcome = .created
                $0.smeID = id
            case .updated(let id):
                $0.outcome = .updated
                $0.smeID = id
            case .rejected(let violations):
                $0.outcome = .rejected
                $0.violations = violations.map { violation in
                    .with { $0.field = "fields." + violation.field; $0.description_p = violation.description }
                }
            }
        }
    }
}

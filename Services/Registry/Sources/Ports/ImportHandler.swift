import Foundation
import TIBSDomain
import TIBSProto
import TIBSServiceApp
import TIBSServiceKit
import TIBSRPC

/// ImportSmes on the shared ``ImportStream`` loop: rows are validated and written in chunks
/// as they arrive, so a long import never holds the writer for its whole duration and memory
/// stays bounded by a chunk.
enum ImportHandler {
    /// Rows accepted in one import call; more is RESOURCE_EXHAUSTED (split the file). Bounded
    /// so that the answer — one result of about 50 bytes per row — stays well inside the
    /// default 4 MiB frame.
    static let maxRows = 50_000

    static func register(on router: inout RPCRouter, app: RegistryApp) {
        router.clientStreaming(RegistryMethods.importSmes, access: .writers) { (rows: RequestStream<Tibs_Registry_V1_ImportSmeRow>, context) in
            let caller = try PortSupport.caller(context)
            let summary = try await ImportStream.run(rows, maxRows: maxRows, chunkSize: RegistryApp.importChunkSize,
                                                     map: { EntityMapping.profile($0.fields) },
                                                     write: { try await app.importChunk($0, by: caller) })
            return Tibs_Registry_V1_ImportSmesResponse.with {
                $0.results = summary.results.map { result(row: $0.row, $0.outcome) }
                $0.created = summary.created
                $0.updated = summary.updated
                $0.unchanged = summary.unchanged
                $0.rejected = summary.rejected
            }
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
            case .unchanged(let id):
                $0.outcome = .unchanged
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

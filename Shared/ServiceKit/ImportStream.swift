import SwiftProtobuf
import TIBSDomain
import TIBSRPC
import TIBSServiceApp

/// The client-streaming bulk import of every service (ImportSmes, ImportResources): rows are
/// mapped and written in chunks as they arrive, so a long import never holds the writer for
/// its whole duration and memory stays bounded by a chunk; each row's outcome is reported
/// with its 1-based row number, and the answer counts them.
public enum ImportStream {
    /// One row's outcome with its position in the stream.
    public struct Result: Sendable, Equatable {
        public var row: UInt32
        public var outcome: ImportOutcome
    }

    /// Every row's result in order, and the counts.
    public struct Summary: Sendable {
        public var results: [Result] = []
        public var created: UInt32 = 0
        public var updated: UInt32 = 0
        public var unchanged: UInt32 = 0
        public var rejected: UInt32 = 0
    }

    /// Reads `rows` to the end: `map` turns each into the use case's input, `write` stores a
    /// chunk of at most `chunkSize` and answers one outcome per input. More than `maxRows`
    /// rows is RESOURCE_EXHAUSTED; the chunks before it are written.
    public static func run<Row: Message & Sendable, Input: Sendable>(
        _ rows: RequestStream<Row>, maxRows: Int, chunkSize: Int,
        map: (Row) -> Input, write: ([Input]) async throws -> [ImportOutcome]
    ) async throws -> Summary {
        var summary = Summary()
        var chunk: [Input] = []
        var rowNumber: UInt32 = 0

        func flush() async throws {
            guard !chunk.isEmpty else { return }
            let first = rowNumber - UInt32(chunk.count) + 1
            for (offset, outcome) in try await write(chunk).enumerated() {
                summary.results.append(Result(row: first + UInt32(offset), outcome: outcome))
                switch outcome {
                case .created: summary.created += 1
                case .updated: summary.updated += 1
                case .unchanged: summary.unchanged += 1
                case .rejected: summary.rejected += 1
                }
            }
            chunk.removeAll(keepingCapacity: true)
        }

        for try await row in rows {
            rowNumber += 1
            guard rowNumber <= maxRows else {
                throw RPCError(.resourceExhausted, "an import takes at most \(maxRows) rows; rows up to \(maxRows) were processed")
            }
            chunk.append(map(row))
            if chunk.count >= chunkSize { try await flush() }
        }
        try await flush()
        return summary
    }
}

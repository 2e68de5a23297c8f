import Foundation
import TIBSCtlKit
import TIBSRPC

/// FuzzCSVRows: `bytes` as the CSV file of `tibsctl import smes`, through its header check and
/// row code (CSVRowSource, SmeCSVColumn: header → columns, rows → `ImportSmeRow` messages via the
/// JSON transcoder), without a server. The import reads a file, so the bytes are written to one
/// in a per-process folder first. Refused headers and rows are expected outcomes.
public func fuzzCSVRows(_ bytes: Data) {
    let file = CSVSetup.shared.directory.appendingPathComponent("\(UUID().uuidString).csv")
    guard (try? bytes.write(to: file)) != nil else { return }
    defer { try? FileManager.default.removeItem(at: file) }
    _ = try? importSmeRowMessages(csvPath: file.path, transcoder: CSVSetup.shared.transcoder)
}

/// ``fuzzCSVRows(_:)`` for libFuzzer's callback.
public func fuzzCSVRowsBlocking(_ bytes: UnsafeRawBufferPointer) { fuzzCSVRows(Data(bytes)) }

struct CSVSetup: Sendable {
    let directory: URL
    let transcoder: DynamicJSON

    static let shared: CSVSetup = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tibs-fuzz-csv-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            return CSVSetup(directory: directory, transcoder: try builtInTranscoder())
        } catch {
            // reason: no temporary folder or no built-in descriptor set is a broken machine or build, not an input.
            fatalError("cannot set up the CSV harness: \(error)")
        }
    }()
}

/// tibsctl's transcoder over the descriptor set every service serves (Reflection/Describe).
func builtInTranscoder() throws -> DynamicJSON {
    DynamicJSON(pool: try DescriptorPool(fileDescriptorSet: BuiltinServices.descriptorSet))
}

import Foundation
import TIBSCtlKit

/// FuzzTranscoder: the first byte picks a message type of the built-in descriptor set (sorted by
/// name, modulo their count); the rest goes through tibsctl's DynamicJSON both ways — as JSON text
/// → protobuf binary (and that binary back to JSON), and as protobuf binary → JSON (and that JSON
/// back to binary). Refusals (bad JSON, bad wire bytes, unknown fields) are expected outcomes.
public func fuzzTranscoder(_ bytes: Data) {
    guard let first = bytes.first else { return }
    let setup = TranscoderSetup.shared
    let type = setup.types[Int(first) % setup.types.count]
    let rest = Data(bytes.dropFirst())
    let transcoder = setup.transcoder
    if let text = String(data: rest, encoding: .utf8), let json = try? JSONValue.parse(text),
       let binary = try? transcoder.binary(from: json, type: type) {
        _ = try? transcoder.json(from: binary, type: type).compactText
    }
    if let json = try? transcoder.json(from: rest, type: type) {
        if let again = try? JSONValue.parse(json.compactText) { _ = try? transcoder.binary(from: again, type: type) }
    }
}

/// ``fuzzTranscoder(_:)`` for libFuzzer's callback.
public func fuzzTranscoderBlocking(_ bytes: UnsafeRawBufferPointer) { fuzzTranscoder(Data(bytes)) }

/// The message types of the built-in descriptor set, in name order: FuzzTranscoder's first byte
/// indexes this list (seeds rely on the order).
public var fuzzTranscoderTypes: [String] { TranscoderSetup.shared.types }

struct TranscoderSetup: Sendable {
    let transcoder: DynamicJSON
    let types: [String]

    static let shared: TranscoderSetup = {
        do {
            let transcoder = try builtInTranscoder()
            return TranscoderSetup(transcoder: transcoder, types: transcoder.pool.messages.keys.sorted())
        } catch {
            // reason: a build without its descriptor set is broken, not an input.
            fatalError("cannot read the built-in descriptor set: \(error)")
        }
    }()
}

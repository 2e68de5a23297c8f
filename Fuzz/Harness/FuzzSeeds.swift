import Foundation
import NIOCore
import SwiftProtobuf
import TIBSCtlKit
import TIBSProto
import TIBSRPC

/// The seed corpus of every target, made from real inputs: the request of every example in
/// docs/api-examples.md (transcoded by tibsctl's own DynamicJSON), those requests as the frames a
/// client sends (Open with metadata, payload frames, half-close, ping, cancel, go-away), and
/// tibsctl's own CSV test file. `TIBS_FUZZ_WRITE_SEEDS=1 swift test --filter TIBSFuzzRegressionTests`
/// writes them to Fuzz/Corpus (FuzzRegressionTests).
public enum FuzzSeeds {
    /// One example of docs/api-examples.md: its method path and its JSON request (a client
    /// stream's is an array, one element per message).
    struct Example {
        let path: String
        let json: String
    }

    /// Every `### /path` heading's first `json` block; `{{name}}` placeholders become a UUIDv7-shaped id.
    static func examples(_ markdown: String) -> [Example] {
        var examples: [Example] = []
        var path: String?
        var block: [String]?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if var lines = block {
                if line.hasPrefix("```") {
                    if let current = path { examples.append(Example(path: current, json: lines.joined(separator: "\n"))) }
                    path = nil
                    block = nil
                } else {
                    lines.append(line)
                    block = lines
                }
            } else if line.hasPrefix("### /") {
                path = String(line.dropFirst(4)).trimmingCharacters(in: .whitespaces)
            } else if line.hasPrefix("```json"), path != nil {
                block = []
            }
        }
        return examples.map { Example(path: $0.path, json: placeholders($0.json)) }
    }

    static func placeholders(_ text: String) -> String {
        var text = text
        while let open = text.range(of: "{{"), let close = text.range(of: "}}", range: open.upperBound..<text.endIndex) {
            text.replaceSubrange(open.lowerBound..<close.upperBound, with: "01936b2e-7c4a-7d3e-9f10-4a2b3c4d5e6f")
        }
        return text
    }

    /// The request messages of an example (several for a client stream), or nil when it does not transcode.
    static func messages(_ example: Example, requestType: String, transcoder: DynamicJSON) -> [Data]? {
        guard let json = try? JSONValue.parse(example.json) else { return nil }
        if case .array(let items) = json {
            let messages = items.compactMap { try? transcoder.binary(from: $0, type: requestType) }
            return messages.count == items.count ? messages : nil
        }
        return (try? transcoder.binary(from: json, type: requestType)).map { [$0] }
    }

    /// Seeds per target name ("FuzzConnection", …), each a file name and its bytes.
    /// - Parameter root: the package's root folder (docs/, Tests/ are read from it).
    public static func all(root: URL) throws -> [String: [(name: String, bytes: Data)]] {
        let markdown = try String(contentsOf: root.appendingPathComponent("docs/api-examples.md"), encoding: .utf8)
        let transcoder = try builtInTranscoder()
        let methods = RequestSetup.shared.methods
        let registryPaths = Set(FuzzServices.shared.registry.foreignMethods.map(\.descriptor.path))
        let types = fuzzTranscoderTypes
        var seeds: [String: [(name: String, bytes: Data)]] = [:]
        var seen: Set<String> = []
        for example in examples(markdown) {
            // The built-in methods are in every router: the registry's is enough.
            guard let index = methods.firstIndex(where: { $0.descriptor.path == example.path }), index < 256,
                  !seen.contains(example.path) else { continue }
            seen.insert(example.path)
            let descriptor = methods[index].descriptor
            guard let messages = messages(example, requestType: descriptor.requestType, transcoder: transcoder) else { continue }
            let name = example.path.split(separator: "/").joined(separator: "-")
            let body = descriptor.kind == .clientStreaming ? joinMessages(messages) : (messages.first ?? Data())
            seeds["FuzzRequests", default: []].append((name, Data([UInt8(index)]) + body))
            if let typeIndex = types.firstIndex(of: descriptor.requestType), typeIndex < 256 {
                seeds["FuzzTranscoder", default: []].append((name + ".json", Data([UInt8(typeIndex)]) + Data(example.json.utf8)))
                if let binary = messages.first, !binary.isEmpty {
                    seeds["FuzzTranscoder", default: []].append((name + ".bin", Data([UInt8(typeIndex)]) + binary))
                }
            }
            if registryPaths.contains(example.path) {
                seeds["FuzzConnection", default: []].append((name, try frames(path: example.path, messages: messages,
                                                                            streaming: descriptor.kind == .clientStreaming)))
            }
        }
        seeds["FuzzConnection", default: []].append(("ping-goaway", try control()))
        seeds["FuzzCSVRows"] = csvSeeds()
        return seeds
    }

    /// The frames of one call as a client writes them: unary and server streaming one Open with the
    /// payload and half-close; client streaming an Open, a payload frame per message, a half-close.
    static func frames(path: String, messages: [Data], streaming: Bool) throws -> Data {
        var open = Tibs_Rpc_V1_Open()
        open.method = path
        open.timeoutMs = 5000
        open.metadata = ["authorization": "Bearer fuzz", "x-request-id": "seed-1", "idempotency-key": "seed-key"]
        var frames: [Tibs_Rpc_V1_Frame] = []
        var first = Tibs_Rpc_V1_Frame()
        first.callID = 1
        if streaming {
            first.open = open
            frames.append(first)
            for message in messages {
                var frame = Tibs_Rpc_V1_Frame()
                frame.callID = 1
                frame.payload = message
                frames.append(frame)
            }
            var halfClose = Tibs_Rpc_V1_Frame()
            halfClose.callID = 1
            halfClose.halfClose = Tibs_Rpc_V1_HalfClose()
            frames.append(halfClose)
        } else {
            open.payload = messages.first ?? Data()
            open.halfClose = true
            first.open = open
            frames.append(first)
        }
        return try encode(frames)
    }

    /// Ping, a call opened then cancelled, and go-away: the connection-level frames.
    static func control() throws -> Data {
        var ping = Tibs_Rpc_V1_Frame()
        ping.ping = Tibs_Rpc_V1_Ping()
        ping.ping.data = 7
        var open = Tibs_Rpc_V1_Frame()
        open.callID = 3
        open.open.method = "/tibs.registry.v1.SmeRegistry/WatchChanges"
        var cancel = Tibs_Rpc_V1_Frame()
        cancel.callID = 3
        cancel.cancel = Tibs_Rpc_V1_Cancel()
        var goAway = Tibs_Rpc_V1_Frame()
        goAway.goAway.code = 0
        goAway.goAway.detail = "bye"
        return try encode([ping, open, cancel, goAway])
    }

    static func encode(_ frames: [Tibs_Rpc_V1_Frame]) throws -> Data {
        var bytes = Data()
        for frame in frames {
            let buffer = try FrameCoding.encode(frame)
            bytes.append(contentsOf: buffer.readableBytesView)
        }
        return bytes
    }

    /// tibsctl's import test file (RegistryCommandTests: good rows, a bad number, a quoted comma, an
    /// unknown region, a short row, a blank line), and a file with every column.
    static func csvSeeds() -> [(name: String, bytes: Data)] {
        let mixed = """
            legal_name,country,nuts_code,registration_id,headcount,annual_turnover_eur,nace_codes,s3_areas,languages,contact_name,contact_email,contact_consent
            Gauja Data SIA,LV,LV008,LV40003245652,24,3100000,62.01@2,ict;smart-cities,lv;en,Ilze Kalniņa,ilze@example.lv,yes
            Bad Headcount SIA,LV,LV008,LV40003245653,many,100,,ict,lv,,,
            "Podlasie Dairy, Sp. z o.o.",PL,PL84,PL5420000001,120,20000000,10.51@2,bioeconomy,pl,,,
            Nowhere Ltd,LV,XX999,LV40003245654,5,100,62.01@2,ict,lv,,,
            Short Row SIA,LV,LV008
            Hamburg Logistics GmbH,DE,DE60,DE811111111,45,9000000,52.29@2,ict,de,,,

            """
        let every = """
            \u{FEFF}Legal_Name ,country,nuts_code,registration_id,headcount,annual_turnover_eur,balance_sheet_total_eur,nace_codes,s3_areas,description,languages,website,assigned_broker_id,contact_name,contact_email,contact_phone,contact_job_title,contact_consent
            Tartu Sensors OÜ,EE,EE008,EE12345678,12,900000,400000,26.51@2;72.19@2,ict,"Sensors, ""smart"" ones",et;en,https://example.ee,broker-1,Mari Tamm,mari@example.ee,+372 555 0000,CEO,no

            """
        return [("smes-mixed.csv", Data(mixed.utf8)), ("smes-every-column.csv", Data(every.utf8))]
    }
}

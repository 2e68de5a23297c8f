import ArgumentParser
import Foundation
import TIBSProto

/// `tibsctl watch SERVICE [--from N] [--types a,b] [--limit N] [--json]`: a service's change feed
/// (WatchChanges), each event with its payload decoded by `payload_type` through the server's own
/// descriptors — a one-line summary, or one JSON object per line; never the payload's base64.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch", abstract: "Follow a service's change feed, payloads decoded.",
        discussion: """
        SERVICE is registry, catalogue, policy or match (its address from --address or the service's \
        setting, as its typed commands). The feed is read from its start, or from sequence --from; the \
        stream does not end by itself: --limit N, or Ctrl-C. A line shows the sequence, kind, entity \
        type and id, actor and time, then the payload as one line of JSON (cut at \
        \(WatchLine.payloadLimit) characters; --json prints every event whole).
        """)
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "registry, catalogue, policy or match.") var service: String
    @Option(help: "The first sequence to show (default 1: the start of the feed).") var from: UInt64?
    @Option(help: "Entity types, comma-separated (e.g. sme,need); default: all.") var types: String?
    @Option(help: "Stop after this many events.") var limit: Int?

    func validate() throws {
        _ = try endpoint()
        if let from, from < 1 { throw CLIFailure.usage("--from: sequences start at 1") }
        if let limit, limit < 1 { throw CLIFailure.usage("--limit: \(limit) is not a positive number") }
        _ = try entityTypes()
    }

    func endpoint() throws(CLIFailure) -> ServiceEndpoint {
        guard let endpoint = ServiceEndpoint.named(service.lowercased()) else {
            throw CLIFailure.usage("'\(TerminalText.escape(service))' is not a service: one of registry, catalogue, policy, match")
        }
        return endpoint
    }

    /// `--types` as a list; each a lower-case word (entity types are: "sme", "need", "resource", …).
    func entityTypes() throws(CLIFailure) -> [String] {
        guard let types else { return [] }
        let list = splitList(types)
        if list.isEmpty { throw CLIFailure.usage("--types: give at least one entity type, e.g. sme,need") }
        for type in list where type.isEmpty || type.count > 64 || !type.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || $0 == "_" || $0 == "-" }) {
            throw CLIFailure.usage("--types: '\(TerminalText.escape(type))' is not an entity type (lower-case letters, '_' or '-')")
        }
        return list
    }

    func run() async throws {
        let endpoint = try endpoint()
        let request = object([("afterSequence", from.map { .string(String($0 - 1)) }), ("entityTypes", strings(try entityTypes().joined(separator: ",")))])
        let limit = self.limit
        let json = output.json
        let timeout = connection.timeout.map { Duration.milliseconds(Int64($0 * 1000)) }
        try await ServiceClient.with(connection, service: endpoint) { client in
            let target = try client.description.method(client.service + "WatchChanges")
            let body = try client.transcoder.binary(from: request, type: target.requestType)
            try await client.session.client.serverStreamingRaw(target.name, body, metadata: [:], timeout: timeout) { responses in
                var count = 0
                for try await message in responses {
                    let line = try WatchLine(message, transcoder: client.transcoder, eventType: target.responseType)
                    Console.out(json ? line.json.compactText : line.text)
                    count += 1
                    if let limit, count >= limit { break }
                }
            }
        }
    }
}

/// One change event as `watch` prints it: the payload decoded by its `payload_type`.
struct WatchLine {
    /// Payload JSON longer than this is cut in the one-line form.
    static let payloadLimit = 400

    let event: Tibs_Common_V1_ChangeEvent
    /// The kind's short name ("created"), spelled as every enum in tibsctl's output.
    let kind: String
    /// The event as JSON with `payload` decoded (null when there is none or its type is unknown).
    let json: JSONValue
    /// Why the payload could not be decoded, if it could not.
    let payloadProblem: String?

    init(_ bytes: Data, transcoder: DynamicJSON, eventType: String) throws {
        event = try Tibs_Common_V1_ChangeEvent(serializedBytes: bytes)
        var json = try transcoder.json(from: bytes, type: eventType)
        let kindName = json["kind"]?.cell ?? "KIND_UNSPECIFIED"
        kind = transcoder.pool.enums["tibs.common.v1.ChangeEvent.Kind"]?.shortName(kindName) ?? kindName.lowercased()
        var problem: String?
        if event.payload.isEmpty {
            json = json.removing(["payload"])
        } else {
            do {
                json = json.setting(["payload"], try transcoder.json(from: event.payload, type: event.payloadType))
            } catch {
                problem = "payload of \(event.payload.count) bytes not decoded: \(error)"
                json = json.setting(["payload"], .null).setting(["payloadProblem"], .string(problem ?? ""))
            }
        }
        self.json = json
        payloadProblem = problem
    }

    /// "#12 created sme 0190… by anna@vidzeme at 2026-…  {…}".
    var text: String {
        var line = "#\(event.sequence) \(kind) \(event.entityType) \(event.entityID)"
        if !event.actor.isEmpty { line += " by \(event.actor)" }
        if let at = json["committedAt"]?.cell { line += " at \(at)" }
        if let problem = payloadProblem {
            line += "  (\(problem))"
        } else if let payload = json["payload"] {
            let text = payload.compactText
            line += "  " + (text.count > Self.payloadLimit
                ? String(text.prefix(Self.payloadLimit)) + "… (\(text.count - Self.payloadLimit) more characters; --json for all)"
                : text)
        }
        return TerminalText.escape(line)
    }
}

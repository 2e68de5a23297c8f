import ArgumentParser
import Foundation
import TIBSRPC

/// `tibsctl call [address] method [JSON | @file | -]`: any method of any TIBS server, JSON in and out,
/// through the server's own descriptors (Reflection/Describe) — grpcurl for TIBS-RPC.
struct CallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "call",
        abstract: "Call any method with a JSON request and print the JSON response.",
        discussion: """
        Arguments: [address] method [request]. The address may be left out when --address, TIBS_ADDRESS \
        or a profile gives it. The method is a full path (/tibs.registry.v1.SmeRegistry/GetSme), \
        Service/Method, or a method name only one service has. The request is JSON text, @file, or - \
        for standard input; none means {}. Server-streaming methods print one JSON object per line; \
        client-streaming methods read one JSON request per line.
        """)

    @OptionGroup var connection: ConnectionOptions

    @Flag(name: .long, help: "Print unary responses on one line.")
    var compact = false

    @Option(name: .customLong("metadata"), help: "Extra call metadata key=value (repeatable), e.g. idempotency-key=abc.")
    var metadata: [String] = []

    @Option(name: .long, help: "Server streaming: stop after this many messages (change feeds never end by themselves).")
    var limit: Int?

    @Argument(help: "[address] method [request]")
    var arguments: [String]

    func run() async throws {
        let (address, method, request) = try Self.split(arguments)
        let settings = try ConnectionSettings.resolve(connection, address: address)
        let extra = try parseMetadata(metadata)
        try await Session.with(settings) { session in
            let description = try await session.describe()
            let target = try description.method(method)
            let transcoder = description.transcoder
            let input = RequestInput(argument: request)
            if target.clientStreaming {
                let requests = JSONLineRequests(input: input, transcoder: transcoder, type: target.requestType)
                let result = try await session.client.clientStreamingRaw(target.name, requests: requests, metadata: extra, timeout: session.timeout)
                let response = try transcoder.json(from: result.response, type: target.responseType)
                Console.out(render(response, compact: compact))
                // One rule with `import smes|resources`: an answer that rejected rows is partial (9).
                if Self.rejectedSome(response) { throw CLIFailure(.partial, "") }
                return
            }
            let body = try transcoder.binary(from: JSONValue.parse(input.readAll()), type: target.requestType)
            if target.serverStreaming {
                let limit = self.limit
                try await session.client.serverStreamingRaw(target.name, body, metadata: extra, timeout: connection.timeout.map { .milliseconds(Int64($0 * 1000)) }) { responses in
                    var count = 0
                    for try await message in responses {
                        Console.out(try transcoder.json(from: message, type: target.responseType).compactText)
                        count += 1
                        if let limit, count >= limit { break }
                    }
                }
            } else {
                let result = try await session.client.unaryRaw(target.name, body, metadata: extra, timeout: session.timeout)
                Console.out(try render(transcoder.json(from: result.response, type: target.responseType), compact: compact))
            }
        }
    }

    private func render(_ json: JSONValue, compact: Bool) -> String { compact ? json.compactText : json.prettyText }

    /// Whether a bulk answer (ImportSmes, ImportResources) counts rejected rows.
    static func rejectedSome(_ response: JSONValue) -> Bool {
        guard let rejected = response["rejected"] else { return false }
        return rejected != .number("0") && rejected != .string("0")
    }

    /// Sorts the positional arguments into address, method and request (see the discussion).
    static func split(_ arguments: [String]) throws(CLIFailure) -> (String?, String, String?) {
        switch arguments.count {
        case 1: return (nil, arguments[0], nil)
        case 2:
            if looksLikeRequest(arguments[1]) { return (nil, arguments[0], arguments[1]) }
            return (arguments[0], arguments[1], nil)
        case 3: return (arguments[0], arguments[1], arguments[2])
        default: throw CLIFailure.usage("expected [address] method [request], got \(arguments.count) arguments")
        }
    }

    static func looksLikeRequest(_ text: String) -> Bool {
        let first = text.trimmingCharacters(in: .whitespaces).first
        return first == "{" || first == "[" || first == "@" || text == "-"
    }
}

func parseMetadata(_ pairs: [String]) throws(CLIFailure) -> [String: String] {
    var metadata: [String: String] = [:]
    for pair in pairs {
        guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
            throw CLIFailure.usage("metadata must be key=value, not '\(pair)'")
        }
        metadata[pair[..<equals].lowercased()] = String(pair[pair.index(after: equals)...])
    }
    return metadata
}

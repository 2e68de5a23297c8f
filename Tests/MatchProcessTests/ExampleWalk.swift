import Foundation
import Testing
import TIBSCtlKit
import TIBSProto
import TIBSRPC
import TIBSTestSupport

/// docs/api-examples.md sent in document order to the real servers of a ``MatchSystem`` in-process
/// (the JSON transcoded with each server's own descriptors, as `tibsctl call` does), an admin
/// sending each example, with a ``ExampleVisitor`` around every call: the frame of the tests that
/// hold every served method to a rule (authorisation, hostile text).
struct ExampleWalk {
    struct Server {
        let name: String
        let port: Int
        let description: ServerDescription
        let admin: RPCClient
    }

    let servers: [Server]
    var bindings = APIExampleBindings()
    /// Whether `Check:` lines are verified (a walk that changes what examples store turns it off).
    var checksAnswers = true

    static func start(_ system: MatchSystem) async throws -> ExampleWalk {
        var servers: [Server] = []
        for (name, port) in [("registry", system.registry.port), ("catalogue", system.catalogue.port),
                             ("policy", system.policy.port), ("match", system.match.port)] {
            let admin = try makeTestClient(port: port, token: TestPKI.shared.token(.admin, subject: "example-admin"))
            let answer: Tibs_Reflection_V1_DescribeResponse = try await admin.unary(BuiltinServices.describePath, Tibs_Reflection_V1_DescribeRequest())
            servers.append(Server(name: name, port: port, description: try ServerDescription(answer), admin: admin))
        }
        return ExampleWalk(servers: servers)
    }

    func close() async {
        for server in servers { await server.admin.close() }
    }

    /// Whether some server serves `method`.
    func serves(_ method: String) -> Bool {
        servers.contains { $0.description.methods.contains { $0.name == method } }
    }

    /// Every example to every server that serves its method: the visitor's `before`, the admin's
    /// call (the visitor's `send`), the documented status compared, values bound, the visitor's `after`.
    /// `Check:` lines are verified unless the visitor changed the request they read back.
    mutating func run<Visitor: ExampleVisitor>(_ examples: [APIExample], _ visitor: inout Visitor) async throws {
        for example in examples {
            for server in servers {
                guard let method = server.description.methods.first(where: { $0.name == example.method }) else { continue }
                let call = Call(method: method, request: try bindings.substitute(example.request), transcoder: server.description.transcoder,
                                streamMessages: example.streamMessages, line: example.line, server: server.name)
                try await visitor.before(call, example: example, server: server)
                let (answer, rewritten) = try await visitor.send(call, example: example, server: server)
                guard answer.status == example.expectation.status else {
                    Issue.record("\(call.place): the admin got \(answer.status), documented \(example.expectation.status): \(answer.detail)")
                    continue
                }
                if let text = answer.firstJSON, !method.serverStreaming {
                    try bindings.bind(example.bindings, from: text)
                    if !rewritten && checksAnswers { try APIExampleBindings.verify(example.checks, in: text) }
                }
                try await visitor.after(call, example: example, server: server, answer: answer)
            }
        }
    }
}

/// What a test does around each example's call in an ``ExampleWalk``.
protocol ExampleVisitor {
    mutating func before(_ call: Call, example: APIExample, server: ExampleWalk.Server) async throws
    /// The admin's call: by default the example's request; answers whether the request was changed.
    mutating func send(_ call: Call, example: APIExample, server: ExampleWalk.Server) async throws -> (Call.Answer, rewritten: Bool)
    mutating func after(_ call: Call, example: APIExample, server: ExampleWalk.Server, answer: Call.Answer) async throws
}

extension ExampleVisitor {
    mutating func before(_ call: Call, example: APIExample, server: ExampleWalk.Server) async throws {}
    mutating func send(_ call: Call, example: APIExample, server: ExampleWalk.Server) async throws -> (Call.Answer, rewritten: Bool) {
        (try await call.send(server.admin), false)
    }
    mutating func after(_ call: Call, example: APIExample, server: ExampleWalk.Server, answer: Call.Answer) async throws {}
}

/// One example's request to one server, sent by any client as the method's shape requires.
struct Call {
    let method: Tibs_Reflection_V1_MethodDescription
    let request: String
    let transcoder: DynamicJSON
    let streamMessages: Int?
    let line: Int
    let server: String

    var place: String { "docs/api-examples.md line \(line): \(method.name) on \(server)" }

    /// The same call with another request.
    func with(request: String) -> Call {
        Call(method: method, request: request, transcoder: transcoder, streamMessages: streamMessages, line: line, server: server)
    }

    struct Answer {
        var status: String
        var detail = ""
        var violations: [Violation] = []
        var messages: [Data] = []
        var transcoder: DynamicJSON?
        var type = ""

        var firstJSON: String? {
            guard let first = messages.first, let transcoder else { return nil }
            return try? transcoder.json(from: first, type: type).compactText
        }
    }

    func requestCount() throws -> Int {
        guard case .array(let items) = try JSONValue.parse(request) else { return 1 }
        return items.count
    }

    /// The answer's status name and messages; a stream is read for the documented number of
    /// messages (or one).
    func send(_ client: RPCClient) async throws -> Answer {
        let timeout = HangBound.scaled(.seconds(120))
        var answer = Answer(status: "OK", transcoder: transcoder, type: method.responseType)
        do {
            if method.clientStreaming {
                guard case .array(let items) = try JSONValue.parse(request) else { throw ProcessTestError("\(place): a client stream's request must be an array") }
                let bodies = try items.map { try transcoder.binary(from: $0, type: method.requestType) }
                let requests = AsyncStream<Data> { continuation in
                    for body in bodies { continuation.yield(body) }
                    continuation.finish()
                }
                answer.messages = [try await client.clientStreamingRaw(method.name, requests: requests, timeout: timeout).response]
            } else if method.serverStreaming {
                let body = try transcoder.binary(from: JSONValue.parse(request), type: method.requestType)
                let wanted = streamMessages ?? 1
                answer.messages = try await client.serverStreamingRaw(method.name, body, timeout: timeout) { responses in
                    var messages: [Data] = []
                    for try await message in responses {
                        messages.append(message)
                        if messages.count >= wanted { break }
                    }
                    return messages
                }
            } else {
                let body = try transcoder.binary(from: JSONValue.parse(request), type: method.requestType)
                answer.messages = [try await client.unaryRaw(method.name, body, timeout: timeout).response]
            }
        } catch let error as RPCError {
            answer.status = error.code.description
            answer.detail = error.detail
            answer.violations = error.violations
        }
        return answer
    }
}

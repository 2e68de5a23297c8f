import Foundation
import Testing
import TIBSProto
import TIBSRPC
import TIBSTestSupport

/// docs/api-examples.md executed: real tibs-registry, tibs-catalogue, tibs-policy (following the
/// registry) and tibs-match processes with the demo data loaded by the real `tibs-demo`, every
/// example sent in document order with the real `tibsctl call` to each server whose
/// Reflection/Describe lists its method, and its status compared with the documented one. Every
/// method a server serves must have an example, and every example must name a served method.
@Suite(.serialized)
struct APIExamplesTests {
    static let document = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/api-examples.md")
    static let repository = document.deletingLastPathComponent().deletingLastPathComponent()
    /// A stream that gives fewer messages than documented fails with DEADLINE_EXCEEDED after this
    /// long instead of waiting for ever (generous: the messages are there at once when they are).
    static let streamTimeoutSeconds = String(120 * HangBound.scale)

    @Test func everyDocumentedExampleAnswersItsDocumentedStatus() async throws {
        let examples = try APIExampleDocument.parse(String(contentsOf: Self.document, encoding: .utf8))
        #expect(examples.count >= 60, "the document holds every method's example: \(examples.count)")
        let (system, _) = try await MatchSystem.start(policyFollowsRegistry: true, seed: { _ in }, beforeMatch: Self.loadDemo)
        do {
            try await system.waitUntilServing()
            let policyClient = try system.policy.client(.admin)
            let servers = [("registry", system.registry.port, system.registryClient), ("catalogue", system.catalogue.port, system.catalogueClient),
                           ("policy", system.policy.port, policyClient), ("match", system.match.port, system.matchClient)]
            var described: [APIExampleCoverage.Server] = []
            for (name, _, client) in servers {
                let answer: Tibs_Reflection_V1_DescribeResponse = try await client.unary(BuiltinServices.describePath, Tibs_Reflection_V1_DescribeRequest())
                described.append(.init(name: name, methods: Set(answer.methods.map(\.name))))
            }
            await policyClient.close()
            for problem in APIExampleCoverage.problems(examples, servers: described) { Issue.record("\(problem)") }

            let ports = Dictionary(uniqueKeysWithValues: servers.map { ($0.0, $0.1) })
            let environment = system.tibsctlEnvironment(.admin).filter { $0.key != "TIBS_MATCH_ADDRESS" }
            var bindings = APIExampleBindings()
            var sent = 0
            for example in examples {
                let targets = APIExampleCoverage.targets(of: example.method, in: described)
                if targets.count > 1 && !example.bindings.isEmpty {
                    Issue.record("line \(example.line): \(example.method) goes to \(targets.count) servers, so it cannot bind values")
                    continue
                }
                for target in targets {
                    sent += 1
                    do {
                        // reason: every target came from `servers`, which `ports` was made from.
                        let answer = try await Self.send(example, to: ports[target.name]!, bindings: bindings, environment: environment)
                        try bindings.bind(example.bindings, from: answer)
                    } catch {
                        Issue.record("docs/api-examples.md line \(example.line): \(example.method) on \(target.name): \(error)")
                    }
                }
            }
            // Built-in methods go to each of the four servers, every other method to its own.
            let builtIns = examples.filter { APIExampleCoverage.targets(of: $0.method, in: described).count == servers.count }.count
            #expect(builtIns >= 3 && sent == examples.count + builtIns * (servers.count - 1), "\(sent) calls for \(examples.count) examples")
        } catch {
            await system.stop()
            throw error
        }
        await system.stop()
    }

    /// Sends one example with `tibsctl call`; answers its standard output, or throws when the
    /// status (or the stream's length, or the message) is not the documented one.
    static func send(_ example: APIExample, to port: Int, bindings: APIExampleBindings, environment: [String: String]) async throws -> String {
        let request = try bindings.substitute(example.request)
        var arguments = ["call", "127.0.0.1:\(port)", example.method]
        var stdin: String?
        if request.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("[") {
            arguments.append("-")
            stdin = try jsonLines(request)
        } else {
            arguments.append(request)
        }
        if let count = example.streamMessages { arguments += ["--limit", String(count), "--timeout", streamTimeoutSeconds] }
        let run = try await Run.tibsctl(arguments, environment: environment, stdin: stdin)
        let status = answeredStatus(run)
        guard status == example.expectation.status else {
            throw ProcessTestError("expected \(example.expectation.status), got \(status) (exit \(run.status)): \(run.stderr.prefix(800))")
        }
        if !example.expectation.messageContains.isEmpty && !run.stderr.contains(example.expectation.messageContains) {
            throw ProcessTestError("the \(status) message does not contain '\(example.expectation.messageContains)': \(run.stderr.prefix(800))")
        }
        try APIExampleBindings.verify(example.checks, in: run.stdout)
        if let count = example.streamMessages, status == "OK" {
            let messages = run.jsonLines.filter { !$0.isEmpty }
            guard messages.count == count else { throw ProcessTestError("expected \(count) stream messages, got \(messages.count)") }
        }
        return run.stdout
    }

    /// The status tibsctl reports: OK for exit 0, else the status name its message begins with
    /// ("tibsctl: NOT_FOUND: no SME …"); anything else (a usage error in the example's JSON, an
    /// unreachable server) as a description that matches no status.
    static func answeredStatus(_ run: Finished) -> String {
        if run.status == 0 { return "OK" }
        let message = run.stderr.split(separator: "\n").first.map(String.init) ?? ""
        let prefix = "tibsctl: "
        if message.hasPrefix(prefix) {
            let name = message.dropFirst(prefix.count).prefix { $0 != ":" }
            if !name.isEmpty, name.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || $0 == "_" }) { return String(name) }
        }
        return "a tibsctl failure without a status (exit \(run.status))"
    }

    /// A client-streaming example's JSON array as one compact JSON request per line (what
    /// `tibsctl call … -` reads).
    static func jsonLines(_ array: String) throws -> String {
        guard let elements = try JSONSerialization.jsonObject(with: Data(array.utf8)) as? [Any] else {
            throw ProcessTestError("a client-streaming request must be a JSON array")
        }
        return try elements.map { String(decoding: try JSONSerialization.data(withJSONObject: $0, options: [.withoutEscapingSlashes]), as: UTF8.self) }
            .joined(separator: "\n") + "\n"
    }

    /// The demo data as `scripts/run-system` loads it: `tibs-demo` into the registry, the catalogue
    /// and the policy service (once the policy service has caught up with the registry's feed).
    static func loadDemo(_ upstreams: MatchSystem.Upstreams) async throws {
        guard Binaries.exists("tibs-demo") else { throw ProcessTestError("tibs-demo is not built; run `swift build --product tibs-demo` (scripts/test does)") }
        let token = upstreams.root.appendingPathComponent("demo-admin.token")
        try Data(TestPKI.shared.token(.admin, subject: "tibs-demo", ttl: 86_400).utf8).write(to: token)
        let demo = Self.repository
        let run = try await Run.program(Binaries.path("tibs-demo"), [
            "--address", "localhost:\(upstreams.registry.port)", "--catalogue-address", "localhost:\(upstreams.catalogue.port)",
            "--policy-address", "localhost:\(upstreams.policy.port)", "--ca", upstreams.root.appendingPathComponent("match/ca.pem").path,
            "--token-file", token.path, "--catch-up-seconds", "300",
            "--data", demo.appendingPathComponent("Services/Registry/Demo/demo-registry.json").path,
            "--catalogue-data", demo.appendingPathComponent("Services/Catalogue/Demo/demo-catalogue.json").path,
            "--policy-data", demo.appendingPathComponent("Services/Policy/Demo/demo-policy.json").path,
        ])
        guard run.status == 0 else { throw ProcessTestError("tibs-demo failed (exit \(run.status)): \(run.stderr.suffix(2000))") }
    }
}

/// The document's own rules, on small documents: what the coverage check reports, and the
/// mistakes in an example that fail the test instead of being skipped.
struct APIExampleDocumentTests {
    static let registry = APIExampleCoverage.Server(name: "registry", methods: ["/tibs.registry.v1.SmeRegistry/GetSme", "/tibs.health.v1.Health/Check"])
    static let match = APIExampleCoverage.Server(name: "match", methods: ["/tibs.match.v1.Matchmaking/GetMatch", "/tibs.health.v1.Health/Check"])

    static func document(_ methods: [String]) -> String {
        methods.map { "### \($0)\n\n```json\n{}\n```\n\nExpect: OK\n" }.joined(separator: "\n")
    }

    @Test func aServedMethodWithoutExampleAndAnExampleOfNoMethodAreBothNamed() throws {
        let examples = try APIExampleDocument.parse(Self.document(["/tibs.registry.v1.SmeRegistry/GetSme", "/tibs.health.v1.Health/Check",
                                                                   "/tibs.registry.v1.SmeRegistry/GetSmee"]))
        let problems = APIExampleCoverage.problems(examples, servers: [Self.registry, Self.match])
        #expect(problems == ["docs/api-examples.md line 17: /tibs.registry.v1.SmeRegistry/GetSmee is served by no service (registry, match)",
                             "/tibs.match.v1.Matchmaking/GetMatch, served by match, has no example in docs/api-examples.md"])
        #expect(APIExampleCoverage.targets(of: "/tibs.health.v1.Health/Check", in: [Self.registry, Self.match]).map(\.name) == ["registry", "match"])
        #expect(APIExampleCoverage.targets(of: "/tibs.match.v1.Matchmaking/GetMatch", in: [Self.registry, Self.match]).map(\.name) == ["match"])
    }

    @Test func anExampleIsReadWithItsExpectationBindingsChecksAndStream() throws {
        let text = """
        # Title

        ```sh
        tibsctl call …
        ```

        ### /tibs.registry.v1.SmeRegistry/WatchChanges

        Prose.

        ```json
        {"afterSequence": "0"}
        ```

        Expect: NOT_FOUND — no SME 01a2
        Bind: a = id, b_2 = needs[0].candidates[1].id
        Check: needs[0].needTitle = Water = meters
        Stream: 2 messages

        ## Next section
        """
        let examples = try APIExampleDocument.parse(text)
        #expect(examples == [APIExample(method: "/tibs.registry.v1.SmeRegistry/WatchChanges", line: 7, request: "{\"afterSequence\": \"0\"}",
                                        expectation: .init(status: "NOT_FOUND", messageContains: "no SME 01a2"),
                                        bindings: [.init(name: "a", path: "id"), .init(name: "b_2", path: "needs[0].candidates[1].id")],
                                        checks: [.init(path: "needs[0].needTitle", value: "Water = meters")], streamMessages: 2)])
    }

    @Test(arguments: [
        ("### /tibs.registry.v1.SmeRegistry/GetSme\n\nExpect: OK\n", "'Expect:' before the request"),
        ("### /tibs.registry.v1.SmeRegistry/GetSme\n\nProse only.\n\n## Next\n", "has no ```json request"),
        ("### /tibs.registry.v1.SmeRegistry/GetSme\n\n```json\n{}\n```\n", "has no 'Expect:' line"),
        ("### /tibs.registry.v1.SmeRegistry/GetSme\n\n```sh\n{}\n```\n", "must be a ```json block"),
        ("### GetSme\n\n```json\n{}\n```\nExpect: OK\n", "is not a method path"),
        ("### /tibs.registry.v1.SmeRegistry/GetSme\n\n```json\n{}\n```\nExpect: ok\n", "needs a status name"),
        ("### /tibs.registry.v1.SmeRegistry/GetSme\n\n```json\n{}\n```\nExpect: OK — fine\n", "takes no message text"),
        ("### /tibs.registry.v1.SmeRegistry/GetSme\n\n```json\n{}\n```\nExpect: OK\nBind: id\n", "write 'Bind: name = path'"),
        ("### /tibs.registry.v1.SmeRegistry/GetSme\n\n```json\n{}\n```\nExpect: OK\nStream: many\n", "write 'Stream: N messages'"),
        ("### /tibs.registry.v1.SmeRegistry/GetSme\n\n```json\n{}\n```\nExpect: OK\nCheck: id\n", "write 'Check: path = value'"),
        ("### /tibs.registry.v1.SmeRegistry/GetSme\n\n```json\n{}\n", "never closed"),
    ])
    func aBrokenExampleFailsTheTestWithItsLine(text: String, problem: String) {
        let error = #expect(throws: APIExampleDocumentError.self) { try APIExampleDocument.parse(text) }
        #expect(error?.description.contains(problem) == true && error?.description.contains("line ") == true, "\(String(describing: error))")
    }

    @Test func placeholdersTakeEarlierAnswersChecksReadThemAndAnUnboundNameFails() throws {
        var bindings = APIExampleBindings()
        try bindings.bind([.init(name: "need", path: "needs[1].id"), .init(name: "version", path: "version")],
                          from: #"{"needs": [{"id": "a"}, {"id": "b"}], "version": "3"}"#)
        #expect(try bindings.substitute(#"{"id": "{{need}}", "expectedVersion": "{{version}}"}"#) == #"{"id": "b", "expectedVersion": "3"}"#)
        #expect(throws: ProcessTestError.self) { try bindings.substitute(#"{"id": "{{sme}}"}"#) }
        #expect(throws: ProcessTestError.self) { try bindings.bind([.init(name: "x", path: "needs[2].id")], from: #"{"needs": []}"#) }
        #expect(throws: ProcessTestError.self) { try bindings.bind([.init(name: "x", path: "missing")], from: #"{"needs": []}"#) }
        let answer = #"{"smes": [{"fields": {"legalName": "Gauja Data SIA", "headcount": 24}}]}"#
        try APIExampleBindings.verify([.init(path: "smes[0].fields.legalName", value: "Gauja Data SIA"), .init(path: "smes[0].fields.headcount", value: "24")], in: answer)
        #expect(throws: ProcessTestError.self) { try APIExampleBindings.verify([.init(path: "smes[0].fields.legalName", value: "Other SIA")], in: answer) }
    }

    @Test func aStatusIsReadFromTibsctlsExitAndMessage() {
        #expect(APIExamplesTests.answeredStatus(Finished(status: 0, stdout: "{}", stderr: "")) == "OK")
        #expect(APIExamplesTests.answeredStatus(Finished(status: 7, stdout: "", stderr: "tibsctl: NOT_FOUND: no SME x\n")) == "NOT_FOUND")
        #expect(APIExamplesTests.answeredStatus(Finished(status: 8, stdout: "", stderr: "tibsctl: FAILED_PRECONDITION: a\n  b: c\n")) == "FAILED_PRECONDITION")
        #expect(APIExamplesTests.answeredStatus(Finished(status: 2, stdout: "", stderr: "tibsctl: request: bad JSON\n")).hasPrefix("a tibsctl failure"))
    }
}

import Foundation
import Testing
import TIBSCtlKit
import TIBSRPC
import TIBSTestSupport

/// Quotes, escapes, LIKE wildcards and full-text-search syntax in every text field of every create
/// method of the four real services (docs/api-examples.md walked as an admin, each create example
/// sent with ``HostileTextVisitor/payload`` appended to every string field its request message
/// has): stored and read back byte for byte, or refused by validation (INVALID_ARGUMENT naming
/// the field, which then keeps its example value) — never another error. Every method with a
/// free-text search field is searched with each of ``HostileTextVisitor/searches``: OK or
/// INVALID_ARGUMENT.
@Suite(.serialized)
struct InjectionPayloadTests {
    @Test func hostileTextIsStoredByteForByteOrRefusedByValidationAndSearchesStayQueries() async throws {
        let examples = try APIExampleDocument.parse(String(contentsOf: APIExamplesTests.document, encoding: .utf8))
        let (system, _) = try await MatchSystem.start(policyFollowsRegistry: true, seed: { _ in }, beforeMatch: APIExamplesTests.loadDemo)
        do {
            try await system.waitUntilServing()
            var walk = try await ExampleWalk.start(system)
            // The stored texts differ from the examples', so their Check: lines do not apply.
            walk.checksAnswers = false
            var visitor = HostileTextVisitor()
            try await walk.run(examples, &visitor)
            for problem in visitor.problems(walk) { Issue.record("\(problem)") }
            await walk.close()
        } catch {
            await system.stop()
            throw error
        }
        await system.stop()
    }
}

struct HostileTextVisitor: ExampleVisitor {
    /// Appended to every text field of a create request: SQL quotes and comments, a backslash,
    /// LIKE's `%` and `_`, GLOB's `[` `*` `^`, FTS5 operators, a column filter and a phrase,
    /// a template placeholder and markup.
    static let payload = #"O'Brien "Ltd" \ 100% _x_ [a-z]* ^ NEAR(a b) OR NOT x:y -z '); DROP TABLE t; -- {{x}} <b>&amp;"#
    /// For a field that refuses the long one (a keyword's length): quote, LIKE and GLOB wildcards, a backslash.
    static let shortPayload = #"O'B "q" 5%_*\"#
    static let payloads = [payload, shortPayload]
    /// Sent alone as a search field's value.
    static let searches = ["%", "_", "'", "\"", "\\", "*", "''", "a%b_c", "\"unclosed", "NEAR(a b)", "a OR b AND NOT c",
                           "x:y", "-minus ^caret", "'); DROP TABLE t; --", "%' OR '1'='1", payload]
    /// Methods that create something: the ones whose text is stored.
    static let createPrefixes = ["Create", "Add", "Raise", "Register", "Record", "Propose", "Set"]
    /// Where a created entity is read back from (by its `id`); other creates are checked in their answer.
    static let readBack = [
        "/tibs.registry.v1.SmeRegistry/CreateSme": "/tibs.registry.v1.SmeRegistry/GetSme",
        "/tibs.catalogue.v1.ResourceCatalogue/CreateProvider": "/tibs.catalogue.v1.ResourceCatalogue/GetProvider",
        "/tibs.catalogue.v1.ResourceCatalogue/CreateResource": "/tibs.catalogue.v1.ResourceCatalogue/GetResource",
        "/tibs.policy.v1.PolicyInfluence/CreateInstitution": "/tibs.policy.v1.PolicyInfluence/GetInstitution",
        "/tibs.policy.v1.PolicyInfluence/RaisePolicyIssue": "/tibs.policy.v1.PolicyInfluence/GetPolicyIssue",
        "/tibs.match.v1.Matchmaking/ProposeMatch": "/tibs.match.v1.Matchmaking/GetMatch",
    ]
    static let searchFields = ["text", "search"]

    /// Per create method: the fields whose hostile text came back byte for byte.
    var stored: [String: Set<String>] = [:]
    /// Per create method: the fields validation refused with both payloads (formats: codes, e-mail, dates).
    var refused: [String: Set<String>] = [:]
    var searched: Set<String> = []
    /// Create methods sent with hostile text at all / in an example the admin's call succeeds in.
    var exercised: Set<String> = []
    var withOKExample: Set<String> = []

    static func isCreate(_ method: String) -> Bool {
        let name = method.split(separator: "/").last.map(String.init) ?? ""
        return createPrefixes.contains { name.hasPrefix($0) }
    }

    func problems(_ walk: ExampleWalk) -> [String] {
        var problems: [String] = []
        for server in walk.servers {
            for method in server.description.methods {
                if Self.isCreate(method.name) && !exercised.contains(method.name) {
                    problems.append("\(method.name): no example sent it hostile text")
                }
                if withOKExample.contains(method.name) && (stored[method.name] ?? []).isEmpty {
                    problems.append("\(method.name): no text field stored the hostile text (refused: \((refused[method.name] ?? []).sorted()))")
                }
                if let type = try? server.description.pool.message(method.requestType), Self.searchField(type) != nil,
                   !method.clientStreaming, !searched.contains(method.name) {
                    problems.append("\(method.name) has a search field and no example searched it")
                }
            }
        }
        return problems
    }

    static func searchField(_ type: DescriptorPool.MessageType) -> String? {
        searchFields.first { type.field(named: $0).map { $0.type == .string && !$0.isRepeated } ?? false }
    }

    mutating func send(_ call: Call, example: APIExample, server: ExampleWalk.Server) async throws -> (Call.Answer, rewritten: Bool) {
        guard Self.isCreate(call.method.name), !call.method.clientStreaming else {
            return (try await call.send(server.admin), false)
        }
        let pool = server.description.pool
        let request = try JSONValue.parse(call.request)
        // Leaves whose example value names another example's answer ({{id}}) keep it.
        var active = try TextLeaf.all(in: request, template: JSONValue.parse(example.request), type: pool.message(call.method.requestType), pool: pool)
        exercised.insert(call.method.name)
        guard example.expectation.status == "OK" else {
            // A documented refusal (a follow-up not yet due) stays that refusal with hostile text.
            let answer = try await call.with(request: TextLeaf.hostile(active, in: request)).send(server.admin)
            if answer.status != example.expectation.status && answer.status != "INVALID_ARGUMENT" {
                Issue.record("\(call.place): hostile text answered \(answer.status), documented \(example.expectation.status): \(answer.detail)")
            }
            return (try await call.send(server.admin), false)
        }
        withOKExample.insert(call.method.name)
        while !active.isEmpty {
            let answer = try await call.with(request: TextLeaf.hostile(active, in: request)).send(server.admin)
            if answer.status == "INVALID_ARGUMENT" {
                let named = Set(active.filter { leaf in answer.violations.contains { leaf.isNamed(by: $0.field) } }.map(\.protoPath))
                guard !named.isEmpty else {
                    Issue.record("\(call.place): hostile text refused without naming a hostile field: \(answer.violations)")
                    break
                }
                // A field refused with the long payload gets the short one; refused again, it keeps its example value.
                for index in active.indices.reversed() where named.contains(active[index].protoPath) {
                    if active[index].tier + 1 < Self.payloads.count {
                        active[index].tier += 1
                    } else {
                        refused[call.method.name, default: []].insert(active[index].protoPath)
                        active.remove(at: index)
                    }
                }
                continue
            }
            guard answer.status == "OK" else {
                Issue.record("\(call.place): hostile text answered \(answer.status) (only OK or INVALID_ARGUMENT may): \(answer.detail)")
                break
            }
            try await verify(active, answer: answer, call: call, server: server)
            return (answer, true)
        }
        return (try await call.send(server.admin), false)
    }

    /// Each hostile field is in the answer (and in the entity read back, where there is a read) byte
    /// for byte wherever the answer holds that field.
    private mutating func verify(_ leaves: [TextLeaf], answer: Call.Answer, call: Call, server: ExampleWalk.Server) async throws {
        let created = try call.transcoder.json(from: answer.messages.first ?? Data(), type: call.method.responseType)
        var views = [("answer", created)]
        if let get = Self.readBack[call.method.name], case .string(let id)? = created["id"],
           let method = server.description.methods.first(where: { $0.name == get }) {
            let read = Call(method: method, request: JSONValue.object([JSONMember("id", .string(id))]).compactText, transcoder: call.transcoder,
                            streamMessages: nil, line: call.line, server: call.server)
            let readAnswer = try await read.send(server.admin)
            guard readAnswer.status == "OK", let first = readAnswer.messages.first else {
                Issue.record("\(call.place): reading back with \(get) answered \(readAnswer.status): \(readAnswer.detail)")
                return
            }
            views.append((get, try call.transcoder.json(from: first, type: method.responseType)))
        }
        for leaf in leaves {
            let expected = leaf.hostile
            for (name, view) in views {
                // A field the answer holds elsewhere (a match's note is in its first step) counts where it is found whole.
                guard let found = leaf.value(in: view) ?? (Self.holds(expected, view) ? expected : nil) else { continue }
                if found == expected {
                    stored[call.method.name, default: []].insert(leaf.protoPath)
                } else {
                    Issue.record("\(call.place): \(leaf.protoPath) came back from \(name) as \(found.debugDescription), sent \(expected.debugDescription)")
                }
            }
        }
    }

    static func holds(_ text: String, _ json: JSONValue) -> Bool {
        switch json {
        case .string(let value): value == text
        case .array(let items): items.contains { holds(text, $0) }
        case .object(let members): members.contains { holds(text, $0.value) }
        default: false
        }
    }

    mutating func after(_ call: Call, example: APIExample, server: ExampleWalk.Server, answer _: Call.Answer) async throws {
        guard !call.method.clientStreaming, let type = try? server.description.pool.message(call.method.requestType),
              let field = Self.searchField(type), case .object(var members) = try JSONValue.parse(call.request) else { return }
        searched.insert(call.method.name)
        members.removeAll { $0.key == field || $0.key == type.field(named: field)?.jsonName }
        for text in Self.searches {
            let request = JSONValue.object(members + [JSONMember(field, .string(text))]).compactText
            let answer = try await call.with(request: request).send(server.admin)
            if answer.status != "OK" && answer.status != "INVALID_ARGUMENT" {
                Issue.record("\(call.place): searching \(text.debugDescription) answered \(answer.status) (only OK or INVALID_ARGUMENT may): \(answer.detail)")
            }
        }
    }
}

/// One string value of a request, found through its message's descriptor: where it is in the
/// JSON and the field path the server names in a violation ("fields.contacts[0].job_title").
struct TextLeaf {
    enum Step: Equatable { case key(String), index(Int) }

    let path: [Step]
    let protoPath: String
    let value: String
    /// Which of ``HostileTextVisitor/payloads`` the field gets.
    var tier = 0

    var hostile: String { value + " " + HostileTextVisitor.payloads[tier] }

    /// `request` with every leaf's hostile text in place, as JSON text.
    static func hostile(_ leaves: [TextLeaf], in request: JSONValue) -> String {
        leaves.reduce(request) { $1.replaced(in: $0, by: $1.hostile) }.compactText
    }

    /// Every string field's value in `json` (a message of `type`), but those whose value in
    /// `template` (the example before its placeholders were filled) holds a `{{placeholder}}`.
    static func all(in json: JSONValue, template: JSONValue, type: DescriptorPool.MessageType, pool: DescriptorPool,
                    path: [Step] = [], protoPath: String = "") throws -> [TextLeaf] {
        guard case .object(let members) = json else { return [] }
        var leaves: [TextLeaf] = []
        for member in members {
            guard let field = type.field(named: member.key) else { continue }
            let fieldPath = protoPath.isEmpty ? field.name : protoPath + "." + field.name
            let values: [(JSONValue, JSONValue?, [Step], String)]
            if case .array(let items) = member.value {
                let templates: [JSONValue] = if case .array(let t)? = template[member.key] { t } else { [] }
                values = items.enumerated().map { ($1, templates.indices.contains($0) ? templates[$0] : nil,
                                                   path + [.key(member.key), .index($0)], fieldPath + "[\($0)]") }
            } else {
                values = [(member.value, template[member.key], path + [.key(member.key)], fieldPath)]
            }
            for (value, template, steps, proto) in values {
                switch (field.type, value) {
                case (.string, .string(let text)):
                    if case .string(let original)? = template, original.contains("{{") { continue }
                    leaves.append(TextLeaf(path: steps, protoPath: proto, value: text))
                case (.message, .object):
                    let inner = try pool.message(field.typeName)
                    if !inner.isMapEntry {
                        leaves += try all(in: value, template: template ?? .null, type: inner, pool: pool, path: steps, protoPath: proto)
                    }
                default:
                    break
                }
            }
        }
        return leaves
    }

    /// Whether a violation of `field` is about this leaf (or a message it is in).
    func isNamed(by field: String) -> Bool {
        protoPath == field || protoPath.hasPrefix(field + ".") || protoPath.hasPrefix(field + "[")
    }

    func replaced(in json: JSONValue, by text: String) -> JSONValue {
        Self.set(.string(text), at: path[...], in: json)
    }

    /// The string at this leaf's place in another message of the same shape (an answer), if any.
    func value(in json: JSONValue) -> String? {
        var node = json
        for step in path {
            switch (step, node) {
            case (.key(let key), .object):
                guard let child = node[key] else { return nil }
                node = child
            case (.index(let index), .array(let items)):
                guard items.indices.contains(index) else { return nil }
                node = items[index]
            default:
                return nil
            }
        }
        if case .string(let text) = node { return text }
        return nil
    }

    private static func set(_ value: JSONValue, at path: ArraySlice<Step>, in json: JSONValue) -> JSONValue {
        guard let step = path.first else { return value }
        switch (step, json) {
        case (.key(let key), .object(var members)):
            guard let at = members.firstIndex(where: { $0.key == key }) else { return json }
            members[at].value = set(value, at: path.dropFirst(), in: members[at].value)
            return .object(members)
        case (.index(let index), .array(var items)) where items.indices.contains(index):
            items[index] = set(value, at: path.dropFirst(), in: items[index])
            return .array(items)
        default:
            return json
        }
    }
}

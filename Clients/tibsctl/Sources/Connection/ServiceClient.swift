import ArgumentParser
import Foundation
import SwiftProtobuf
import TIBSRPC

/// Calls one TIBS service (the registry, the catalogue) with JSON built by the typed commands,
/// through the server's own descriptors (Reflection/Describe), so tibsctl needs no generated
/// service code and follows each proto as it evolves.
struct ServiceClient: Sendable {
    let endpoint: ServiceEndpoint
    let session: Session
    let description: ServerDescription

    var service: String { endpoint.servicePath }
    var package: String { endpoint.package }

    static func with<T: Sendable>(_ options: ConnectionOptions, service endpoint: ServiceEndpoint = .registry,
                                  _ body: (ServiceClient) async throws -> T) async throws(CLIFailure) -> T {
        let settings = try ConnectionSettings.resolve(options, service: endpoint)
        return try await Session.with(settings) { session in
            let description = try await session.describe()
            let service = endpoint.servicePath
            guard description.methods.contains(where: { $0.name.hasPrefix(service) }) else {
                throw CLIFailure(.serverError, "\(settings.address) is not \(endpoint.label) (it has no \(service.dropLast()) methods)")
            }
            return try await body(ServiceClient(endpoint: endpoint, session: session, description: description))
        }
    }

    var transcoder: DynamicJSON { description.transcoder }

    func unary(_ method: String, _ request: JSONValue, metadata: [String: String] = [:]) async throws -> JSONValue {
        try await unaryBinary(method, request, metadata: metadata).json
    }

    /// A unary call whose answer is also decoded as the compiled message `Response`: for the report
    /// views, which are pure functions of the typed messages; the JSON is what `--json` prints.
    func unary<Response: SwiftProtobuf.Message>(_ method: String, _ request: JSONValue, as type: Response.Type)
        async throws -> (message: Response, json: JSONValue) {
        let answer = try await unaryBinary(method, request, metadata: [:])
        do {
            return (try Response(serializedBytes: answer.bytes), answer.json)
        } catch {
            throw CLIFailure(.serverError, "the answer to \(method) is not a \(Response.protoMessageName): \(error)")
        }
    }

    private func unaryBinary(_ method: String, _ request: JSONValue, metadata: [String: String]) async throws -> (bytes: Data, json: JSONValue) {
        let target = try description.method(service + method)
        let body = try transcoder.binary(from: request, type: target.requestType)
        let result = try await session.client.unaryRaw(target.name, body, metadata: metadata, timeout: session.timeout)
        return (result.response, try transcoder.json(from: result.response, type: target.responseType))
    }

    /// Reads a list method page by page while `all` is set (or once), handing each page to `page`.
    /// Every list request carries its paging in `page` (`tibs.common.v1.PageRequest`, field 1).
    func pages(_ method: String, _ request: JSONValue, all: Bool, _ page: (JSONValue) throws -> Void) async throws {
        var request = request
        while true {
            let response = try await unary(method, request)
            try page(response)
            guard case .string(let next)? = response["page"]?["nextPageToken"], !next.isEmpty else { return }
            guard all else {
                Console.err("more results: pass --all, or --page-token \(next)")
                return
            }
            request = request.setting(["page", "pageToken"], .string(next))
        }
    }

    /// A list command's output: each page as a JSON line with `--json`, else one table of every item
    /// read and a total line (``PageTally``: "3 of 41 shown") on standard error, so the table still pipes.
    func list(_ method: String, _ request: JSONValue, items key: String, all: Bool, json: Bool,
              table: ([JSONValue]) -> Table) async throws {
        var items: [JSONValue] = []
        var tally = PageTally(request: request)
        try await pages(method, request, all: all) { page in
            if json { Console.out(page.compactText) }
            var found: [JSONValue] = []
            if case .array(let list)? = page[key] { found = list }
            items += found
            tally.add(page, items: found.count)
        }
        guard !json else { return }
        Console.out(table(items).render())
        Console.err(tally.line)
    }

    /// The full enum value name for what a user typed: "micro", "SIZE_CLASS_MICRO" or "Size-Class-Micro"
    /// → "SIZE_CLASS_MICRO" for SizeClass (``DescriptorPool/EnumType/protoName(spelled:)``).
    func enumValue(_ typeName: String, _ text: String, flag: String) throws(CLIFailure) -> JSONValue {
        guard let type = description.pool.enums[package + typeName] else {
            throw CLIFailure(.serverError, "the server's \(endpoint.name) has no enum \(typeName)")
        }
        guard let name = type.protoName(spelled: text) else { throw CLIFailure.usage("\(flag): " + type.refusal(text)) }
        return .string(name)
    }

    /// For tables: the short name of an enum value shown in a response ("micro").
    func short(_ value: JSONValue?, _ typeName: String) -> String {
        guard case .string(let name)? = value else { return "-" }
        guard let type = description.pool.enums[package + typeName] else { return name }
        return type.shortName(name)
    }
}

extension JSONValue {
    /// A copy with the value at `path` (object keys) replaced or added.
    func setting(_ path: [String], _ value: JSONValue) -> JSONValue {
        guard let first = path.first else { return value }
        var members: [JSONMember]
        if case .object(let existing) = self { members = existing } else { members = [] }
        if let index = members.firstIndex(where: { $0.key == first }) {
            members[index].value = members[index].value.setting(Array(path.dropFirst()), value)
        } else {
            members.append(JSONMember(first, JSONValue.null.setting(Array(path.dropFirst()), value)))
        }
        return .object(members)
    }

    /// A copy without the member at `path`.
    func removing(_ path: [String]) -> JSONValue {
        guard let first = path.first, case .object(var members) = self else { return self }
        if path.count == 1 {
            members.removeAll { $0.key == first }
        } else if let index = members.firstIndex(where: { $0.key == first }) {
            members[index].value = members[index].value.removing(Array(path.dropFirst()))
        }
        return .object(members)
    }

    /// Text for a table cell.
    var cell: String {
        switch self {
        case .null: "-"
        case .bool(let flag): flag ? "yes" : "no"
        case .number(let text), .string(let text): text
        case .array(let items): items.map(\.cell).joined(separator: ",")
        case .object: compactText
        }
    }

    subscript(path path: String...) -> JSONValue? {
        var current: JSONValue? = self
        for key in path { current = current?[key] }
        return current
    }
}

/// Options every typed command shares.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print the server's answer as JSON (protobuf JSON mapping) instead of a table.")
    var json = false
}

/// Comma-separated list flags ("62.10,K") as an array.
func splitList(_ text: String?) -> [String] {
    guard let text else { return [] }
    return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
}

/// Codes of a code list: "62.01@2" names the list version, "ict" leaves it to the server's default.
func codes(_ text: String?, separator: Character = ",") -> JSONValue? {
    let items = (text ?? "").split(separator: separator).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    return items.isEmpty ? nil : .array(items.map(codeJSON))
}

func codeJSON(_ item: String) -> JSONValue {
    let parts = item.split(separator: "@", maxSplits: 1).map(String.init)
    if parts.count == 2 { return .object([JSONMember("code", .string(parts[0])), JSONMember("version", .string(parts[1]))]) }
    return .object([JSONMember("code", .string(item))])
}

func strings(_ text: String?) -> JSONValue? {
    let items = splitList(text)
    return items.isEmpty ? nil : .array(items.map { .string($0) })
}

/// A RegionRef from a NUTS code, the country taken from its first two letters unless given.
func regionRef(nuts: String, country: String?) -> JSONValue {
    .object([JSONMember("country", .string(country?.uppercased() ?? countryOf(nuts: nuts))), JSONMember("nutsCode", .string(nuts.uppercased()))])
}

/// The ISO 3166-1 country of a NUTS code: its first two letters, but Greece's NUTS prefix is EL.
func countryOf(nuts: String) -> String {
    let prefix = String(nuts.prefix(2)).uppercased()
    return prefix == "EL" ? "GR" : prefix
}

/// Builds a JSON object from optional members, leaving out the nil ones.
func object(_ members: [(String, JSONValue?)]) -> JSONValue {
    .object(members.compactMap { key, value in value.map { JSONMember(key, $0) } })
}

/// The `page` member of a list request (`--page-size`, `--page-token`), nil when neither is given.
func pageRequest(size: UInt32?, token: String? = nil) -> JSONValue? {
    guard size != nil || token != nil else { return nil }
    return object([("pageSize", size.map { .number(String($0)) }), ("pageToken", token.map(JSONValue.string))])
}

func printJSONOrTable(_ json: JSONValue, asJSON: Bool, table: () -> Table) {
    Console.out(asJSON ? json.prettyText : table().render())
}

import ArgumentParser

/// The flags and the call of every `… get ID` command: Get<Entity> by id, printed as the entity's
/// detail table (or JSON).
struct ShowOptions: ParsableArguments {
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The id.") var id: String

    func run(_ method: String, service: ServiceEndpoint, detail: @escaping @Sendable (JSONValue, ServiceClient) -> Table) async throws {
        try await ServiceClient.with(connection, service: service) { client in
            let entity = try await client.unary(method, .object([JSONMember("id", .string(id))]))
            printJSONOrTable(entity, asJSON: output.json) { detail(entity, client) }
        }
    }
}

/// `--idempotency-key` of every create-like command: a retry with the same key returns the first result.
struct IdempotencyOptions: ParsableArguments {
    @Option(name: .customLong("idempotency-key"), help: "Retrying with the same key returns the first result.")
    var idempotencyKey: String?

    var metadata: [String: String] { idempotencyKey.map { ["idempotency-key": $0] } ?? [:] }
}

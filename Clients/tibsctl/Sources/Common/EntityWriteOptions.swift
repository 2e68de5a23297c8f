import ArgumentParser

/// The field flags of an entity's create and update commands: `fields(base:)` applies the flags
/// given to `base` (empty on create, the stored fields on update).
protocol EntityFieldFlags: ParsableArguments {
    func fields(base: JSONValue, _ client: ServiceClient) throws -> JSONValue
}

/// The flags and the call of `… create` for an entity whose Create<Entity> takes `fields`.
struct EntityCreateOptions<Fields: EntityFieldFlags>: ParsableArguments {
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var fields: Fields
    @OptionGroup var idempotency: IdempotencyOptions

    func run(_ entity: String, service: ServiceEndpoint, detail: @escaping @Sendable (JSONValue, ServiceClient) -> Table) async throws {
        try await ServiceClient.with(connection, service: service) { client in
            let created = try await client.unary("Create" + entity, .object([JSONMember("fields", try fields.fields(base: .object([]), client))]),
                                                 metadata: idempotency.metadata)
            printJSONOrTable(created, asJSON: output.json) { detail(created, client) }
        }
    }
}

/// The flags and the call of `… update ID`: reads the entity, applies the flags given, and writes it
/// back with the version read (or `--expected-version`); a concurrent change fails with ABORTED.
struct EntityUpdateOptions<Fields: EntityFieldFlags>: ParsableArguments {
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var fields: Fields
    @Option(name: .customLong("expected-version"), help: "Fail unless it is at this version (default: the version just read).")
    var expectedVersion: UInt64?
    @Argument(help: "The id.") var id: String

    func run(_ entity: String, service: ServiceEndpoint, detail: @escaping @Sendable (JSONValue, ServiceClient) -> Table) async throws {
        try await ServiceClient.with(connection, service: service) { client in
            let updated = try await client.update(entity, id: id, expectedVersion: expectedVersion) { try fields.fields(base: $0, client) }
            printJSONOrTable(updated, asJSON: output.json) { detail(updated, client) }
        }
    }
}

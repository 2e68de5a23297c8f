/// The version a write expects: `--expected-version`, else the one just read.
func version(_ expected: UInt64?, _ current: JSONValue) -> JSONValue {
    expected.map { JSONValue.string(String($0)) } ?? current["version"] ?? .string("0")
}

extension ServiceClient {
    /// Reads entity `id` (`Get<entity>`), applies `change` to its fields and writes it back
    /// (`Update<entity>`) with the version read, or `expectedVersion` when given.
    func update(_ entity: String, id: String, expectedVersion: UInt64?, _ change: (JSONValue) throws -> JSONValue) async throws -> JSONValue {
        let current = try await unary("Get" + entity, .object([JSONMember("id", .string(id))]))
        return try await update(entity, id: id, current: current, expectedVersion: expectedVersion, change)
    }

    /// The same for an entity already read (`current`), for those without a Get method (a need, an offer).
    func update(_ entity: String, id: String, current: JSONValue, expectedVersion: UInt64?, _ change: (JSONValue) throws -> JSONValue) async throws -> JSONValue {
        let updated = try change(current["fields"] ?? .object([]))
        return try await unary("Update" + entity, .object([
            JSONMember("id", .string(id)), JSONMember("expectedVersion", version(expectedVersion, current)), JSONMember("fields", updated)]))
    }
}

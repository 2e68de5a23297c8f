import Testing
import TIBSRPC
import TIBSStore
import TIBSTestSupport

/// The RPC error `body` fails with (recording an issue when it succeeds or fails otherwise),
/// checked for `code` and, when given, exactly these violation fields.
@discardableResult
func refusal(_ code: StatusCode, fields: [String]? = nil, sourceLocation: SourceLocation = #_sourceLocation,
             _ body: () async throws -> Void) async -> RPCError? {
    let error = await #expect(throws: RPCError.self, sourceLocation: sourceLocation) { try await body() }
    #expect(error?.code == code, "\(String(describing: error))", sourceLocation: sourceLocation)
    if let fields { #expect(error?.violations.map(\.field) == fields, "\(String(describing: error))", sourceLocation: sourceLocation) }
    return error
}

/// Asserts that `body` leaves every table of `store` as it was.
func unchanged(_ store: ServiceStore, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void) async throws {
    let before = try await StoreSnapshot.take(store)
    try await body()
    let after = try await StoreSnapshot.take(store)
    #expect(before == after, "the store changed: \(before) → \(after)", sourceLocation: sourceLocation)
}

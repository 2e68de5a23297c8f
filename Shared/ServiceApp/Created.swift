import Foundation

/// The result of a create that honours idempotency keys: the new entity, or the stored
/// response of the first request with the same key and body (the port decodes it as the
/// method's response message).
public enum Created<Value: Sendable>: Sendable {
    case new(Value)
    case replayed(Data)
}

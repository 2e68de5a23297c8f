import TIBSDomain
import TIBSServiceApp

/// Resolves a need or SME id as callers give it: qualified "<upstream>/<id>", or bare, looked up
/// across every followed registry (INVALID_ARGUMENT naming the field when it is in several).
enum ReplicaLookup {
    static let maxLength = 200

    static func resolve<Value>(_ raw: String, field: String, what: String, registries: [String],
                               in entries: [QualifiedID: Value]) throws -> QualifiedID {
        let text = TextRules.trimmed(raw)
        guard !text.isEmpty else { throw ValidationErrors(field: field, "is required") }
        guard text.count <= maxLength, TextRules.forbiddenScalar(in: text) == nil else {
            throw ValidationErrors(field: field, "must be \(what) id: \"<upstream>/<id>\" or a bare id, at most \(maxLength) characters")
        }
        if text.contains("/") {
            guard let id = QualifiedID(parsing: text) else { throw ValidationErrors(field: field, "must be \"<upstream>/<id>\" or a bare id") }
            guard registries.contains(id.upstream) else {
                throw ValidationErrors(field: field, "names upstream \(id.upstream), which is not a followed registry (\(registries.joined(separator: ", ")))")
            }
            guard entries[id] != nil else { throw ServiceError.notFound(entity: what, id: text) }
            return id
        }
        let hits = registries.map { QualifiedID(upstream: $0, id: text) }.filter { entries[$0] != nil }
        switch hits.count {
        case 0: throw ServiceError.notFound(entity: what, id: text)
        case 1: return hits[0]
        default:
            throw ValidationErrors(field: field, "is in more than one registry (\(hits.map(\.upstream).joined(separator: ", "))): qualify it as \"<upstream>/\(text)\"")
        }
    }
}

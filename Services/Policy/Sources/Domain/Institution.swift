import Foundation

/// A policy-making institution influence actions are addressed to.
public struct Institution: Sendable, Hashable {
    public var id: String
    /// Validated: kind and level are set.
    public var fields: InstitutionFields
    public var version: Int64
    public var createdAt: Date
    public var updatedAt: Date
    public var personalDataErased: Bool

    public init(id: String, fields: InstitutionFields, version: Int64, createdAt: Date, updatedAt: Date, personalDataErased: Bool = false) {
        self.id = id
        self.fields = fields
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.personalDataErased = personalDataErased
    }
}

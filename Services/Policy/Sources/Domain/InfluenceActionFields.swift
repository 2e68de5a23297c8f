import TIBSDomain

/// An influence action's fields, validated.
public struct InfluenceActionFields: Sendable, Hashable {
    public var kind: ActionKind
    public var institutionID: String
    public var submittedOn: CalendarDate
    public var documents: [DocumentRef]
    public var summary: String

    public init(kind: ActionKind, institutionID: String, submittedOn: CalendarDate, documents: [DocumentRef], summary: String) {
        self.kind = kind
        self.institutionID = institutionID
        self.submittedOn = submittedOn
        self.documents = documents
        self.summary = summary
    }
}

/// AddInfluenceAction's fields as sent (the submission day as text).
public struct InfluenceActionInput: Sendable, Hashable {
    public var kind: ActionKind?
    public var institutionID: String
    public var submittedOn: String
    public var documents: [DocumentRef]
    public var summary: String

    public init(kind: ActionKind?, institutionID: String, submittedOn: String, documents: [DocumentRef] = [], summary: String = "") {
        self.kind = kind
        self.institutionID = institutionID
        self.submittedOn = submittedOn
        self.documents = documents
        self.summary = summary
    }
}

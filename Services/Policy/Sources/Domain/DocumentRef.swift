/// A document an influence action refers to: a title, an https URL or a reference number.
public struct DocumentRef: Sendable, Hashable {
    public var title: String
    public var url: String
    public var reference: String

    public init(title: String, url: String = "", reference: String = "") {
        self.title = title
        self.url = url
        self.reference = reference
    }
}

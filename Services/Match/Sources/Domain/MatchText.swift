/// The words of a need or a candidate that text relevance reads.
public struct MatchText: Sendable, Hashable, Codable {
    public var title: String
    public var description: String
    public var keywords: [String]

    public init(title: String, description: String = "", keywords: [String] = []) {
        self.title = title
        self.description = description
        self.keywords = keywords
    }
}

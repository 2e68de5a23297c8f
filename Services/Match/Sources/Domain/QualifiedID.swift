/// An entity id qualified by the upstream it came from ("registry-lv/0192…"): the match service
/// follows several registries and catalogues, and their UUIDv7 ids are only unique within one.
public struct QualifiedID: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    /// The upstream's configured name (`--follow-registry NAME=HOST:PORT`).
    public let upstream: String
    /// The id in that upstream.
    public let id: String

    public init(upstream: String, id: String) {
        self.upstream = upstream
        self.id = id
    }

    /// "<upstream>/<id>"; nil when either side is empty or there is no slash.
    public init?(parsing text: String) {
        guard let slash = text.lastIndex(of: "/") else { return nil }
        let upstream = String(text[..<slash]), id = String(text[text.index(after: slash)...])
        guard !upstream.isEmpty, !id.isEmpty else { return nil }
        self.init(upstream: upstream, id: id)
    }

    public var description: String { "\(upstream)/\(id)" }

    public static func < (lhs: QualifiedID, rhs: QualifiedID) -> Bool { lhs.description < rhs.description }
}

import TIBSServiceApp

/// ListMatches' filters, validated; every value is part of the page key.
public struct MatchListFilter: PageFilter, Sendable, Hashable {
    /// A NUTS code of either side (sub-regions included); empty: any.
    public var region: String
    public var state: MatchState?
    public var needID: String
    public var smeID: String

    public init(region: String = "", state: MatchState? = nil, needID: String = "", smeID: String = "") {
        self.region = region
        self.state = state
        self.needID = needID
        self.smeID = smeID
    }

    public var pageKeyValues: [String] { [region, state.map { String($0.rawValue) } ?? "", needID, smeID] }
}

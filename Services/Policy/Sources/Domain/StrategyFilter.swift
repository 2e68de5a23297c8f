import TIBSDomain
import TIBSServiceApp

/// ListRegionalStrategies filter: a NUTS code (its sub-regions' strategies too); empty: every region.
public struct StrategyFilter: Sendable, Hashable, PageFilter {
    public var region = ""

    public init(region: String = "") {
        self.region = region
    }

    public func validated(codes: CodeLists) throws(ValidationErrors) -> StrategyFilter {
        var v = Validator()
        let filter = StrategyFilter(region: v.nutsFilter(region, codes: codes, field: "region"))
        try v.throwIfAny()
        return filter
    }

    public var pageKeyValues: [String] { [region] }
}

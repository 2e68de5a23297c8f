import TIBSDomain

/// Size classes of the EU SME definition (Commission Recommendation 2003/361/EC).
public enum SizeClass: String, Sendable, Hashable, Codable, CaseIterable {
    case micro, small, medium
}

/// The figures the EU definition looks at. Turnover and balance sheet in whole euros; an
/// unknown figure is 0, which never disqualifies an enterprise.
public struct EnterpriseFigures: Sendable, Hashable, Codable {
    /// Staff headcount in annual work units.
    public var headcount: Int
    public var annualTurnoverEUR: UInt64
    public var balanceSheetTotalEUR: UInt64

    public init(headcount: Int, annualTurnoverEUR: UInt64, balanceSheetTotalEUR: UInt64) {
        self.headcount = headcount
        self.annualTurnoverEUR = annualTurnoverEUR
        self.balanceSheetTotalEUR = balanceSheetTotalEUR
    }
}

/// The EU SME definition: an enterprise is an SME when its headcount is below 250 and its
/// turnover is at most €50 M *or* its balance sheet total at most €43 M. Within that, the
/// smallest class whose ceilings it meets (headcount, and turnover or balance sheet).
public enum SMEDefinition {
    /// The version of the rule: the Recommendation's number.
    public static let version = "2003/361/EC"

    struct Ceiling {
        let sizeClass: SizeClass
        let headcountBelow: Int
        let turnoverAtMost: UInt64
        let balanceSheetAtMost: UInt64
    }

    static let ceilings: [Ceiling] = [
        Ceiling(sizeClass: .micro, headcountBelow: 10, turnoverAtMost: 2_000_000, balanceSheetAtMost: 2_000_000),
        Ceiling(sizeClass: .small, headcountBelow: 50, turnoverAtMost: 10_000_000, balanceSheetAtMost: 10_000_000),
        Ceiling(sizeClass: .medium, headcountBelow: 250, turnoverAtMost: 50_000_000, balanceSheetAtMost: 43_000_000),
    ]

    /// The class of an enterprise, or nil when it is not an SME at all.
    public static func sizeClass(of figures: EnterpriseFigures) -> SizeClass? {
        ceilings.first { ceiling in
            figures.headcount < ceiling.headcountBelow
                && (figures.annualTurnoverEUR <= ceiling.turnoverAtMost || figures.balanceSheetTotalEUR <= ceiling.balanceSheetAtMost)
        }?.sizeClass
    }

    /// Headcount at or above this is never an SME.
    public static var headcountLimit: Int { ceilings[2].headcountBelow }
    public static var turnoverLimit: UInt64 { ceilings[2].turnoverAtMost }
    public static var balanceSheetLimit: UInt64 { ceilings[2].balanceSheetAtMost }
}

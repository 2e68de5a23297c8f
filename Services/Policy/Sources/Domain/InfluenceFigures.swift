import TIBSDomain

/// The influence figures of one group of actions (all, one institution, one region).
public struct InfluenceFigures: Sendable, Hashable {
    public var issues = 0
    public var actions = 0
    public var adopted = 0
    public var partlyAdopted = 0
    public var rejected = 0
    public var noResponse = 0
    public var open = 0
    public var overdue = 0
    /// (adopted + partly adopted / 2) / actions in a final state; 0 when none is final.
    public var adoptionRate = 0.0
    /// Median of the days from submitted_on to first_response_on over the actions with a response; 0 when none.
    public var medianDaysToFirstResponse = 0.0
    /// The actions the median is over.
    public var responded = 0

    public init() {}

    /// The figures of `actions` (on `issues` distinct issues) on `today`.
    public init(issues: Int, actions: [InfluenceAction], today: CalendarDate, overdueAfterDays: Int) {
        self.issues = issues
        self.actions = actions.count
        var days: [Int] = []
        for action in actions {
            switch action.status {
            case .adopted: adopted += 1
            case .partlyAdopted: partlyAdopted += 1
            case .rejected: rejected += 1
            case .noResponse: noResponse += 1
            case .submitted, .acknowledged, .underConsideration: open += 1
            }
            if action.isOverdue(today: today, afterDays: overdueAfterDays) { overdue += 1 }
            if let first = action.firstResponseOn { days.append(first.dayNumber - action.fields.submittedOn.dayNumber) }
        }
        let final = adopted + partlyAdopted + rejected + noResponse
        adoptionRate = final == 0 ? 0 : (Double(adopted) + Double(partlyAdopted) / 2) / Double(final)
        responded = days.count
        medianDaysToFirstResponse = Self.median(days)
    }

    /// The middle value, or the mean of the two middle values; 0 for none.
    public static func median(_ values: [Int]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted(), middle = sorted.count / 2
        return sorted.count % 2 == 1 ? Double(sorted[middle]) : Double(sorted[middle - 1] + sorted[middle]) / 2
    }
}

import Testing
import TIBSPolicy

@Suite struct ActionWalkTests {
    /// Every legal step of the walk; every other pair is refused.
    static let legal: Set<[ActionStatus]> = [
        [.submitted, .acknowledged], [.submitted, .noResponse],
        [.acknowledged, .underConsideration], [.acknowledged, .noResponse],
        [.underConsideration, .adopted], [.underConsideration, .partlyAdopted],
        [.underConsideration, .rejected], [.underConsideration, .noResponse],
    ]

    static let allPairs: [(ActionStatus, ActionStatus)] = ActionStatus.allCases.flatMap { from in ActionStatus.allCases.map { (from, $0) } }

    @Test(arguments: allPairs)
    func theWalkAllowsExactlyItsSteps(from: ActionStatus, to: ActionStatus) {
        let allowed = Self.legal.contains([from, to])
        #expect(from.canAdvance(to: to) == allowed, "\(from) → \(to)")
        if allowed {
            #expect(ActionWalk.check(from: from, to: to) == nil)
        } else {
            let refusal = ActionWalk.check(from: from, to: to)
            #expect(refusal?.contains("\(from)") == true && refusal?.contains("cannot move to \(to)") == true, "\(String(describing: refusal))")
        }
    }

    @Test func adoptedPartlyAdoptedRejectedAndNoResponseAreFinal() {
        #expect(ActionStatus.allCases.filter(\.isFinal) == [.adopted, .partlyAdopted, .rejected, .noResponse])
        for status in ActionStatus.allCases where status.isFinal { #expect(status.next.isEmpty) }
    }
}

import Testing
@testable import TIBSCatalogue

/// draft → submitted → published → retired, and nothing else.
@Suite("Review walk")
struct ReviewWalkTests {
    static let legal: [ReviewStep: [ReviewStatus: ReviewStatus]] = [
        .submit: [.draft: .submitted],
        .publish: [.submitted: .published],
        .retire: [.draft: .retired, .submitted: .retired, .published: .retired],
    ]

    @Test(arguments: ReviewStep.allCases, ReviewStatus.allCases)
    func everyStepFromEveryStatusIsAllowedExactlyWhenTheWalkSaysSo(step: ReviewStep, status: ReviewStatus) {
        switch step.apply(to: status) {
        case .success(let next):
            #expect(Self.legal[step]?[status] == next, "\(step) from \(status) gave \(next)")
        case .failure(let refusal):
            #expect(Self.legal[step]?[status] == nil, "\(step) from \(status) was refused: \(refusal)")
            #expect(refusal.step == step && refusal.from == status)
        }
    }

    @Test func refusalsSayWhatToDoInstead() {
        #expect(ReviewStep.publish.apply(to: .draft).failureDescription == "the resource is a draft: submit it for review before it is published")
        #expect(ReviewStep.submit.apply(to: .retired).failureDescription == "the resource is retired: it can no longer be submitted")
        #expect(ReviewStep.publish.apply(to: .published).failureDescription == "a published resource cannot be published")
    }
}

extension Result where Failure == ReviewStepRefused {
    var failureDescription: String? {
        if case .failure(let refusal) = self { return refusal.description }
        return nil
    }
}

/// Where a resource stands in the review before publication (as EEN reviews every profile
/// before it goes public): draft → submitted → published → retired.
public enum ReviewStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case draft
    case submitted
    case published
    case retired
}

/// One step of the review walk.
public enum ReviewStep: String, Sendable, Hashable, CaseIterable {
    case submit
    case publish
    case retire

    /// The status the step leads to from `status`, or the refusal: retired is final, a
    /// resource is published only after it was submitted, and a step is never taken twice.
    public func apply(to status: ReviewStatus) -> Result<ReviewStatus, ReviewStepRefused> {
        switch (self, status) {
        case (.submit, .draft): .success(.submitted)
        case (.publish, .submitted): .success(.published)
        case (.retire, .draft), (.retire, .submitted), (.retire, .published): .success(.retired)
        default: .failure(ReviewStepRefused(step: self, from: status))
        }
    }
}

/// A review step that does not apply to the resource's current status (FAILED_PRECONDITION).
public struct ReviewStepRefused: Error, Sendable, Hashable, CustomStringConvertible {
    public let step: ReviewStep
    public let from: ReviewStatus

    public var description: String {
        switch (step, from) {
        case (_, .retired): "the resource is retired: it can no longer be \(step.pastTense)"
        case (.publish, .draft): "the resource is a draft: submit it for review before it is published"
        default: "a \(from.rawValue) resource cannot be \(step.pastTense)"
        }
    }
}

extension ReviewStep {
    var pastTense: String {
        switch self {
        case .submit: "submitted"
        case .publish: "published"
        case .retire: "retired"
        }
    }
}

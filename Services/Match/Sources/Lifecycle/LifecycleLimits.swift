/// The bounds of the lifecycle's inputs and answers.
public enum LifecycleLimits {
    public static let note = 2000
    public static let consentGivenBy = 200
    /// Codes per outcome list.
    public static let codes = 20
    /// Rows in ListOverdue and ListFollowUpsDue (unpaged: the oldest first).
    public static let listed = 500
}

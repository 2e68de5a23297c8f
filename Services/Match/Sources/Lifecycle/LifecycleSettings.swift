import TIBSDomain

/// The lifecycle's configuration: the response deadline and the code lists it validates against.
public struct LifecycleSettings: Sendable {
    /// Working days (Mon–Fri, no holidays) the awaited side has to act after each step
    /// (configuration `responseWorkingDays`).
    public static let defaultResponseWorkingDays = 10

    public var responseWorkingDays: Int
    /// NUTS for the region filters, the survey lists for outcomes.
    public var codes: CodeLists

    public init(responseWorkingDays: Int = LifecycleSettings.defaultResponseWorkingDays, codes: CodeLists = .bundled) {
        self.responseWorkingDays = max(1, responseWorkingDays)
        self.codes = codes
    }
}

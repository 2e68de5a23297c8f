/// The size limits of the policy service's fields, in grapheme clusters or entries.
public enum PolicyLimits {
    public static let name = 200
    public static let website = 500
    public static let contacts = 20
    public static let title = 300
    public static let longText = 10_000
    public static let note = 2_000
    public static let priorities = 50
    public static let issueRegions = 30
    public static let issueBarriers = 20
    public static let documents = 30
    public static let reference = 100
}

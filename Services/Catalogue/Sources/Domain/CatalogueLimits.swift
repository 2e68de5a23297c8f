/// Length and count limits of the catalogue's fields, in grapheme clusters (``TextRules/length(_:)``) and entries.
public enum CatalogueLimits {
    public static let name = 200
    public static let title = 200
    public static let description = 4_000
    public static let website = 500
    public static let shortText = 500
    public static let accessConditions = 2_000
    public static let keyword = 50
    public static let keywords = 20
    public static let codesPerList = 20
    public static let countries = 60
    public static let languages = 20
    public static let contacts = 20
}

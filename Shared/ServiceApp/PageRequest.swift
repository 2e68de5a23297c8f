/// One page of a listing: at most `size` entities after the cursor, in id order. Ids are
/// UUIDv7, so id order is creation order, and a cursor on the last id seen never skips or
/// repeats an entity, whatever is inserted between two pages.
public struct PageRequest: Sendable, Hashable {
    public static let maxSize = 500
    public static let defaultSize = 100
    public var size: Int
    /// The last id of the previous page; nil for the first page.
    public var after: String?

    public init(size: Int, after: String?) {
        self.size = size
        self.after = after
    }
}

/// A page of results and the cursor for the next one.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    /// The last id of this page when more may follow; nil on the last page.
    public var nextAfter: String?
    /// Matching entities in all, counted on the first page only (nil otherwise).
    public var total: Int?

    public init(items: [Item], nextAfter: String?, total: Int?) {
        self.items = items
        self.nextAfter = nextAfter
        self.total = total
    }

    /// The same page with each item transformed (e.g. into what the caller may see).
    public func map<Other>(_ transform: (Item) throws -> Other) rethrows -> Page<Other> {
        Page<Other>(items: try items.map(transform), nextAfter: nextAfter, total: total)
    }
}

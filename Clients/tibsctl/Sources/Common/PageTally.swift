/// The total line of a list command, on standard error (so the table still pipes): "12 of 1234 shown"
/// when the server gave a total (`PageInfo.total_size`, first page only), "12 of 12 shown" when every
/// page was read from the start, else "12 shown" (pages() has named the next `--page-token`).
struct PageTally: Sendable, Equatable {
    private(set) var shown = 0
    private(set) var total: String?
    private(set) var more = false
    /// `--page-token` was given: the first page read is not the list's first.
    let startedMidway: Bool

    init(request: JSONValue) {
        startedMidway = request[path: "page", "pageToken"] != nil
    }

    /// Counts one page's `items` and reads its PageInfo.
    mutating func add(_ page: JSONValue, items: Int) {
        shown += items
        if total == nil, let size = page[path: "page", "totalSize"]?.cell, size != "0" { total = size }
        if case .string(let next)? = page[path: "page", "nextPageToken"], !next.isEmpty { more = true } else { more = false }
    }

    var line: String {
        if let total { return "\(shown) of \(total) shown" }
        if !startedMidway && !more { return "\(shown) of \(shown) shown" }
        return "\(shown) shown"
    }
}

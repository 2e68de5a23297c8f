/// The bytes one connection has handed to its socket and not yet seen written, and the answers
/// waiting for room, in order.
///
/// A client that never reads must not make the server hold its answers without bound: once
/// `limit` bytes are queued, further answers wait here (their write suspends, so streaming
/// handlers stop producing) and the connection stops reading, until the socket drains. Bytes,
/// not calls: a hundred small answers cost what one large one does. Pure bookkeeping; the
/// connection handler does the writing.
struct WriteBudget<Item> {
    /// Queued bytes above which answers wait. A single frame larger than the limit is still
    /// written, alone, once nothing else is queued.
    let limit: Int
    private(set) var queuedBytes = 0
    /// The most bytes ever queued at once, for tests and figures.
    private(set) var peakQueuedBytes = 0
    private var waiting: [(item: Item, size: Int)] = []
    private var head = 0

    init(limit: Int) { self.limit = max(1, limit) }

    var waitingCount: Int { waiting.count - head }

    /// True while answers wait or the queue is at its limit: the connection should not read
    /// (new calls would only add answers).
    var isFull: Bool { waitingCount > 0 || queuedBytes >= limit }

    /// Returns `item` when it may be written now (account it with `wrote`); otherwise keeps it
    /// waiting behind the others and returns nil.
    mutating func admit(_ item: Item, size: Int) -> Item? {
        if waitingCount == 0, fits(size) { return item }
        waiting.append((item, size))
        return nil
    }

    /// `bytes` were handed to the socket.
    mutating func wrote(_ bytes: Int) {
        queuedBytes += bytes
        peakQueuedBytes = max(peakQueuedBytes, queuedBytes)
    }

    /// `bytes` the socket took (or failed to take: the connection is gone).
    mutating func written(_ bytes: Int) {
        queuedBytes = max(0, queuedBytes - bytes)
    }

    /// The next waiting item that fits now, oldest first; nil when none does.
    mutating func next() -> Item? {
        guard head < waiting.count, fits(waiting[head].size) else { return nil }
        let item = waiting[head].item
        head += 1
        if head == waiting.count {
            waiting.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 64, head * 2 >= waiting.count {
            waiting.removeFirst(head)
            head = 0
        }
        return item
    }

    /// Everything still waiting, for a connection that is closing.
    mutating func drain() -> [Item] {
        let items = waiting[head...].map(\.item)
        waiting.removeAll()
        head = 0
        return items
    }

    private func fits(_ size: Int) -> Bool { queuedBytes == 0 || queuedBytes + size <= limit }
}

/// A bounded min-heap keeping the best `limit` scored candidates: better = higher total, then
/// lower id. O(n log limit) over n admitted candidates instead of sorting them all.
struct TopCandidates {
    private(set) var heap: [(total: Double, id: QualifiedID, slot: Int32)] = []
    let limit: Int

    init(limit: Int) {
        self.limit = max(0, limit)
        heap.reserveCapacity(self.limit)
    }

    /// `a` ranks after `b`.
    private static func worse(_ a: (total: Double, id: QualifiedID, slot: Int32), _ b: (total: Double, id: QualifiedID, slot: Int32)) -> Bool {
        a.total != b.total ? a.total < b.total : a.id > b.id
    }

    /// The worst kept total, when full: a candidate below it cannot enter.
    var floor: Double? { heap.count == limit ? heap.first?.total : nil }

    mutating func offer(total: Double, id: QualifiedID, slot: Int32) {
        guard limit > 0 else { return }
        let item = (total: total, id: id, slot: slot)
        if heap.count < limit {
            heap.append(item)
            siftUp(heap.count - 1)
        } else if let root = heap.first, Self.worse(root, item) {
            heap[0] = item
            siftDown(0)
        }
    }

    /// Best first.
    func sorted() -> [(total: Double, id: QualifiedID, slot: Int32)] {
        heap.sorted { Self.worse($1, $0) }
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.worse(heap[child], heap[parent]) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1, right = left + 1
            var worst = parent
            if left < heap.count, Self.worse(heap[left], heap[worst]) { worst = left }
            if right < heap.count, Self.worse(heap[right], heap[worst]) { worst = right }
            guard worst != parent else { return }
            heap.swapAt(parent, worst)
            parent = worst
        }
    }
}

// Two threads add to one counter 100,000 times each, only ever inside `Mutex.withLock`. The count
// comes out exact (the lock works); if ThreadSanitizer still reports a race, it cannot see the
// Synchronization module's Mutex lock and unlock (on Linux: raw futex calls).
import Dispatch
import Synchronization

final class Counter: Sendable {
    let value = Mutex<[Int]>([0])
}

let counter = Counter()
let done = DispatchGroup()
let queue = DispatchQueue(label: "adders", attributes: .concurrent)
for _ in 0..<2 {
    queue.async(group: done) {
        for _ in 0..<100_000 { counter.value.withLock { $0[0] += 1 } }
    }
}
done.wait()
print("count \(counter.value.withLock { $0[0] })")

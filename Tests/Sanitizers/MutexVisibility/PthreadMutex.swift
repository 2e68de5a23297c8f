// The control: the same two threads and counter behind a pthread mutex, which ThreadSanitizer
// intercepts. No race may be reported here.
import Dispatch
import Glibc

final class Counter: @unchecked Sendable {  // reason: `mutex` guards `value`
    private var mutex = pthread_mutex_t()
    private var value = [0]
    init() { pthread_mutex_init(&mutex, nil) }
    func add() { pthread_mutex_lock(&mutex); value[0] += 1; pthread_mutex_unlock(&mutex) }
    func read() -> Int { pthread_mutex_lock(&mutex); defer { pthread_mutex_unlock(&mutex) }; return value[0] }
}

let counter = Counter()
let done = DispatchGroup()
let queue = DispatchQueue(label: "adders", attributes: .concurrent)
for _ in 0..<2 {
    queue.async(group: done) {
        for _ in 0..<100_000 { counter.add() }
    }
}
done.wait()
print("count \(counter.read())")

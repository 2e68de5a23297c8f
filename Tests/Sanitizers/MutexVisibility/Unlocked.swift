// The other control: the same counter with no lock at all. ThreadSanitizer must report this one,
// or the two programs above prove nothing.
import Dispatch

final class Counter: @unchecked Sendable {  // reason: deliberately unsynchronised, to be caught
    var value = [0]
}

let counter = Counter()
let done = DispatchGroup()
let queue = DispatchQueue(label: "adders", attributes: .concurrent)
for _ in 0..<2 {
    queue.async(group: done) {
        for _ in 0..<100_000 { counter.value[0] += 1 }
    }
}
done.wait()
print("count \(counter.value[0]) (unsynchronised)")

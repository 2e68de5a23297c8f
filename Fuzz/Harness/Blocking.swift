import Dispatch
import Foundation

/// Runs `body` to its end from synchronous code: libFuzzer calls `LLVMFuzzerTestOneInput` on its
/// own thread, outside any task, and the connection and the services are async.
func runBlocking(_ body: @escaping @Sendable () async -> Void) {
    let done = DispatchSemaphore(value: 0)
    Task {
        await body()
        done.signal()
    }
    done.wait()
}

/// Runs `body`, cancelling it after `limit`: an input must never hang the fuzzer (a server stream
/// that waits for changes, a client stream that waits for more).
func withTimeLimit(_ limit: Duration, _ body: @escaping @Sendable () async -> Void) async {
    await withTaskGroup(of: Void.self) { group in
        group.addTask { await body() }
        group.addTask { try? await Task.sleep(for: limit) }
        _ = await group.next()
        group.cancelAll()
    }
}

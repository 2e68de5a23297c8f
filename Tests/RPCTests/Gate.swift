import NIOConcurrencyHelpers
import TIBSProto
import TIBSRPC
import TIBSTestSupport

/// Holds handlers until the test opens it, and tells the test when a number of them have arrived:
/// tests wait on these events instead of on handler sleeps.
final class Gate: Sendable {
    private struct State {
        var isOpen = false
        var arrived = 0
        var held: [CheckedContinuation<Void, Never>] = []
        var watchers: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state = NIOLockedValueBox(State())

    /// Called by a handler: counts it, then waits until the gate is open.
    func pass() async {
        await withCheckedContinuation { continuation in
            let (resume, ready): (Bool, [CheckedContinuation<Void, Never>]) = state.withLockedValue { state in
                state.arrived += 1
                let arrived = state.arrived
                let ready = state.watchers.filter { $0.count <= arrived }.map(\.continuation)
                state.watchers.removeAll { $0.count <= arrived }
                if state.isOpen { return (true, ready) }
                state.held.append(continuation)
                return (false, ready)
            }
            for watcher in ready { watcher.resume() }
            if resume { continuation.resume() }
        }
    }

    /// Returns once `count` handlers have arrived.
    func arrivals(_ count: Int) async {
        await withCheckedContinuation { continuation in
            let now: Bool = state.withLockedValue { state in
                if state.arrived >= count { return true }
                state.watchers.append((count, continuation))
                return false
            }
            if now { continuation.resume() }
        }
    }

    func open() {
        let held = state.withLockedValue { state in
            state.isOpen = true
            defer { state.held.removeAll() }
            return state.held
        }
        for continuation in held { continuation.resume() }
    }

    /// `EchoService.get` answered by handlers that pass this gate first.
    func echoRouter() -> RPCRouter {
        var router = RPCRouter()
        router.unary(EchoService.get, access: .authenticated) { (request: Tibs_Testing_V1_EchoRequest, _) in
            await self.pass()
            return Tibs_Testing_V1_EchoResponse.with { $0.text = request.text }
        }
        return router
    }
}

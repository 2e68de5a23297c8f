import Foundation
import NIOConcurrencyHelpers

/// One create the crash test sends: a provider, or a resource of an acknowledged provider,
/// under its own idempotency key.
struct CatalogueWrite: Sendable, Hashable {
    enum Target: Sendable, Hashable {
        case provider
        case resource(providerID: String)
    }
    let index: Int
    let target: Target
    var key: String { "crash-\(index)" }
}

/// What the writers of run 1 share: the next row number, the writes sent and not (yet)
/// answered, the acknowledged ones with the id each answer named, and any failure seen
/// before the process was killed (there should be none).
final class WriteLedger: Sendable {
    private struct State {
        var next = 0
        var inDoubt: Set<CatalogueWrite> = []
        var acknowledged: [(write: CatalogueWrite, id: String)] = []
        var killed = false
        var failuresBeforeKill: [String] = []
    }
    private let state = NIOLockedValueBox(State())

    func nextIndex() -> Int { state.withLockedValue { $0.next += 1; return $0.next } }

    /// Records `write` as sent: in doubt until its answer arrives.
    func send(_ write: CatalogueWrite) { _ = state.withLockedValue { $0.inDoubt.insert(write) } }

    /// Records the answer to `write`; returns how many writes are acknowledged now.
    func acknowledge(_ write: CatalogueWrite, id: String) -> Int {
        state.withLockedValue {
            $0.inDoubt.remove(write)
            $0.acknowledged.append((write, id))
            return $0.acknowledged.count
        }
    }

    /// Marks the kill as sent, before it is: failures after this are the kill's doing.
    func markKilled() { state.withLockedValue { $0.killed = true } }

    func fail(_ write: CatalogueWrite, _ error: any Error) {
        state.withLockedValue { if !$0.killed { $0.failuresBeforeKill.append("write \(write.index): \(error)") } }
    }

    var inDoubt: [CatalogueWrite] { state.withLockedValue { $0.inDoubt.sorted { $0.index < $1.index } } }
    var acknowledged: [(write: CatalogueWrite, id: String)] { state.withLockedValue { $0.acknowledged } }
    var failuresBeforeKill: [String] { state.withLockedValue { $0.failuresBeforeKill } }
}

import ServiceLifecycle
import TIBSServiceKit

/// One upstream's ``FeedFollower`` that starts only once the replica's index is loaded, so the
/// index is never rebuilt over changes the hook already absorbed.
struct ReplicaFollower: Service {
    let replica: MatchReplica
    let follower: FeedFollower

    func run() async throws {
        try await replica.ensureLoaded()
        try await follower.run()
    }
}

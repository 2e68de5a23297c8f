import Logging
import ServiceLifecycle

/// The first of the replica's services: loads the index from the store, then stays until
/// shutdown (a service that returned would end the group). A failed load fails the service.
struct ReplicaLoader: Service {
    let replica: MatchReplica
    let logger: Logger

    func run() async throws {
        try await replica.ensureLoaded()
        logger.info("match index loaded", metadata: ["candidates": "\(replica.candidateCount)", "needs": "\(replica.needCount)"])
        do {
            try await gracefulShutdown()
        } catch is CancellationError {
            // Shutting down.
        }
    }
}

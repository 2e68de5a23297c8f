import Foundation
import Synchronization

/// Starts child processes one at a time. Foundation's `Process.run()` on Linux is not safe to call
/// from several threads at once (it crashed copying memory when parallel tests spawned tibsctl
/// and servers together); the lock is held only while spawning, not while the child runs.
public enum ProcessLauncher {
    private static let spawning = Mutex(())

    public static func run(_ process: Process) throws {
        try spawning.withLock { _ in try process.run() }
    }
}

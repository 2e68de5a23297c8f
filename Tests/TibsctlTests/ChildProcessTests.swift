import Foundation
import Glibc
import NIOConcurrencyHelpers
import Testing
import TIBSTestSupport

/// The posix_spawn launcher the multi-process tests use instead of Foundation's `Process`
/// (whose Linux `run()` over-reads `/proc/self/fd` and crashed the suite on CI).
@Suite struct ChildProcessTests {
    @Test func theExitStatusAndTheOutputFileAreTheChildsOwn() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let child = try ChildProcess.spawn("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"],
                                           stdout: .file(folder.file("out")), stderr: .file(folder.file("err")))
        #expect(await child.exitStatus() == 3)
        #expect(!child.isRunning)
        #expect(folder.read("out") == "out\n")
        #expect(folder.read("err") == "err\n")
    }

    @Test func aPipeDeliversEverythingThenTheEnd() async throws {
        let chunks = NIOLockedValueBox<(text: String, ended: Bool)>(("", false))
        let ended = AsyncStream<Void>.makeStream()
        let child = try ChildProcess.spawn("/bin/sh", ["-c", "seq 1 20000"], stdout: .pipe { data in
            if let data { chunks.withLockedValue { $0.text += String(decoding: data, as: UTF8.self) } } else {
                chunks.withLockedValue { $0.ended = true }
                ended.continuation.finish()
            }
        })
        #expect(await child.exitStatus() == 0)
        for await _ in ended.stream {}
        let (text, finished) = chunks.withLockedValue { ($0.text, $0.ended) }
        #expect(finished)
        #expect(text.split(separator: "\n").count == 20_000)
        #expect(text.hasSuffix("19999\n20000\n"))
    }

    @Test func theChildInheritsNoDescriptorBeyondItsStandardStreams() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        // A descriptor of ours without close-on-exec: the child must still not see it.
        let leaked = open("/dev/null", O_RDONLY)
        defer { close(leaked) }
        let child = try ChildProcess.spawn("/bin/sh", ["-c", "ls /proc/self/fd"], stdout: .file(folder.file("out")))
        #expect(await child.exitStatus() == 0)
        let descriptors = Set(folder.read("out").split(separator: "\n").compactMap { Int($0) })
        #expect(!descriptors.contains(Int(leaked)))
        #expect(descriptors.isSuperset(of: [0, 1, 2]))
        #expect(descriptors.count <= 4, "0, 1, 2 and the listing's own directory: \(descriptors.sorted())")
    }

    @Test func aSignalledChildReportsTheSignalAndWaitingReturns() async throws {
        let child = try ChildProcess.spawn("/bin/sleep", ["3600"])
        #expect(child.isRunning)
        child.signal(SIGKILL)
        child.waitUntilExit()
        #expect(await child.exitStatus() == SIGKILL)
        #expect(child.terminationStatus == SIGKILL)
    }

    @Test func aMissingExecutableIsAnErrorNotACrash() throws {
        #expect(throws: ChildProcessError.self) {
            _ = try ChildProcess.spawn("/nonexistent/tibs-nothing", [])
        }
    }
}

import Foundation
import Testing
import TIBSTestSupport

/// `scripts/run-system`'s promises before it builds anything: a missing Debian package is named
/// with the exact line that installs it, and a bad option is refused; neither leaves state behind.
/// (The run itself, start to graceful stop, is `scripts/check-run-system`, which CI runs.)
@Suite struct RunSystemTests {
    static let script = DeploymentFiles.folder.deletingLastPathComponent().appendingPathComponent("scripts/run-system").path

    @Test func aMissingPackageIsNamedWithTheLineThatInstallsIt() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        // A dpkg that knows no package: what a fresh machine without libsqlite3-dev answers.
        try FileManager.default.createDirectory(atPath: folder.file("bin"), withIntermediateDirectories: true)
        let dpkg = folder.write("bin/dpkg", "#!/bin/sh\necho \"dpkg-query: package '$2' is not installed\" >&2\nexit 1\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dpkg)
        let run = try await Run.program("/bin/bash", [Self.script, "--detach"], environment: [
            "PATH": folder.file("bin") + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
            "TIBS_NO_INSTALL": "1", "TIBS_STATE": folder.file("state"),
        ])
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("missing Debian packages: libsqlite3-dev"), "\(run.stderr)")
        #expect(run.stderr.contains("  sudo apt-get install -y libsqlite3-dev"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("state")), "nothing is made before the packages are there")
    }

    @Test func anUnknownLayoutOrOptionIsRefused() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let three = try await Run.program("/bin/bash", [Self.script, "--regions", "3"], environment: ["TIBS_STATE": folder.file("state")])
        #expect(three.status == 2 && three.stderr.contains("--regions takes 1 or 2, not '3'"), "\(three.stderr)")
        let unknown = try await Run.program("/bin/bash", [Self.script, "--detached"], environment: ["TIBS_STATE": folder.file("state")])
        #expect(unknown.status == 2 && unknown.stderr.contains("unknown option --detached"), "\(unknown.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("state")))
    }
}

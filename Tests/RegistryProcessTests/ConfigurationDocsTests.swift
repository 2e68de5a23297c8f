import Foundation
import Testing
import TIBSTestSupport

/// docs/configuration.md is what scripts/generate-config-docs makes of the built executables'
/// help: a flag added, renamed or given a new default fails here until the script is run.
@Suite struct ConfigurationDocsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func theCommittedConfigurationTableIsTheGeneratedOne() async throws {
        let script = Self.root.appendingPathComponent("scripts/generate-config-docs").path
        let finished = try await Run.program("/usr/bin/env", ["python3", script, "--check"],
                                             environment: ["TIBS_BIN": Binaries.directory.path], timeout: .seconds(300))
        #expect(finished.status == 0, "run scripts/generate-config-docs: \(finished.stderr)")
    }

    @Test func everyServiceFlagNamesItsVariable() throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("docs/configuration.md"), encoding: .utf8)
        let section = try #require(text.components(separatedBy: "## Every service").dropFirst().first?.components(separatedBy: "\n## ").first)
        let rows = section.split(separator: "\n").filter { $0.hasPrefix("| `--") }
        #expect(rows.count >= 19, "\(rows.count) rows")
        for row in rows where !row.hasPrefix("| `--check-config`") {
            let cells = row.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(cells[2].hasPrefix("`TIBS_"), "\(row): no TIBS_* variable in its help")
        }
    }
}

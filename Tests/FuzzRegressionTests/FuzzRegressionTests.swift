import Foundation
import TIBSFuzzHarness
import Testing

/// Replays every kept input of every fuzz target through the same harness function libFuzzer
/// calls: Fuzz/Regressions/<Target>/ (minimized crashes, which must stay fixed) and
/// Fuzz/Corpus/<Target>/ (the seeds, so the suite proves each harness runs). A crash is a failure.
@Suite(.serialized)
struct FuzzRegressionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every file of Fuzz/Regressions/`target` and Fuzz/Corpus/`target`, sorted, dot-files left out.
    static func inputs(_ target: String) -> [URL] {
        ["Regressions", "Corpus"].flatMap { folder -> [URL] in
            let directory = root.appendingPathComponent("Fuzz/\(folder)/\(target)")
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            return names.filter { !$0.hasPrefix(".") }.sorted().map { directory.appendingPathComponent($0) }
        }
    }

    @Test func connection() async throws {
        let files = Self.inputs("FuzzConnection")
        #expect(!files.isEmpty)
        for file in files { await fuzzConnection(try Data(contentsOf: file)) }
    }

    @Test func requests() async throws {
        let files = Self.inputs("FuzzRequests")
        #expect(!files.isEmpty)
        for file in files { await fuzzRequest(try Data(contentsOf: file)) }
    }

    @Test func csvRows() throws {
        let files = Self.inputs("FuzzCSVRows")
        #expect(!files.isEmpty)
        for file in files { fuzzCSVRows(try Data(contentsOf: file)) }
    }

    @Test func transcoder() throws {
        let files = Self.inputs("FuzzTranscoder")
        #expect(!files.isEmpty)
        for file in files { fuzzTranscoder(try Data(contentsOf: file)) }
    }

    /// Writes the seed corpus (``FuzzSeeds``) to Fuzz/Corpus; only with TIBS_FUZZ_WRITE_SEEDS set.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["TIBS_FUZZ_WRITE_SEEDS"] != nil))
    func writeSeeds() throws {
        for (target, seeds) in try FuzzSeeds.all(root: Self.root) {
            let directory = Self.root.appendingPathComponent("Fuzz/Corpus/\(target)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for seed in seeds { try seed.bytes.write(to: directory.appendingPathComponent(seed.name)) }
        }
    }
}

import Foundation
import NIOConcurrencyHelpers
import Testing
import TIBSIdentity
import TIBSProto
import TIBSRPC
import TIBSTestSupport

/// The real executable, killed with SIGKILL while writes are acknowledged, then restarted
/// on the same data folder.
@Suite(.serialized) struct CrashRecoveryTests {
    static let createSme = "/tibs.registry.v1.SmeRegistry/CreateSme"
    static let getSme = "/tibs.registry.v1.SmeRegistry/GetSme"
    static let watch = "/tibs.registry.v1.SmeRegistry/WatchChanges"
    static let listSmes = "/tibs.registry.v1.SmeRegistry/ListSmes"

    static func fields(_ index: Int) -> Tibs_Registry_V1_SmeFields {
        .with {
            $0.legalName = "Crash test company \(index)"
            $0.region = .with { $0.country = "LT"; $0.nutsCode = "LT011" }
            $0.registrationID = "LT-CRASH-\(index)"
            $0.headcount = 12
            $0.naceCodes = [.with { $0.code = "62.01"; $0.version = "2" }]
        }
    }

    private func follow(_ client: RPCClient, after: UInt64, count: Int) async throws -> [Tibs_Common_V1_ChangeEvent] {
        try await client.serverStreaming(Self.watch, Tibs_Common_V1_WatchChangesRequest.with { $0.afterSequence = after }, timeout: HangBound.scaled(.seconds(30))) {
            (stream: ResponseStream<Tibs_Common_V1_ChangeEvent>) in
            var events: [Tibs_Common_V1_ChangeEvent] = []
            for try await event in stream {
                events.append(event)
                if events.count == count { break }
            }
            return events
        }
    }

    @Test func everyAcknowledgedWriteSurvivesSIGKILLAndTheFeedResumesWithoutGaps() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tibs-crash-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try ServiceProcess.prepare(directory)

        // Run 1: 16 writers create SMEs; right after the 400th acknowledgement the process is killed.
        let first = try await ServiceProcess.start(.registry, in: directory, run: 1)
        let client = try first.client()
        let pid = first.process.processIdentifier
        let progress = Progress()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    while true {
                        let index = progress.nextIndex()
                        do {
                            let sme: Tibs_Registry_V1_Sme = try await client.unary(Self.createSme, Tibs_Registry_V1_CreateSmeRequest.with {
                                $0.fields = Self.fields(index)
                            })
                            let count = progress.acknowledge(sme.id)
                            if count == 400 { kill(pid, SIGKILL) }
                        } catch {
                            return  // the process is gone: unacknowledged writes may or may not have landed
                        }
                    }
                }
            }
        }
        first.process.waitUntilExit()
        await client.close()
        let ids = progress.acknowledged
        #expect(ids.count >= 400)

        // Run 2: same data folder.
        let second = try await ServiceProcess.start(.registry, in: directory, run: 2)
        defer { second.stop() }
        let reader = try second.client(.service)
        for id in ids {
            let sme: Tibs_Registry_V1_Sme = try await reader.unary(Self.getSme, Tibs_Registry_V1_GetSmeRequest.with { $0.id = id })
            #expect(sme.id == id)
        }
        // The feed holds one record per committed create, numbered 1…n without a gap, and
        // every acknowledged SME among them.
        let last = try await latestSequence(reader)
        #expect(last >= UInt64(ids.count))
        let committed = try await follow(reader, after: 0, count: Int(last))
        #expect(committed.map(\.sequence) == Array(1...last))
        #expect(Set(ids).isSubset(of: Set(committed.map(\.entityID))))

        // A follower resuming from its cursor sees the next write, numbered right after the last.
        let writer = try second.client()
        // (No need to subscribe first: WatchChanges replays the history after the cursor.)
        let tail = Task { try await follow(reader, after: last, count: 1) }
        let fresh: Tibs_Registry_V1_Sme = try await writer.unary(Self.createSme, Tibs_Registry_V1_CreateSmeRequest.with { $0.fields = Self.fields(1_000_000) })
        let resumed = try await tail.value
        #expect(resumed.map(\.sequence) == [last + 1] && resumed.first?.entityID == fresh.id)
        await writer.close()
        await reader.close()
    }

    /// The latest sequence, without a deadline: run 1 only created SMEs, one feed record each,
    /// so the feed's length is the number of SMEs stored (ListSmes counts them on its first
    /// page). The test then reads exactly that many records, numbered 1…n, and the next write
    /// must be n + 1: no record hides beyond the count.
    private func latestSequence(_ client: RPCClient) async throws -> UInt64 {
        let first: Tibs_Registry_V1_ListSmesResponse = try await client.unary(
            Self.listSmes, Tibs_Registry_V1_ListSmesRequest.with { $0.page.pageSize = 1 })
        return first.page.totalSize
    }
}

/// What the writers of run 1 share: the next row number and the acknowledged ids.
private final class Progress: Sendable {
    private struct State { var next = 0; var acknowledged: [String] = [] }
    private let state = NIOLockedValueBox(State())

    func nextIndex() -> Int { state.withLockedValue { $0.next += 1; return $0.next } }
    func acknowledge(_ id: String) -> Int { state.withLockedValue { $0.acknowledged.append(id); return $0.acknowledged.count } }
    var acknowledged: [String] { state.withLockedValue { $0.acknowledged } }
}

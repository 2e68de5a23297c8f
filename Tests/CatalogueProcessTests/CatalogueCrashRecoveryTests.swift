import Foundation
import Testing
import TIBSIdentity
import TIBSProto
import TIBSRPC
import TIBSTestSupport

/// The real `tibs-catalogue` executable, killed with SIGKILL while providers and resources are
/// being acknowledged, then restarted on the same data folder: every acknowledged write is
/// there exactly once (its idempotency key replays the same answer), a write left in doubt by
/// the kill lands at most once when retried under its key, and the feed resumes without gaps.
@Suite(.serialized) struct CatalogueCrashRecoveryTests {
    static func method(_ name: String) -> String { "/tibs.catalogue.v1.ResourceCatalogue/\(name)" }

    static func provider(_ index: Int) -> Tibs_Catalogue_V1_ProviderFields {
        .with {
            $0.name = "Crash test institute \(index)"
            $0.kind = .researchInstitute
            $0.region = .with { $0.country = "FI"; $0.nutsCode = "FI1C4" }
            $0.website = "https://crash-\(index).example.fi"
            $0.description_p = "Applied research for the crash test."
        }
    }

    /// A draft facility, usable until 2099, so the freshness sweeper never retires it.
    static func resource(_ index: Int) -> Tibs_Catalogue_V1_ResourceFields {
        .with {
            $0.kind = .facility
            $0.title = "Crash test pilot line \(index)"
            $0.description_p = "A pilot line booked by SMEs by the day, with an engineer; resource \(index) of the crash test."
            $0.keywords = ["pilot line", "crash test"]
            $0.s3Areas = [.with { $0.code = "ict" }]
            $0.accessScope = .transnational
            $0.accessConditions = "Booked two weeks ahead."
            $0.costModel = .fee
            $0.languages = ["fi", "en"]
            $0.validity = .with { $0.opensOn = "2020-01-01"; $0.closesOn = "2099-12-31" }
        }
    }

    /// Sends `write` under its idempotency key and returns the id the answer names.
    static func perform(_ write: CatalogueWrite, on client: RPCClient) async throws -> String {
        let metadata = ["idempotency-key": write.key]
        switch write.target {
        case .provider:
            let provider: Tibs_Catalogue_V1_Provider = try await client.unary(
                method("CreateProvider"), Tibs_Catalogue_V1_CreateProviderRequest.with { $0.fields = Self.provider(write.index) }, metadata: metadata)
            return provider.id
        case .resource(let providerID):
            let resource: Tibs_Catalogue_V1_Resource = try await client.unary(
                method("CreateResource"), Tibs_Catalogue_V1_CreateResourceRequest.with {
                    $0.providerID = providerID
                    $0.fields = Self.resource(write.index)
                }, metadata: metadata)
            return resource.id
        }
    }

    /// Reads exactly `count` records of the feed after `after` (the stream never ends by itself).
    private func follow(_ client: RPCClient, after: UInt64, count: Int) async throws -> [Tibs_Common_V1_ChangeEvent] {
        try await client.serverStreaming(Self.method("WatchChanges"), Tibs_Common_V1_WatchChangesRequest.with { $0.afterSequence = after },
                                         timeout: HangBound.scaled(.seconds(30))) { (stream: ResponseStream<Tibs_Common_V1_ChangeEvent>) in
            var events: [Tibs_Common_V1_ChangeEvent] = []
            for try await event in stream {
                events.append(event)
                if events.count == count { break }
            }
            return events
        }
    }

    /// How many providers and resources are stored (every resource here is a draft).
    private func storedCount(_ client: RPCClient) async throws -> Int {
        let providers: Tibs_Catalogue_V1_ListProvidersResponse = try await client.unary(
            Self.method("ListProviders"), Tibs_Catalogue_V1_ListProvidersRequest.with { $0.page.pageSize = 1 })
        let resources: Tibs_Catalogue_V1_ListResourcesResponse = try await client.unary(
            Self.method("ListResources"), Tibs_Catalogue_V1_ListResourcesRequest.with { $0.status = .draft; $0.page.pageSize = 1 })
        return Int(providers.page.totalSize + resources.page.totalSize)
    }

    @Test func everyAcknowledgedCreateSurvivesSIGKILLOnceAndTheFeedResumesWithoutGaps() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tibs-catalogue-crash-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try ServiceProcess.prepare(directory)

        // Run 1: 12 writers, each creating a provider and then resources of it (a new provider
        // every tenth write); right after the 300th acknowledgement the process is killed.
        let first = try await ServiceProcess.start(.catalogue, in: directory, run: 1)
        let client = try first.client()
        let pid = first.process.processIdentifier
        let ledger = WriteLedger()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<12 {
                group.addTask {
                    var providerID: String?
                    var made = 0
                    while true {
                        let index = ledger.nextIndex()
                        let write = CatalogueWrite(index: index, target: providerID.map { made % 10 == 0 ? .provider : .resource(providerID: $0) } ?? .provider)
                        ledger.send(write)
                        do {
                            let id = try await Self.perform(write, on: client)
                            if write.target == .provider { providerID = id }
                            made += 1
                            if ledger.acknowledge(write, id: id) == 300 {
                                ledger.markKilled()
                                kill(pid, SIGKILL)
                            }
                        } catch {
                            ledger.fail(write, error)
                            return  // the process is gone: this write may or may not have landed
                        }
                    }
                }
            }
        }
        // Should every writer have failed before the 300th acknowledgement, the process still runs.
        if first.process.isRunning { first.kill() } else { first.process.waitUntilExit() }
        await client.close()
        #expect(ledger.failuresBeforeKill.isEmpty, "\(ledger.failuresBeforeKill.prefix(3))")
        let acknowledged = ledger.acknowledged
        let inDoubt = ledger.inDoubt
        #expect(acknowledged.count >= 300)
        #expect(FileManager.default.fileExists(atPath: first.database.path))

        // Run 2: same data folder.
        let second = try await ServiceProcess.start(.catalogue, in: directory, run: 2)
        defer { second.stop() }
        let reader = try second.client(.service)
        let writer = try second.client()
        // Every acknowledged create is stored, and its key replays the same answer instead of
        // creating it again.
        for (write, id) in acknowledged {
            switch write.target {
            case .provider:
                let stored: Tibs_Catalogue_V1_Provider = try await reader.unary(Self.method("GetProvider"), Tibs_Catalogue_V1_GetProviderRequest.with { $0.id = id })
                #expect(stored.id == id && stored.fields.name == Self.provider(write.index).name)
            case .resource(let providerID):
                let stored: Tibs_Catalogue_V1_Resource = try await reader.unary(Self.method("GetResource"), Tibs_Catalogue_V1_GetResourceRequest.with { $0.id = id })
                #expect(stored.id == id && stored.providerID == providerID && stored.fields.title == Self.resource(write.index).title)
            }
            let replayed = try await Self.perform(write, on: writer)
            #expect(replayed == id, "write \(write.index) replayed as \(replayed), acknowledged as \(id)")
        }
        // A create the kill left unanswered is retried under its key: it lands (or had landed) once.
        var ids = Set(acknowledged.map(\.id))
        for write in inDoubt {
            let id = try await Self.perform(write, on: writer)
            #expect(ids.insert(id).inserted, "in-doubt write \(write.index) answered with an id already taken")
        }
        let count = try await storedCount(reader)
        #expect(count == acknowledged.count + inDoubt.count, "one stored entity per key: \(count) stored, \(acknowledged.count) + \(inDoubt.count) keys")

        // The feed holds one record per stored create, numbered 1…n without a gap, each entity once.
        let last = UInt64(count)
        let committed = try await follow(reader, after: 0, count: count)
        #expect(committed.map(\.sequence) == Array(1...last))
        #expect(Set(committed.map(\.entityID)) == ids && committed.count == ids.count)
        #expect(Set(committed.map(\.entityType)) == ["provider", "resource"])

        // A follower resuming from its cursor sees the next write, numbered right after the last;
        // no record hides beyond the count.
        let tail = Task { try await follow(reader, after: last, count: 1) }
        let providerID = try #require(acknowledged.first { $0.write.target == .provider }?.id)
        let fresh = try await Self.perform(CatalogueWrite(index: 1_000_000, target: .resource(providerID: providerID)), on: writer)
        let resumed = try await tail.value
        #expect(resumed.map(\.sequence) == [last + 1] && resumed.first?.entityID == fresh)
        await writer.close()
        await reader.close()
    }
}

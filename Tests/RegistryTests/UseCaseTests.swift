import Foundation
import Testing
import TIBSIdentity
@testable import TIBSRegistry
import TIBSServiceApp
import TIBSServiceKit
import TIBSStore
import TIBSTestSupport

/// Use cases on the registry's store alone (`withServiceStore`: the definition's migrations
/// and options, a temporary file, no TLS and no RPC): the fast way to test a service's rules,
/// beside the fewer tests that go over sockets.
@Suite struct UseCaseTests {
    static func caller(_ role: Role, regions: Set<String> = []) -> Caller {
        Caller(principal: Principal(subject: "\(role.rawValue)-tester", role: role, regions: regions, keyID: "test",
                                    expiresAt: .distantFuture, tokenID: "t"),
               requestID: "req-1", method: RegistryMethods.createSme)
    }

    @Test func aCreateWritesTheSMEItsFeedRecordAndItsAuditRecordTogether() async throws {
        try await withServiceStore(RegistryService.definition()) { (store: ServiceStore) async throws in
            let app = RegistryService.app(store: store)
            let created = try await app.createSME(EntityMapping.profile(Fixtures.sme()), by: Self.caller(.admin))
            guard case .new(let view) = created else { Issue.record("a first create is new"); return }
            #expect(try await store.readChanges(after: 0, limit: 10).map(\.entityID) == [view.sme.id])
            let audited = try await store.read { db in try store.audit.list(db, entityID: view.sme.id) }
            #expect(audited.map(\.requestID) == ["req-1"])
        }
    }

    @Test func aStaleVersionIsAbortedAndChangesNothing() async throws {
        try await withServiceStore(RegistryService.definition()) { (store: ServiceStore) async throws in
            let app = RegistryService.app(store: store)
            let admin = Self.caller(.admin)
            guard case .new(let view) = try await app.createSME(EntityMapping.profile(Fixtures.sme()), by: admin) else { return }
            let before = try await DatabaseSnapshot.take(store)
            await #expect(throws: ServiceError.staleVersion(entity: "SME", id: view.sme.id, expected: 7, actual: 1)) {
                _ = try await app.updateSME(id: view.sme.id, expectedVersion: 7, EntityMapping.profile(Fixtures.sme(name: "Renamed SIA")), by: admin)
            }
            #expect(try await DatabaseSnapshot.take(store) == before)
        }
    }

    @Test func aBrokerOutsideItsRegionIsDeniedByTheSharedRegionRule() async throws {
        try await withServiceStore(RegistryService.definition()) { (store: ServiceStore) async throws in
            let app = RegistryService.app(store: store)
            let broker = Self.caller(.broker, regions: ["EE"])
            await #expect(throws: ServiceError.permissionDenied("broker 'broker-tester' may not write data of region LV008")) {
                _ = try await app.createSME(EntityMapping.profile(Fixtures.sme()), by: broker)
            }
            #expect(try await store.readChanges(after: 0, limit: 10).isEmpty)
        }
    }
}

/// The registry's enum tables (``EnumMapping``) cover every domain value, both ways.
@Suite struct EnumMappingTests {
    @Test func everyDomainValueRoundTripsThroughItsProtoEnum() {
        for size in SizeClass.allCases { #expect(CommonMapping.sizeClass(CommonMapping.proto(size)) == size) }
        for stage in InternationalisationStage.allCases { #expect(CommonMapping.stage(CommonMapping.proto(stage)) == stage) }
        for experience in ForeignPartnerExperience.allCases { #expect(CommonMapping.experience(CommonMapping.proto(experience)) == experience) }
        for status in PostingStatus.allCases { #expect(CommonMapping.status(CommonMapping.proto(status)) == status) }
        // Each side names its own subset of the kinds; together they name every kind.
        let needKinds = PostingKind.allCases.filter { CommonMapping.needKind($0) != .unspecified }
        let offerKinds = PostingKind.allCases.filter { CommonMapping.offerKind($0) != .unspecified }
        for kind in needKinds { #expect(CommonMapping.kind(CommonMapping.needKind(kind)) == kind) }
        for kind in offerKinds { #expect(CommonMapping.kind(CommonMapping.offerKind(kind)) == kind) }
        #expect(Set(needKinds + offerKinds) == Set(PostingKind.allCases))
        #expect(needKinds.count == 6 && offerKinds.count == 6)
    }

    @Test func unspecifiedAndUnknownProtoValuesMapToNil() {
        #expect(CommonMapping.sizeClass(.unspecified) == nil && CommonMapping.sizeClass(.UNRECOGNIZED(99)) == nil)
        #expect(CommonMapping.stage(.stageUnspecified) == nil && CommonMapping.stage(.UNRECOGNIZED(42)) == nil)
        #expect(CommonMapping.status(.UNRECOGNIZED(77)) == nil)
        #expect(CommonMapping.proto(nil as InternationalisationStage?) == .stageUnspecified)
    }
}

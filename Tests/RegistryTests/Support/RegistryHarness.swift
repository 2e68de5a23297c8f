import TIBSRegistry
import TIBSTestSupport

/// The registry as `tibs-registry` runs it (``withService(_:clock:_:)``), for tests that go over TLS.
typealias RegistryHarness = ServiceHarness

func withRegistry<T: Sendable>(_ body: (RegistryHarness) async throws -> T) async throws -> T {
    try await withService(RegistryService.definition(), body)
}

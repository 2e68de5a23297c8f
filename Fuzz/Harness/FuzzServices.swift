import Foundation
import Logging
import TIBSCatalogue
import TIBSIdentity
import TIBSMatch
import TIBSPolicy
import TIBSRPC
import TIBSRegistry
import TIBSServiceKit
import TIBSStore
import TIBSTestSupport

/// The four real services, each assembled as `ServiceRunner` assembles it (its routes, WatchChanges,
/// Admin, code lists) on a real SQLite store in a temporary folder: made once per process, on first
/// use, and kept open (a fuzzer runs until it is stopped). No TLS, no sockets, no followers.
struct FuzzServices: Sendable {
    let registry: RPCRouter
    let catalogue: RPCRouter
    let policy: RPCRouter
    let match: RPCRouter
    /// Kept so the stores live as long as the process.
    let stores: [ServiceStore]
    let directory: URL

    /// Every method of the four routers, registry first, each router's in path order: the first
    /// byte of a FuzzRequests input is an index into this list.
    var methods: [ForeignMethod] {
        registry.foreignMethods + catalogue.foreignMethods + policy.foreignMethods + match.foreignMethods
    }

    static let shared: FuzzServices = {
        do {
            return try make()
        } catch {
            // reason: without its services the harness has nothing to fuzz; this is setup, not an input.
            fatalError("cannot set up the fuzz services: \(error)")
        }
    }()

    private static func make() throws -> FuzzServices {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("tibs-fuzz-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
        let logger = testLogger("tibs.fuzz")
        var stores: [ServiceStore] = []
        func assemble(_ definition: ServiceDefinition) throws -> RPCRouter {
            let store = try ServiceRunner.openStore(definition, dataDir: directory.appendingPathComponent(definition.name).path, logger: logger)
            stores.append(store)
            return try ServiceRunner.router(definition, store: store, logger: logger)
        }
        let registry = try assemble(RegistryService.definition())
        let catalogue = try assemble(CatalogueService.definition())
        let policy = try assemble(PolicyService.definition())
        let match = try assemble(MatchService.definition())
        return FuzzServices(registry: registry, catalogue: catalogue, policy: policy, match: match, stores: stores, directory: directory)
    }
}

/// Any caller is an admin: fuzzed bytes cannot carry a valid token, and a refused token would
/// stop every call before the request is decoded.
struct AdminAuthenticator: CallAuthenticator {
    func authenticate(metadata: [String: String], access: AccessRule) throws -> Principal {
        Principal(subject: "fuzz-admin", role: .admin, regions: [], keyID: "fuzz", expiresAt: .distantFuture, tokenID: "fuzz")
    }
}

/// A logger that drops everything below critical (thousands of calls a second).
let quietLogger: Logger = testLogger("tibs.fuzz")

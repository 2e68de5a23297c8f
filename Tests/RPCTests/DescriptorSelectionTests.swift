import Foundation
import SwiftProtobuf
import Testing
import TIBSProto
import TIBSRPC
import TIBSTestSupport

/// What reflection publishes: the files a router's methods use, with their comments, never the
/// test-only schema on a server that does not serve it.
@Suite struct DescriptorSelectionTests {
    /// Health, Reflection and Admin alone: the built-in part of every production router.
    static func builtInRouter() -> RPCRouter {
        var router = RPCRouter()
        router.serverStreaming(BuiltinServices.adminBackupPath, access: .admins) {
            (_: Tibs_Admin_V1_BackupRequest, _: ResponseWriter<Tibs_Admin_V1_BackupChunk>, _) in
        }
        BuiltinServices.install(into: &router)
        return router
    }

    @Test func aRouterWithoutTheEchoMethodsPublishesNoTestingFile() {
        let names = DescriptorSelection.files(for: Self.builtInRouter()).map(\.name)
        #expect(names.contains("tibs/health/v1/health.proto"))
        #expect(names.contains("tibs/reflection/v1/reflection.proto"))
        #expect(names.contains("tibs/admin/v1/admin.proto"))
        #expect(!names.contains { $0.hasPrefix("tibs/testing/") }, "\(names)")
        #expect(!names.contains("tibs/registry/v1/registry.proto"), "a file no method uses is left out: \(names)")
    }

    @Test func theEchoRoutersSelectionHasTheTestingFileAndWhatItImports() {
        var router = EchoService.router()
        BuiltinServices.install(into: &router)
        let files = DescriptorSelection.files(for: router)
        #expect(files.contains { $0.name == "tibs/testing/v1/echo.proto" })
        // Each file after every file it imports, and every import present: a valid set as it is.
        var seen: Set<String> = []
        for file in files {
            for dependency in file.dependency { #expect(seen.contains(dependency), "\(file.name) before its import \(dependency)") }
            seen.insert(file.name)
        }
    }

    @Test func importsAreFollowedTransitively() {
        var router = RPCRouter()
        // common.proto imports timestamp.proto and frame.proto; a method using only a common type needs all three.
        router.unary("/tibs.demo.v1.Demo/Peek", access: .authenticated) { (_: Tibs_Common_V1_WatchChangesRequest, _) in
            Tibs_Common_V1_ChangeEvent()
        }
        let names = Set(DescriptorSelection.files(for: router).map(\.name))
        #expect(names == ["tibs/common/v1/common.proto", "google/protobuf/timestamp.proto", "tibs/rpc/v1/frame.proto"], "\(names)")
    }

    @Test func describeOverTheWireCarriesTheSelectionWithComments() async throws {
        try await withTestServer(router: EchoService.router()) { _, port in
            let client = try makeTestClient(port: port, token: TestPKI.shared.token(.integrator))
            let description: Tibs_Reflection_V1_DescribeResponse = try await client.unary(BuiltinServices.describePath, Tibs_Reflection_V1_DescribeRequest())
            await client.close()
            let set = try Google_Protobuf_FileDescriptorSet(serializedBytes: description.fileDescriptorSet)
            #expect(set.file.contains { $0.name == "tibs/testing/v1/echo.proto" })
            let reflection = try #require(set.file.first { $0.name == "tibs/reflection/v1/reflection.proto" })
            // Path [6, 0, 2, 0]: the first method of the first service, Reflection.Describe.
            let describe = reflection.sourceCodeInfo.location.first { $0.path == [6, 0, 2, 0] }
            #expect(describe?.leadingComments.contains("Every method the server serves") == true, "\(String(describing: describe))")
            #expect(description.methods.contains { $0.name == BuiltinServices.describePath })
        }
    }
}

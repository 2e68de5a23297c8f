import Foundation
import SwiftProtobuf
import Testing
import TIBSProto
import TIBSRPC
import TIBSTestSupport

/// The registry as it runs describes only what it serves: its own schema with comments, the
/// built-ins (ListCodes among them), never the test-only tibs.testing.v1 files.
@Suite struct ReflectionTests {
    @Test func theRegistrysDescribeHasItsFilesWithCommentsAndNoTestingSchema() async throws {
        try await withRegistry { registry in
            let client = try registry.client(.integrator)
            let described: Tibs_Reflection_V1_DescribeResponse = try await client.unary(BuiltinServices.describePath, Tibs_Reflection_V1_DescribeRequest())
            await client.close()
            let set = try Google_Protobuf_FileDescriptorSet(serializedBytes: described.fileDescriptorSet)
            let names = set.file.map(\.name)
            #expect(!names.contains { $0.hasPrefix("tibs/testing/") }, "\(names)")
            #expect(!names.contains("tibs/catalogue/v1/catalogue.proto"), "another service's schema is not the registry's: \(names)")
            for needed in ["tibs/registry/v1/registry.proto", "tibs/codes/v1/codes.proto", "tibs/common/v1/common.proto",
                           "tibs/health/v1/health.proto", "tibs/reflection/v1/reflection.proto", "tibs/admin/v1/admin.proto"] {
                #expect(names.contains(needed), "\(needed) missing from \(names)")
            }
            let registryFile = try #require(set.file.first { $0.name == "tibs/registry/v1/registry.proto" })
            #expect(registryFile.sourceCodeInfo.location.contains { $0.leadingComments.contains("Registers an SME") })
            #expect(described.methods.contains { $0.name == "/tibs.codes.v1.CodeLists/ListCodes" })
            #expect(!described.methods.contains { $0.name.hasPrefix("/tibs.testing.") })
        }
    }
}

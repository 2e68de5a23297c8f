import Foundation
import SwiftProtobuf
import Testing
import TIBSCtlKit
import TIBSRPC
import TIBSTestSupport

/// The schema explains itself: every service, method and message of proto/tibs/** has a leading
/// comment, and SchemaDocs reads them from the embedded descriptor set.
@Suite struct SchemaCommentTests {
    @Test func everyServiceMethodMessageAndEnumHasALeadingComment() throws {
        let set = try Google_Protobuf_FileDescriptorSet(serializedBytes: BuiltinServices.descriptorSet)
        let docs = try SchemaDocs(fileDescriptorSet: BuiltinServices.descriptorSet)
        var missing: [String] = []
        for file in set.file where file.name.hasPrefix("tibs/") {
            var messages = file.messageType.map { (file.package + "." + $0.name, $0) }
            var named = file.enumType.map { file.package + "." + $0.name }
            for service in file.service {
                named.append(file.package + "." + service.name)
                named += service.method.map { file.package + "." + service.name + "." + $0.name }
            }
            while let (name, message) = messages.popLast() {
                named.append(name)
                named += message.enumType.map { name + "." + $0.name }
                messages += message.nestedType.filter { !$0.options.mapEntry }.map { (name + "." + $0.name, $0) }
            }
            missing += named.filter { docs.leadingComments[$0] == nil }
        }
        #expect(missing.isEmpty, "no leading comment: \(missing.sorted().joined(separator: ", "))")
    }

    @Test func fieldAndTrailingCommentsAreReadToo() throws {
        let docs = try SchemaDocs(fileDescriptorSet: BuiltinServices.descriptorSet)
        #expect(docs.comment("tibs.registry.v1.Sme.id") == "UUIDv7")
        #expect(docs.comment("tibs.codes.v1.ListCodesRequest.search").hasPrefix("Keep only codes whose code or label contains this text"))
        #expect(docs.services["tibs.codes.v1.CodeLists"] == ["ListCodes"])
        #expect(docs.comment("tibs.registry.v1.SizeClass.SIZE_CLASS_MICRO").contains("headcount < 10"))
    }
}

/// `tibsctl codes` against a server without the code lists: the echo test server.
@Suite struct CodesWithoutCodeListsTests {
    @Test func aServerWithoutListCodesIsNamed() async throws {
        try await withEchoServer { server in
            let run = try await Run.tibsctl(["codes", "nace", "--address", server.address],
                                            environment: ["TIBS_CA": server.pki("ca.pem"), "TIBS_TOKEN_FILE": server.pki("admin.token")])
            #expect(run.status == 8, "\(run.stderr)")
            #expect(run.stderr.contains("is not a TIBS server with code lists (it has no /tibs.codes.v1.CodeLists methods)"), "\(run.stderr)")
        }
    }
}

/// `tibsctl codes` and `tibsctl describe` against a real tibs-registry process.
@Suite(.enabled(if: Binaries.exists("tibs-registry"), "needs the tibs-registry executable"))
struct CodesDescribeTests {
    @Test func codesPrintsATableWithATotalAndSearches() async throws {
        try await withRegistry { registry in
            let nace = try await Run.tibsctl(["codes", "nace", "--search", "COMPUTER PROGRAMMING"], environment: registry.env("integrator.token"))
            #expect(nace.status == 0, "\(nace.stderr)")
            #expect(nace.stdout.contains("62.10") && nace.stdout.contains("Computer programming activities"), "\(nace.stdout)")
            #expect(nace.stdout.contains("LEVEL") && nace.stdout.contains("PARENT"))
            #expect(!nace.stdout.contains("62.01 "), "62.01 is Rev. 2 only")
            #expect(nace.stderr.contains(" shown"), "\(nace.stderr)")
            let rev2 = try await Run.tibsctl(["codes", "nace", "--version", "2", "--search", "62.01"], environment: registry.env())
            #expect(rev2.status == 0 && rev2.stdout.contains("62.01"), "\(rev2.stdout)\(rev2.stderr)")
            let barriers = try await Run.tibsctl(["codes", "survey-barrier", "--json"], environment: registry.env())
            #expect(barriers.status == 0, "\(barriers.stderr)")
            let page = try JSONValue.parse(barriers.stdout)
            #expect(page["list"] == .string("survey-barrier"))
            guard case .array(let codes)? = page["codes"] else { Issue.record("no codes: \(barriers.stdout)"); return }
            #expect(codes.contains { $0["code"] == .string("financing") })
        }
    }

    @Test func codesPagesWithTheSharedPagingFlags() async throws {
        try await withRegistry { registry in
            let first = try await Run.tibsctl(["codes", "trl", "--page-size", "4"], environment: registry.env())
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stderr.contains("4 of 9 shown"), "\(first.stderr)")
            #expect(first.stderr.contains("--page-token"), "\(first.stderr)")
            let all = try await Run.tibsctl(["codes", "trl", "--page-size", "4", "--all"], environment: registry.env())
            #expect(all.status == 0 && all.stderr.contains("9 of 9 shown"), "\(all.stderr)")
            #expect(all.stdout.contains("actual system proven in operational environment"))
        }
    }

    @Test func anUnknownListOrVersionNamesTheValidOnes() async throws {
        try await withRegistry { registry in
            let list = try await Run.tibsctl(["codes", "naics"], environment: registry.env())
            #expect(list.status == 6, "\(list.stdout)\(list.stderr)")
            #expect(list.stderr.contains("list") && list.stderr.contains("nace, nuts, s3, trl, country"), "\(list.stderr)")
            let version = try await Run.tibsctl(["codes", "nace", "--version", "1.1"], environment: registry.env())
            #expect(version.status == 6 && version.stderr.contains("one of 2, 2.1"), "\(version.stderr)")
            let service = try await Run.tibsctl(["codes", "nace", "--service", "crm"], environment: registry.env())
            #expect(service.status == 2 && service.stderr.contains("--service"), "\(service.stderr)")
        }
    }

    @Test func aRefusedCodeNamesTheListToLookIn() async throws {
        try await withRegistry { registry in
            let flags = smeFlags.map { $0 == "62.01@2" ? "62.01" : $0 }
            let run = try await Run.tibsctl(["sme", "create"] + flags, environment: registry.env())
            #expect(run.status == 6, "\(run.stderr)")
            #expect(run.stderr.contains("'62.01' is not a NACE Rev. 2.1 code (code list nace-2.1; see ListCodes or `tibsctl codes nace`)"), "\(run.stderr)")
        }
    }

    @Test func describeShowsAMessageWithFieldsTypesLabelsAndComments() async throws {
        try await withRegistry { registry in
            let run = try await Run.tibsctl(["describe", "tibs.registry.v1.Sme"], environment: registry.env())
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.contains("// An SME as the registry holds it"), "\(run.stdout)")
            #expect(run.stdout.contains("message tibs.registry.v1.Sme {"))
            #expect(run.stdout.contains("  // UUIDv7\n  string id = 1;"), "\(run.stdout)")
            #expect(run.stdout.contains("repeated tibs.common.v1.Code nace_codes = 7;  // JSON: naceCodes"))
            let short = try await Run.tibsctl(["describe", "SmeFields"], environment: registry.env())
            #expect(short.status == 0 && short.stdout.contains("message tibs.registry.v1.SmeFields {"), "\(short.stderr)")
            let service = try await Run.tibsctl(["describe", "tibs.codes.v1.CodeLists"], environment: registry.env())
            #expect(service.stdout.contains("service tibs.codes.v1.CodeLists {"), "\(service.stdout)\(service.stderr)")
            #expect(service.stdout.contains("  rpc ListCodes(tibs.codes.v1.ListCodesRequest) returns (tibs.codes.v1.ListCodesResponse);"))
            let method = try await Run.tibsctl(["describe", "CreateSme"], environment: registry.env())
            #expect(method.stdout.contains("// Registers an SME"), "\(method.stdout)")
            let list = try await Run.tibsctl(["describe"], environment: registry.env())
            #expect(list.stdout.contains("DESCRIPTION"), "\(list.stdout)")
            #expect(list.stdout.contains("Registers an SME; the size class is derived from its figures.\n"), "the first sentence: \(list.stdout)")
            let unknown = try await Run.tibsctl(["describe", "NoSuchThing"], environment: registry.env())
            #expect(unknown.status == 2 && unknown.stderr.contains("no method, service or type 'NoSuchThing'"), "\(unknown.stderr)")
        }
    }

    @Test func describeJSONIsMachineReadable() async throws {
        try await withRegistry { registry in
            let list = try await Run.tibsctl(["describe", "--json"], environment: registry.env())
            #expect(list.status == 0, "\(list.stderr)")
            let all = try JSONValue.parse(list.stdout)
            guard case .array(let methods)? = all["methods"] else { Issue.record("no methods: \(list.stdout)"); return }
            #expect(methods.contains { $0["name"] == .string("/tibs.codes.v1.CodeLists/ListCodes") })
            #expect(!methods.contains { if case .string(let name)? = $0["name"] { name.hasPrefix("/tibs.testing.") } else { true } },
                    "a production service serves no test schema")
            let sme = try JSONValue.parse(try await Run.tibsctl(["describe", "--json", "tibs.registry.v1.Sme"], environment: registry.env()).stdout)
            #expect(sme["message"]?["name"] == .string("tibs.registry.v1.Sme"))
            guard case .array(let fields)? = sme["message"]?["fields"] else { Issue.record("no fields"); return }
            let id = fields.first { $0["name"] == .string("id") }
            #expect(id?["number"] == .number("1") && id?["type"] == .string("string") && id?["comment"] == .string("UUIDv7"))
            let codes = fields.first { $0["name"] == .string("size_class") }
            #expect(codes?["type"] == .string("tibs.registry.v1.SizeClass"))
        }
    }

    @Test func describeProtosetWritesAFileDescriptorSetWithTheService() async throws {
        try await withRegistry { registry in
            let path = registry.folder.file("registry.pb")
            let run = try await Run.tibsctl(["describe", "--protoset", path], environment: registry.env())
            #expect(run.status == 0, "\(run.stderr)")
            let set = try Google_Protobuf_FileDescriptorSet(serializedBytes: try Data(contentsOf: URL(fileURLWithPath: path)))
            let registryFile = try #require(set.file.first { $0.name == "tibs/registry/v1/registry.proto" })
            #expect(registryFile.service.map(\.name) == ["SmeRegistry"])
            #expect(!registryFile.sourceCodeInfo.location.isEmpty, "comments included")
            #expect(!set.file.contains { $0.package.hasPrefix("tibs.testing") })
            // Every import of every file is in the set (grpcurl -protoset needs them).
            let names = Set(set.file.map(\.name))
            #expect(set.file.allSatisfy { $0.dependency.allSatisfy(names.contains) })
        }
    }
}

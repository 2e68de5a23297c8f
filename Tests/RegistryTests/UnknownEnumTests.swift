import Foundation
import SwiftProtobuf
import Testing
import TIBSProto
import TIBSRegistry
import TIBSRPC
import TIBSTestSupport

/// An enum number the schema does not name is refused, never read as "unspecified": a filter
/// is not dropped, a status is not defaulted.
@Suite struct UnknownEnumTests {
    @Test func anUnknownSizeClassFilterIsInvalidArgumentNotEverySme() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            let _: Tibs_Registry_V1_Sme = try await admin.unary(RegistryMethods.createSme, Tibs_Registry_V1_CreateSmeRequest.with { $0.fields = Fixtures.sme() })
            await expectRPCError(.invalidArgument, fields: ["size_class"]) {
                let _: Tibs_Registry_V1_ListSmesResponse = try await admin.unary(
                    RegistryMethods.listSmes, Tibs_Registry_V1_ListSmesRequest.with { $0.sizeClass = .UNRECOGNIZED(99) })
            }
            await expectRPCError(.invalidArgument, fields: ["stage"]) {
                let _: Tibs_Registry_V1_ListSmesResponse = try await admin.unary(
                    RegistryMethods.listSmes, Tibs_Registry_V1_ListSmesRequest.with { $0.stage = .UNRECOGNIZED(42) })
            }
            await admin.close()
        }
    }

    @Test func aNeedWithAnUnknownStatusIsRefusedAndNotStoredAsOpen() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            let sme: Tibs_Registry_V1_Sme = try await admin.unary(RegistryMethods.createSme, Tibs_Registry_V1_CreateSmeRequest.with { $0.fields = Fixtures.sme() })
            try await expectUnchanged(registry.store) {
                await expectRPCError(.invalidArgument, fields: ["fields.status"]) {
                    let _: Tibs_Registry_V1_Need = try await admin.unary(RegistryMethods.addNeed, Tibs_Registry_V1_AddNeedRequest.with {
                        $0.smeID = sme.id
                        $0.fields = Fixtures.need()
                        $0.fields.status = .UNRECOGNIZED(77)
                    })
                }
            }
            await admin.close()
        }
    }

    /// Every enum field of every unary and server-streaming request of the registry, found in the
    /// service's own descriptors: an unknown number there is INVALID_ARGUMENT naming that field,
    /// and nothing is written. A method or field added later is covered without editing this test.
    @Test func everyEnumFieldOfEveryRegistryRequestRefusesAnUnknownNumber() async throws {
        let schema = try Schema()
        let probes = schema.enumProbes(service: "tibs.registry.v1.SmeRegistry")
        #expect(probes.count >= 6, "the registry's requests hold enum fields (size class, stage, status, kind, …)")
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            for probe in probes {
                try await expectUnchanged(registry.store) {
                    let error = await expectRPCError(.invalidArgument) {
                        _ = try await admin.unaryRaw(probe.method, probe.request)
                    }
                    #expect(error?.violations.map(\.field) == [probe.field], "\(probe.method) \(probe.field)")
                }
            }
            await admin.close()
        }
    }
}

/// The request types of a service and where their enum fields lie, read from TIBSDescriptorSet.
private struct Schema {
    struct Probe {
        let method: String
        let field: String
        /// A request holding 99 in that field and nothing else.
        let request: Data
    }

    var messages: [String: Google_Protobuf_DescriptorProto] = [:]
    var services: [String: Google_Protobuf_ServiceDescriptorProto] = [:]

    init() throws {
        let bytes = try #require(Data(base64Encoded: TIBSDescriptorSet.base64, options: .ignoreUnknownCharacters))
        let set = try Google_Protobuf_FileDescriptorSet(serializedBytes: bytes)
        for file in set.file {
            let prefix = file.package + "."
            func add(_ message: Google_Protobuf_DescriptorProto, _ prefix: String) {
                messages[prefix + message.name] = message
                for nested in message.nestedType { add(nested, prefix + message.name + ".") }
            }
            for message in file.messageType { add(message, prefix) }
            for service in file.service { services[prefix + service.name] = service }
        }
    }

    func enumProbes(service name: String) -> [Probe] {
        guard let service = services[name] else { return [] }
        return service.method.filter { !$0.clientStreaming }.flatMap { method in
            paths(in: String(method.inputType.dropFirst()), depth: 0).map { path in
                Probe(method: "/\(name)/\(method.name)", field: path.names.joined(separator: "."), request: Data(encode(path.numbers)))
            }
        }
    }

    /// Paths from `type` to each enum field, at most three messages deep (no recursion in our schemas).
    private func paths(in type: String, depth: Int) -> [(names: [String], numbers: [Int32])] {
        guard depth < 3, let message = messages[type] else { return [] }
        return message.field.flatMap { field -> [(names: [String], numbers: [Int32])] in
            switch field.type {
            case .enum where field.label != .repeated:
                return [([field.name], [field.number])]
            case .message where field.label != .repeated:
                return paths(in: String(field.typeName.dropFirst()), depth: depth + 1).map { ([field.name] + $0.names, [field.number] + $0.numbers) }
            default:
                return []
            }
        }
    }

    /// Nested length-delimited fields ending in a varint field holding 99.
    private func encode(_ numbers: [Int32]) -> [UInt8] {
        guard let first = numbers.first else { return [] }
        if numbers.count == 1 { return varint(UInt64(first) << 3) + [99] }
        let inner = encode(Array(numbers.dropFirst()))
        return varint(UInt64(first) << 3 | 2) + varint(UInt64(inner.count)) + inner
    }

    private func varint(_ value: UInt64) -> [UInt8] {
        var value = value, bytes: [UInt8] = []
        repeat {
            bytes.append(UInt8(value & 0x7F) | (value > 0x7F ? 0x80 : 0))
            value >>= 7
        } while value > 0
        return bytes
    }
}

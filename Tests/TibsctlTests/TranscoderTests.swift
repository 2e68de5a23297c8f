import Foundation
import SwiftProtobuf
import Testing
@testable import TIBSCtlKit
import TIBSProto
import TIBSRPC

/// The dynamic JSON ⇄ binary transcoder against SwiftProtobuf's own JSON for the generated types.
@Suite struct TranscoderTests {
    static let transcoder: DynamicJSON = {
        do {
            return DynamicJSON(pool: try DescriptorPool(fileDescriptorSet: BuiltinServices.descriptorSet))
        } catch {
            // reason: the descriptor set is generated with the code; a broken one fails every test here anyway.
            fatalError("descriptor set does not parse: \(error)")
        }
    }()

    /// Binary → JSON equals SwiftProtobuf's JSON; JSON (SwiftProtobuf's) → binary decodes to the same message.
    func assertRoundTrip<M: Message & Equatable>(_ message: M, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let type = M.protoMessageName
        let expected = try JSONValue.parse(message.jsonString())
        let ours = try Self.transcoder.json(from: message.serializedData(), type: type)
        #expect(ours.canonical == expected.canonical, "binary → JSON of \(type)", sourceLocation: sourceLocation)
        let back = try Self.transcoder.binary(from: expected, type: type)
        #expect(try M(serializedBytes: back) == message, "JSON → binary of \(type)", sourceLocation: sourceLocation)
        var options = JSONEncodingOptions()
        options.preserveProtoFieldNames = true
        let protoNamed = try JSONValue.parse(message.jsonString(options: options))
        #expect(try M(serializedBytes: Self.transcoder.binary(from: protoNamed, type: type)) == message,
                "proto field names are accepted for \(type)", sourceLocation: sourceLocation)
    }

    @Test func echoMessagesMatchSwiftProtobuf() throws {
        try assertRoundTrip(Tibs_Testing_V1_EchoRequest.with {
            $0.text = "grüße \"quoted\" \n\t\u{1}"
            $0.count = 4_000_000_000
            $0.delayMs = 7
            $0.padding = Data([0, 1, 2, 250, 255])
            $0.region = "LV008"
        })
        try assertRoundTrip(Tibs_Testing_V1_EchoResponse())
        try assertRoundTrip(Tibs_Testing_V1_EchoResponse.with { $0.index = 1; $0.padding = Data(repeating: 7, count: 1000) })
    }

    @Test func healthEnumsAreNamesAndZeroIsLeftOut() throws {
        try assertRoundTrip(Tibs_Health_V1_HealthCheckResponse.with { $0.status = .notServing; $0.detail = "store not writable" })
        try assertRoundTrip(Tibs_Health_V1_HealthCheckResponse.with { $0.status = .unspecified })
        let json = try Self.transcoder.json(from: Tibs_Health_V1_HealthCheckResponse.with { $0.status = .serving }.serializedData(),
                                            type: "tibs.health.v1.HealthCheckResponse")
        #expect(json.compactText == #"{"status":"SERVING"}"#)
    }

    @Test func reflectionNestedRepeatedMessagesAndBytes() throws {
        try assertRoundTrip(Tibs_Reflection_V1_DescribeResponse.with {
            $0.methods = [
                .with { $0.name = "/a.B/C"; $0.requestType = "a.Req"; $0.responseType = "a.Res"; $0.serverStreaming = true; $0.requiresToken = true },
                .with { $0.name = "/a.B/D"; $0.clientStreaming = true },
            ]
            $0.fileDescriptorSet = BuiltinServices.descriptorSet
        })
    }

    @Test func commonTypesWithInt64TimestampAndEnums() throws {
        try assertRoundTrip(Tibs_Common_V1_ChangeEvent.with {
            $0.sequence = UInt64.max
            $0.entityType = "sme"
            $0.entityID = "0190"
            $0.kind = .erased
            $0.committedAt = Google_Protobuf_Timestamp(seconds: 1_735_689_600, nanos: 120_000_000)
            $0.actor = "broker-lv"
            $0.payload = Data([9, 8, 7])
        })
        try assertRoundTrip(Tibs_Common_V1_PageInfo.with { $0.nextPageToken = "abc"; $0.totalSize = 9_007_199_254_740_993 })
        try assertRoundTrip(Tibs_Common_V1_WatchChangesRequest.with { $0.afterSequence = 42; $0.entityTypes = ["sme", "need"] })
        try assertRoundTrip(Tibs_Common_V1_Violations.with { $0.violations = [.with { $0.field = "sme.country"; $0.description_p = "unknown" }] })
    }

    @Test func frameOneofMapsOptionalPresenceAndNegativeNumbers() throws {
        try assertRoundTrip(Tibs_Rpc_V1_Frame.with {
            $0.callID = 3
            $0.open = .with {
                $0.method = "/x.Y/Z"
                $0.timeoutMs = 1500
                $0.metadata = ["authorization": "Bearer t", "x-request-id": "r1", "idempotency-key": "k"]
                $0.payload = Data()  // present although empty: proto3 optional
                $0.halfClose = true
            }
        })
        try assertRoundTrip(Tibs_Rpc_V1_Frame.with {
            $0.callID = 4
            $0.close = .with {
                $0.code = -5
                $0.detail = "bad"
                $0.violations = [.with { $0.field = "a" }, .with { $0.description_p = "b" }]
                $0.trailers = ["x-request-id": "r2"]
            }
        })
        try assertRoundTrip(Tibs_Rpc_V1_Frame.with { $0.ping = .with { $0.data = UInt64.max } })
        try assertRoundTrip(Tibs_Rpc_V1_Frame.with { $0.halfClose = Tibs_Rpc_V1_HalfClose() })
    }

    @Test func timestampsMatchSwiftProtobufAtTheEdges() throws {
        let cases: [(Int64, Int32)] = [(0, 0), (1, 1_000_000), (-1, 999_999_999), (-62_135_596_800, 0), (253_402_300_799, 999_999_999),
                                       (951_782_400, 5000), (1_709_164_800, 123_456_789), (4_107_542_400, 0)]
        for (seconds, nanos) in cases {
            let stamp = Google_Protobuf_Timestamp(seconds: seconds, nanos: nanos)
            let event = Tibs_Common_V1_ChangeEvent.with { $0.committedAt = stamp }
            try assertRoundTrip(event)
        }
    }

    @Test func timestampInputAcceptsOffsetsAndRejectsNonsense() throws {
        let type = "tibs.common.v1.ChangeEvent"
        let withOffset = try Self.transcoder.binary(from: JSONValue.parse(#"{"committedAt":"2024-03-01T02:00:00.5+02:00"}"#), type: type)
        #expect(try Tibs_Common_V1_ChangeEvent(serializedBytes: withOffset).committedAt == Google_Protobuf_Timestamp(seconds: 1_709_251_200, nanos: 500_000_000))
        for bad in [#""2024-02-30T00:00:00Z""#, #""2024-01-01 00:00:00Z""#, #""yesterday""#, "12"] {
            #expect(throws: DynamicJSONError.self) {
                try Self.transcoder.binary(from: JSONValue.parse(#"{"committedAt":\#(bad)}"#), type: type)
            }
        }
    }

    @Test func durationsFormatAsSwiftProtobufDoes() throws {
        for (seconds, nanos) in [(Int64(1), Int32(500_000_000)), (0, 0), (-3, -1000), (315_576_000_000, 0), (0, 1)] {
            let duration = Google_Protobuf_Duration(seconds: seconds, nanos: nanos)
            let expected = try JSONValue.parse(duration.jsonString())
            #expect(JSONValue.string(Timestamps.formatDuration(seconds: seconds, nanos: nanos)) == expected)
            #expect(Timestamps.parseDuration(Timestamps.formatDuration(seconds: seconds, nanos: nanos)).map { [$0.0, Int64($0.1)] } == [seconds, Int64(nanos)])
        }
    }

    @Test func lenientInputForms() throws {
        let type = "tibs.common.v1.PageInfo"
        for text in [#"{"totalSize":"12"}"#, #"{"totalSize":12}"#, #"{"total_size":1.2e1}"#, #"{"totalSize":12,"nextPageToken":null}"#] {
            #expect(try Tibs_Common_V1_PageInfo(serializedBytes: Self.transcoder.binary(from: JSONValue.parse(text), type: type)).totalSize == 12)
        }
        let numbered = try Self.transcoder.binary(from: JSONValue.parse(#"{"status":2}"#), type: "tibs.health.v1.HealthCheckResponse")
        #expect(try Tibs_Health_V1_HealthCheckResponse(serializedBytes: numbered).status == .notServing)
        let urlSafe = try Self.transcoder.binary(from: JSONValue.parse(#"{"padding":"-_8"}"#), type: "tibs.testing.v1.EchoRequest")
        #expect(try Tibs_Testing_V1_EchoRequest(serializedBytes: urlSafe).padding == Data([0xFB, 0xFF]))
    }

    @Test func mistakesNameTheFieldPath() throws {
        func failure(_ json: String, _ type: String) -> String {
            do {
                _ = try Self.transcoder.binary(from: JSONValue.parse(json), type: type)
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        #expect(failure(#"{"txt":"a"}"#, "tibs.testing.v1.EchoRequest") == "tibs.testing.v1.EchoRequest has no field 'txt'")
        #expect(failure(#"{"count":-1}"#, "tibs.testing.v1.EchoRequest") == "count: -1 is out of range")
        #expect(failure(#"{"count":"many"}"#, "tibs.testing.v1.EchoRequest") == "count: 'many' is not an integer")
        #expect(failure(#"{"methods":[{"name":"a"},{"nam":"b"}]}"#, "tibs.reflection.v1.DescribeResponse")
                == "methods[1]: tibs.reflection.v1.MethodDescription has no field 'nam'")
        #expect(failure(#"{"status":"SERVED"}"#, "tibs.health.v1.HealthCheckResponse")
                == "status: not a tibs.health.v1.HealthCheckResponse.ServingStatus: 'SERVED' is not one of serving, not-serving (or the proto names, SERVING, …; any case)")
        #expect(failure(#"{"text":5}"#, "tibs.testing.v1.EchoRequest") == "text: expected a string")
        #expect(failure(#"[]"#, "tibs.testing.v1.EchoRequest") == "request: expected a JSON object for tibs.testing.v1.EchoRequest")
        #expect(failure(#"{}"#, "tibs.nothing.Here") == "the server's descriptors have no type 'tibs.nothing.Here'")
    }

    /// `call` takes enum values as the typed commands do: the proto name or the short name, in any case.
    @Test func enumValuesTakeTheProtoNameOrTheShortNameInAnyCase() throws {
        let type = "tibs.registry.v1.ListSmesRequest"
        for spelling in ["SIZE_CLASS_MICRO", "micro", "Micro", "size-class-micro", "size_class_micro"] {
            let bytes = try Self.transcoder.binary(from: .object([JSONMember("sizeClass", .string(spelling))]), type: type)
            #expect(try Tibs_Registry_V1_ListSmesRequest(serializedBytes: bytes).sizeClass == .micro, "\(spelling)")
        }
        let kind = try Self.transcoder.binary(from: JSONValue.parse(#"{"fields":{"kind":"value-chain-partner"}}"#), type: "tibs.registry.v1.AddOfferRequest")
        #expect(try Tibs_Registry_V1_AddOfferRequest(serializedBytes: kind).fields.kind == .valueChainPartner)
        // The unspecified value only by its proto name: as "unspecified" it would read as a filter.
        #expect(throws: DynamicJSONError.self) {
            try Self.transcoder.binary(from: .object([JSONMember("sizeClass", .string("unspecified"))]), type: type)
        }
        let enumType = try #require(Self.transcoder.pool.enums["tibs.registry.v1.SizeClass"])
        #expect(enumType.shortName("SIZE_CLASS_MICRO") == "micro")
        #expect(enumType.choices == ["micro", "small", "medium"])
        #expect(enumType.refusal("huge") == "'huge' is not one of micro, small, medium (or the proto names, SIZE_CLASS_MICRO, …; any case)")
    }

    @Test func malformedBinaryIsReportedNotCrashed() throws {
        for bytes in [[0x0A, 0x05, 0x61], [0x08], [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], [0x0B]] as [[UInt8]] {
            #expect(throws: DynamicJSONError.self) {
                try Self.transcoder.json(from: Data(bytes), type: "tibs.testing.v1.EchoRequest")
            }
        }
    }

    @Test func jsonParserKeepsBigNumbersAndOrder() throws {
        let value = try JSONValue.parse(#" {"b": 18446744073709551615, "a": [true, null, "\u00e9\ud83d\ude00"]} "#)
        #expect(value.compactText == #"{"b":18446744073709551615,"a":[true,null,"é😀"]}"#)
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(#"{"a":1} x"#) }
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(String(repeating: "[", count: 500)) }
    }
}

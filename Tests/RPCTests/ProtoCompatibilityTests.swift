import Foundation
import SwiftProtobuf
import Testing
import TIBSRPC

/// The v1 compatibility policy (docs/PROTOCOL.md, "Compatibility of v1"), pinned mechanically:
/// every field (number, name, label, type), enum value and method of the committed snapshot
/// `Tests/Snapshots/proto-v1.txt` must still exist exactly as it was. Additions are allowed and
/// must be added to the snapshot: run
/// `TIBS_UPDATE_PROTO_SNAPSHOT=1 swift test --filter ProtoCompatibilityTests`, which adds them and
/// refuses to drop anything. Removing a line needs a hand edit of the snapshot, seen in review.
@Suite struct ProtoCompatibilityTests {
    static let snapshotPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Snapshots/proto-v1.txt").path

    /// One line per field, enum value and method of the tibs.* packages but the test-only tibs.testing.
    static func currentLines() -> Set<String> {
        var lines: Set<String> = []
        for file in DescriptorSelection.allFiles where file.package.hasPrefix("tibs.") && !file.package.hasPrefix("tibs.testing.") {
            var messages = file.messageType.map { (file.package + "." + $0.name, $0) }
            var enums = file.enumType.map { (file.package + "." + $0.name, $0) }
            while let (name, message) = messages.popLast() {
                for field in message.field {
                    lines.insert("message \(name) field \(field.number) \(field.name) \(label(field)) \(type(field))")
                }
                messages += message.nestedType.map { (name + "." + $0.name, $0) }
                enums += message.enumType.map { (name + "." + $0.name, $0) }
            }
            for (name, enumType) in enums {
                for value in enumType.value { lines.insert("enum \(name) value \(value.number) \(value.name)") }
            }
            for service in file.service {
                for method in service.method {
                    lines.insert("service \(file.package).\(service.name) rpc \(method.name) \(method.clientStreaming ? "stream " : "")"
                        + "\(method.inputType.dropFirst()) returns \(method.serverStreaming ? "stream " : "")\(method.outputType.dropFirst())")
                }
            }
        }
        return lines
    }

    static func label(_ field: Google_Protobuf_FieldDescriptorProto) -> String {
        if field.label == .repeated { return "repeated" }
        if field.proto3Optional { return "optional" }
        return field.hasOneofIndex ? "oneof" : "singular"
    }

    static func type(_ field: Google_Protobuf_FieldDescriptorProto) -> String {
        field.typeName.isEmpty ? "\(field.type)" : String(field.typeName.dropFirst())
    }

    @Test func everyPublishedElementStaysAsItWasOnlyAdditionsAllowed() throws {
        let current = Self.currentLines()
        #expect(current.count > 500, "the schema was read (\(current.count) lines)")
        let text = (try? String(contentsOfFile: Self.snapshotPath, encoding: .utf8)) ?? ""
        let snapshot = Set(text.split(separator: "\n").map(String.init).filter { !$0.isEmpty && !$0.hasPrefix("#") })
        let removed = snapshot.subtracting(current).sorted()
        #expect(removed.isEmpty, """
            v1 elements changed or removed (docs/PROTOCOL.md, Compatibility of v1: renumbering, renaming, \
            retyping and removal need a new package):
            \(removed.joined(separator: "\n"))
            """)
        let added = current.subtracting(snapshot).sorted()
        if ProcessInfo.processInfo.environment["TIBS_UPDATE_PROTO_SNAPSHOT"] != nil, removed.isEmpty {
            let header = "# The published v1 schema: field, enum value and method lines. Checked by ProtoCompatibilityTests;\n"
                + "# additions: TIBS_UPDATE_PROTO_SNAPSHOT=1 swift test --filter ProtoCompatibilityTests.\n"
            try (header + current.sorted().joined(separator: "\n") + "\n").write(toFile: Self.snapshotPath, atomically: true, encoding: .utf8)
            return
        }
        #expect(added.isEmpty, """
            new v1 elements are not in Tests/Snapshots/proto-v1.txt; add them with \
            TIBS_UPDATE_PROTO_SNAPSHOT=1 swift test --filter ProtoCompatibilityTests:
            \(added.joined(separator: "\n"))
            """)
    }
}

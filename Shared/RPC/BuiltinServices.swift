import Foundation
import SwiftProtobuf
import TIBSProto

/// Answers `Health/Check`: SERVING unless a registered probe says otherwise (store not writable,
/// a required upstream never synced). Probes run on every check; keep them cheap.
public struct HealthProbe: Sendable {
    public let name: String
    /// Returns nil when healthy, or why not.
    public let check: @Sendable () async -> String?
    /// Returns nil, or what is degraded while the service still serves (a stale upstream): the
    /// detail of a SERVING answer, so an operator sees it without the service being taken out.
    public let degraded: @Sendable () async -> String?
    public init(name: String, check: @escaping @Sendable () async -> String?,
                degraded: @escaping @Sendable () async -> String? = { nil }) {
        self.name = name
        self.check = check
        self.degraded = degraded
    }
}

public enum BuiltinServices {
    public static let healthCheckPath = "/tibs.health.v1.Health/Check"
    public static let describePath = "/tibs.reflection.v1.Reflection/Describe"
    /// `tibs.admin.v1.Admin/Backup`, installed by the service runner (TIBSServiceKit's `AdminService`)
    /// beside these; named here so clients that do not link the services (tibsctl) share it.
    public static let adminBackupPath = "/tibs.admin.v1.Admin/Backup"

    /// The descriptor set of every TIBS proto, embedded at generation time: for tools and tests
    /// that need no server. A server publishes only ``DescriptorSelection/files(for:)``.
    public static let descriptorSet: Data = Data(base64Encoded: TIBSDescriptorSet.base64, options: .ignoreUnknownCharacters) ?? Data()

    /// Adds Health/Check (no token) and Reflection/Describe (any token) to `router`; call it last,
    /// so Describe lists every method. Describe carries the files the router's methods use
    /// (``DescriptorSelection/files(for:)``), with their .proto comments.
    public static func install(into router: inout RPCRouter, probes: [HealthProbe] = []) {
        router.unary(healthCheckPath, access: .anyone) { (_: Tibs_Health_V1_HealthCheckRequest, _) in
            var response = Tibs_Health_V1_HealthCheckResponse()
            var problems: [String] = [], degradations: [String] = []
            for probe in probes {
                if let problem = await probe.check() {
                    problems.append("\(probe.name): \(problem)")
                } else if let degradation = await probe.degraded() {
                    degradations.append("\(probe.name): \(degradation)")
                }
            }
            response.status = problems.isEmpty ? .serving : .notServing
            response.detail = (problems.isEmpty ? degradations : problems).joined(separator: "; ")
            return response
        }
        // Registered once to be described with the rest, then again with the answer that describes it.
        router.unary(describePath, access: .authenticated) { (_: Tibs_Reflection_V1_DescribeRequest, _) in
            Tibs_Reflection_V1_DescribeResponse()
        }
        let response = describeResponse(for: router)
        router.unary(describePath, access: .authenticated) { (_: Tibs_Reflection_V1_DescribeRequest, _) in response }
    }

    /// What Describe answers for `router`: its methods in path order and the files they use.
    static func describeResponse(for router: RPCRouter) -> Tibs_Reflection_V1_DescribeResponse {
        .with {
            $0.methods = router.descriptors.map { method in
                .with {
                    $0.name = method.path
                    $0.requestType = method.requestType
                    $0.responseType = method.responseType
                    $0.clientStreaming = method.kind.clientStreams
                    $0.serverStreaming = method.kind.serverStreams
                    $0.requiresToken = method.access != .anyone
                }
            }
            let set = Google_Protobuf_FileDescriptorSet.with { $0.file = DescriptorSelection.files(for: router) }
            // reason: serializing a message built from parsed descriptors cannot fail.
            $0.fileDescriptorSet = (try? set.serializedBytes()) ?? Data()
        }
    }
}

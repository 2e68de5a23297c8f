import Foundation
import GRPCCore
import GRPCProtobuf
import TIBSRPC

/// How a TIBS status reaches a gRPC client: the same code and detail, field violations as a
/// `google.rpc.BadRequest` inside the `google.rpc.Status` of the `grpc-status-details-bin`
/// trailer (gRPC's rich error model, which every language's gRPC library can unpack), and the
/// TIBS trailers (`x-request-id`, `x-tibs-unprocessed`) as trailing metadata. The same bounds
/// as a TIBS-RPC `Close` apply (``AnswerLimits``).
enum GRPCStatusMapping {
    static func grpcError(_ error: TIBSRPC.RPCError, requestID: String) -> GRPCCore.RPCError {
        // reason: every TIBS status but OK (which is never an error) is a gRPC error code.
        let code = Status.Code(rawValue: Int(error.code.rawValue)).flatMap(GRPCCore.RPCError.Code.init) ?? .unknown
        let detail = AnswerLimits.truncated(error.detail, to: AnswerLimits.maxDetailBytes)
        var details: [ErrorDetails] = []
        let violations = AnswerLimits.capped(error.violations)
        if !violations.isEmpty {
            details.append(.badRequest(violations: violations.map {
                ErrorDetails.BadRequest.FieldViolation(field: $0.field, description: $0.description)
            }))
        }
        details.append(.requestInfo(requestID: requestID, servingData: ""))
        var metadata = GoogleRPCStatus(code: code, message: detail, details: details).rpcErrorMetadata
        metadata.add(contentsOf: trailers(error.trailers, requestID: requestID))
        return GRPCCore.RPCError(code: code, message: detail, metadata: metadata)
    }

    /// The trailers every answer carries: the call's request id and the error's own trailers.
    static func trailers(_ extra: [String: String] = [:], requestID: String) -> Metadata {
        var metadata: Metadata = ["x-request-id": .string(requestID)]
        for (key, value) in extra.sorted(by: { $0.key < $1.key }) where key != "x-request-id" {
            metadata.addString(value, forKey: key)
        }
        return metadata
    }

    /// gRPC request metadata as a TIBS handler reads it: lower-case keys, text values only (the
    /// first of repeated keys), without HTTP/2 pseudo-headers and gRPC's own transport headers.
    static func callMetadata(_ metadata: Metadata) -> [String: String] {
        var result: [String: String] = [:]
        for (key, value) in metadata {
            let key = key.lowercased()
            guard case .string(let text) = value, !key.hasPrefix(":"), result[key] == nil else { continue }
            if key == "content-type" || key == "te" || key == "user-agent" || key.hasPrefix("grpc-") { continue }
            result[key] = text
        }
        return result
    }

    /// The deadline a client set with `grpc-timeout` ("100m", "5S", …: gRPC's wire format), if any.
    static func timeout(_ metadata: Metadata) -> Duration? {
        guard let value = metadata[stringValues: "grpc-timeout"].first(where: { _ in true }),
              let unit = value.last, let amount = Int64(value.dropLast()), amount >= 0, value.count <= 9 else { return nil }
        switch unit {
        case "H": return .seconds(amount * 3600)
        case "M": return .seconds(amount * 60)
        case "S": return .seconds(amount)
        case "m": return .milliseconds(amount)
        case "u": return .microseconds(amount)
        case "n": return .nanoseconds(amount)
        default: return nil
        }
    }
}

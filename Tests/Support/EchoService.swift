import Foundation
import NIOConcurrencyHelpers
import TIBSProto
import TIBSRPC

/// The diagnostic echo service (proto/tibs/testing/v1/echo.proto) that runtime tests and
/// benchmarks serve. `probe` lets tests observe what handlers saw.
public enum EchoService {
    public static let get = "/tibs.testing.v1.Echo/Get"
    public static let expand = "/tibs.testing.v1.Echo/Expand"
    public static let collect = "/tibs.testing.v1.Echo/Collect"
    /// Unary: answers `count` bytes of padding (after `delay_ms`), a large answer to a small
    /// request, for what a client that never reads costs (`scripts/slow-reader-figures`).
    public static let sized = "/tibs.testing.v1.Echo/Sized"
    /// Unary, brokers only, and the caller must be allowed to write `region`.
    public static let regional = "/tibs.testing.v1.Echo/Regional"

    public static func router(access: AccessRule = .authenticated, probe: EchoProbe = EchoProbe()) -> RPCRouter {
        var router = RPCRouter()
        router.unary(get, access: access) { (request: Tibs_Testing_V1_EchoRequest, context) in
            probe.started()
            defer { probe.finished() }
            do {
                if request.delayMs > 0 { try await Task.sleep(for: .milliseconds(Int(request.delayMs))) }
            } catch {
                probe.sawCancellation()
                throw error
            }
            return Tibs_Testing_V1_EchoResponse.with {
                $0.text = request.text
                $0.padding = request.padding
            }
        }
        router.unary(sized, access: access) { (request: Tibs_Testing_V1_EchoRequest, _) in
            if request.delayMs > 0 { try await Task.sleep(for: .milliseconds(Int(request.delayMs))) }
            return Tibs_Testing_V1_EchoResponse.with { $0.padding = Data(repeating: 0x2A, count: Int(request.count)) }
        }
        router.serverStreaming(expand, access: access) { (request: Tibs_Testing_V1_EchoRequest, writer: ResponseWriter<Tibs_Testing_V1_EchoResponse>, _) in
            probe.started()
            defer { probe.finished() }
            for index in 0..<request.count {
                do {
                    try await writer.send(.with { $0.text = request.text; $0.index = index; $0.padding = request.padding })
                } catch {
                    probe.sawCancellation()
                    throw error
                }
                probe.sent()
            }
        }
        router.clientStreaming(collect, access: access) { (requests: RequestStream<Tibs_Testing_V1_EchoRequest>, _) in
            var texts: [String] = []
            for try await request in requests {
                texts.append(request.text)
                if request.delayMs > 0 { try await Task.sleep(for: .milliseconds(Int(request.delayMs))) }
            }
            return Tibs_Testing_V1_EchoResponse.with { $0.text = texts.joined(separator: ","); $0.index = UInt32(texts.count) }
        }
        router.unary(regional, access: .writers) { (request: Tibs_Testing_V1_EchoRequest, context) in
            try context.requireWrite(region: request.region)
            return Tibs_Testing_V1_EchoResponse.with { $0.text = "written in \(request.region)" }
        }
        return router
    }
}

/// Counts what echo handlers did, for assertions across tasks.
public final class EchoProbe: Sendable {
    private struct Counts { var started = 0, finished = 0, cancelled = 0, sent = 0 }
    private let counts = NIOLockedValueBox(Counts())

    public init() {}

    func started() { counts.withLockedValue { $0.started += 1 } }
    func finished() { counts.withLockedValue { $0.finished += 1 } }
    func sawCancellation() { counts.withLockedValue { $0.cancelled += 1 } }
    func sent() { counts.withLockedValue { $0.sent += 1 } }

    public var startedCount: Int { counts.withLockedValue { $0.started } }
    public var finishedCount: Int { counts.withLockedValue { $0.finished } }
    public var cancelledCount: Int { counts.withLockedValue { $0.cancelled } }
    public var sentCount: Int { counts.withLockedValue { $0.sent } }
}

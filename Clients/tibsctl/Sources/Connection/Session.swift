import Foundation
import SwiftProtobuf
import TIBSProto
import TIBSRPC

/// One server connection for one command: makes calls and turns every failure into a ``CLIFailure``
/// with the message the user should read.
public struct Session: Sendable {
    public let settings: ConnectionSettings
    public let client: RPCClient

    public init(settings: ConnectionSettings) throws(CLIFailure) {
        self.settings = settings
        do {
            client = try RPCClient(configuration: settings.clientConfiguration())
        } catch let failure as CLIFailure {
            throw failure
        } catch {
            throw CLIFailure.local("cannot set up TLS: \(error) (check the --ca, --cert and --key files)")
        }
    }

    /// Runs `body` with the client, closes the connection, and maps errors.
    public static func with<T: Sendable>(
        _ settings: ConnectionSettings, _ body: (Session) async throws -> T
    ) async throws(CLIFailure) -> T {
        let session = try Session(settings: settings)
        do {
            let result = try await body(session)
            await session.client.close()
            return result
        } catch {
            await session.client.close()
            throw await session.failure(for: error)
        }
    }

    /// The user-facing failure for any error a call or its input produced.
    public func failure(for error: any Error) async -> CLIFailure {
        switch error {
        case let failure as CLIFailure:
            return failure
        case let rpc as RPCError:
            var tlsProblem: String?
            if rpc.code == .unavailable, rpc.detail.hasPrefix("TLS handshake") || rpc.detail.hasPrefix("TLS failure") {
                tlsProblem = await TLSDiagnosis.diagnose(settings)
            } else if rpc.code == .unavailable, rpc.detail.contains(CLIFailure.duringHandshake) {
                // The handshake ended in a hang-up: a certificate problem if there is one to name,
                // otherwise the server's own doing (at its limit), not a missing client certificate.
                tlsProblem = await TLSDiagnosis.diagnose(settings, blameClientCertificate: false)
            } else if rpc.code == .unavailable, settings.certPath == nil, CLIFailure.isClosedConnection(rpc.detail),
                      await ClientCertificateProbe.requiresClientCertificate(host: settings.host, port: settings.port,
                                                                             serverName: settings.serverName) {
                // TLS 1.3: the certificate-required alert can be lost behind the first request.
                tlsProblem = TLSDiagnosis.clientCertificateRequired
            }
            return CLIFailure.from(rpc, settings: settings, tlsProblem: tlsProblem)
        case let json as DynamicJSONError:
            if case .malformedBinary = json { return CLIFailure(.serverError, "\(json)") }
            return CLIFailure.usage("\(json)")
        case let syntax as JSONSyntaxError:
            return CLIFailure.usage("request: \(syntax)")
        default:
            return CLIFailure.local("\(error)")
        }
    }

    public var timeout: Duration { settings.timeout }

    /// The server's methods and the descriptors of their messages.
    public func describe() async throws -> ServerDescription {
        let response: Tibs_Reflection_V1_DescribeResponse = try await client.unary(
            BuiltinServices.describePath, Tibs_Reflection_V1_DescribeRequest(), timeout: timeout)
        return try ServerDescription(response)
    }
}

/// What `Reflection/Describe` said: methods and a transcoder for their messages.
public struct ServerDescription: Sendable {
    public let methods: [Tibs_Reflection_V1_MethodDescription]
    public let pool: DescriptorPool
    /// The serialized `FileDescriptorSet` as the server sent it (`describe --protoset` writes it).
    public let fileDescriptorSet: Data
    public var transcoder: DynamicJSON { DynamicJSON(pool: pool) }

    public init(_ response: Tibs_Reflection_V1_DescribeResponse) throws {
        methods = response.methods
        pool = try DescriptorPool(fileDescriptorSet: response.fileDescriptorSet)
        fileDescriptorSet = response.fileDescriptorSet
    }

    /// Finds a method by full path ("/pkg.Service/Method"), "pkg.Service/Method", "Service/Method"
    /// or a bare method name that only one service has.
    public func method(_ name: String) throws(CLIFailure) -> Tibs_Reflection_V1_MethodDescription {
        let wanted = name.hasPrefix("/") ? name : "/" + name
        if let exact = methods.first(where: { $0.name == wanted }) { return exact }
        let matches = methods.filter { method in
            let path = method.name
            if name.contains("/") {
                // "Service/Method" matches "/pkg.Service/Method".
                return path.hasSuffix("." + name) || path.hasSuffix("/" + name)
            }
            return path.split(separator: "/").last.map(String.init) == name
        }
        if matches.count == 1 { return matches[0] }
        if matches.isEmpty {
            throw CLIFailure.usage("the server has no method '\(name)' (tibsctl describe lists them)")
        }
        throw CLIFailure.usage("'\(name)' is ambiguous: \(matches.map(\.name).joined(separator: ", "))")
    }
}

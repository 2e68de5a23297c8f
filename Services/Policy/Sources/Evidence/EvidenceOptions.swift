import ArgumentParser
import Foundation
import TIBSRPC
import TIBSServiceKit

/// How `tibs-policy` trusts the registries it follows: `--follow-ca` (a PEM CA that signs their
/// certificates, `TIBS_FOLLOW_CA`); without it, the system trust store.
public struct EvidenceOptions: ParsableArguments, Sendable {
    @Option(help: "PEM CA that signs the followed registries' certificates. [env: TIBS_FOLLOW_CA] (default: the system trust store)")
    public var followCA: String?

    public init() {}

    /// The TLS trust for following, read now (a missing or unreadable file is a usage error).
    public func tls(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ClientTLS {
        guard let path = followCA ?? environment["TIBS_FOLLOW_CA"].flatMap({ $0.isEmpty ? nil : $0 }) else { return ClientTLS() }
        do {
            return ClientTLS(trustRootsPEM: try String(contentsOfFile: path, encoding: .utf8))
        } catch {
            throw ValidationError("--follow-ca (TIBS_FOLLOW_CA) \(path) cannot be read: \(error.localizedDescription)")
        }
    }
}

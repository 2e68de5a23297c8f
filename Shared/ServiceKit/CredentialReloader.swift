import Crypto
import Foundation
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle
import TIBSGRPCDoor
import TIBSIdentity
import TIBSRPC
import UnixSignals

/// The files a service's TLS identity and token trust come from (its `--tls-*`, `--client-ca`
/// and `--issuer-keys` flags), read together so that one reload sees one consistent set.
public struct CredentialFiles: Sendable, Equatable {
    public var certificateChain: String
    public var privateKey: String
    public var clientCA: String?
    public var requireClientCertificate: Bool
    public var issuerKeys: [String]
    public var tokenLeeway: Duration

    public init(_ options: ResolvedOptions) throws {
        // reason: resolved() guarantees both are set.
        guard let certificateChain = options.tlsCert, let privateKey = options.tlsKey else {
            throw OptionsError(description: "TLS certificate and key are required")
        }
        self.certificateChain = certificateChain
        self.privateKey = privateKey
        clientCA = options.clientCA
        requireClientCertificate = options.requireClientCert
        issuerKeys = options.issuerKeys
        tokenLeeway = .seconds(options.tokenLeewaySeconds)
    }

    /// What the files hold now.
    public struct Contents: Sendable, Equatable {
        public var tls: ServerTLS
        /// Raw public keys by key id (swift-crypto's key type is neither Sendable nor Equatable).
        public var issuerKeys: [String: Data]
        public var tokenLeeway: Duration

        public var verifier: TokenVerifier {
            // reason: every value was made from a valid key's rawRepresentation in `read()`.
            let keys = issuerKeys.compactMapValues { try? Curve25519.Signing.PublicKey(rawRepresentation: $0) }
            return TokenVerifier(keys: keys, leeway: tokenLeeway)
        }
    }

    /// Throws when a file is missing or unreadable, or no issuer key is left.
    public func read() throws -> Contents {
        let tls = try ServerTLS.files(certificateChain: certificateChain, privateKey: privateKey, clientCA: clientCA,
                                      requireClientCertificate: requireClientCertificate)
        let keys = try IssuerKeys.load(issuerKeys).mapValues(\.rawRepresentation)
        return Contents(tls: tls, issuerKeys: keys, tokenLeeway: tokenLeeway)
    }
}

/// Certificate and issuer-key rotation without a restart: on SIGHUP, and every `interval`, reads
/// the ``CredentialFiles`` again and, when they changed, gives the TIBS-RPC port the new
/// certificate for the connections it accepts from then on and the token check exactly the keys
/// now in the files (a token of a removed key is refused at once; one of a key still there stays
/// valid). Files that do not make a working set (a half-written key, a key that does not match
/// the certificate, no issuer key left) change nothing: the reload is refused and logged, and
/// the service keeps serving with what it had.
///
/// The gRPC door gets the new certificate and key too (``GRPCDoor/replaceCertificate(_:)``), for
/// its next connections; a changed client CA reaches the door at the next restart, which the
/// reload's log line says. Token keys apply to both protocols at once (one ``TokenAuthenticator``).
public final class CredentialReloader: Sendable {
    public enum Outcome: Sendable, Equatable {
        case unchanged
        /// What changed: the certificate (or key, or client CA), the issuer keys, or both.
        case reloaded(certificate: Bool, issuerKeys: Set<String>)
        case refused(String)
    }

    private let files: CredentialFiles
    private let server: RPCServer
    private let authenticator: TokenAuthenticator
    private let grpcDoor: GRPCDoor?
    fileprivate let interval: Duration?
    private let logger: Logger
    /// What was applied last; reloads run one at a time under this lock's order (see `reload`).
    private let applied: NIOLockedValueBox<CredentialFiles.Contents>
    private let reloading = NIOLock()

    public init(files: CredentialFiles, initial: CredentialFiles.Contents, server: RPCServer, authenticator: TokenAuthenticator,
                grpcDoor: GRPCDoor?, interval: Duration?, logger: Logger) {
        self.files = files
        self.applied = NIOLockedValueBox(initial)
        self.server = server
        self.authenticator = authenticator
        self.grpcDoor = grpcDoor
        self.interval = interval
        self.logger = logger
    }

    /// Reads the files and applies what changed; `reason` goes to the log ("SIGHUP", "periodic check").
    @discardableResult
    public func reload(reason: String) -> Outcome {
        reloading.withLock {
            let before = applied.withLockedValue { $0 }
            let now: CredentialFiles.Contents
            do {
                now = try files.read()
            } catch {
                return refuse("cannot read the credential files: \(error)", reason: reason)
            }
            guard now != before else { return .unchanged }
            let certificateChanged = now.tls != before.tls
            if certificateChanged {
                do {
                    // The TIBS-RPC port first: making its context checks that the key fits the certificate.
                    try server.replaceTLS(now.tls)
                    try grpcDoor?.replaceCertificate(now.tls)
                } catch {
                    return refuse("the new certificate and key do not make a TLS context: \(error)", reason: reason)
                }
            }
            let keysChanged = Set(now.issuerKeys.keys).symmetricDifference(before.issuerKeys.keys)
            if now.issuerKeys != before.issuerKeys || now.tokenLeeway != before.tokenLeeway {
                authenticator.replaceVerifier(now.verifier)
            }
            applied.withLockedValue { $0 = now }
            logger.notice("credentials reloaded", metadata: [
                "reason": "\(reason)", "certificate": "\(certificateChanged ? "new" : "unchanged")",
                "issuer_keys": "\(now.issuerKeys.keys.sorted().joined(separator: ","))",
                "grpc_door": "\(grpcDoor == nil ? "none" : now.tls.clientCATrustPEM != before.tls.clientCATrustPEM ? "new certificate; keeps its client CA until restart" : "current")",
            ])
            return .reloaded(certificate: certificateChanged, issuerKeys: keysChanged)
        }
    }

    private func refuse(_ problem: String, reason: String) -> Outcome {
        logger.error("credentials not reloaded; still serving with the previous ones", metadata: ["reason": "\(reason)", "problem": "\(problem)"])
        return .refused(problem)
    }

    /// The service that reloads on every SIGHUP of `hangups` and every `interval` until graceful
    /// shutdown. `hangups` is made before the service starts (making it installs the handler), so
    /// a SIGHUP after the banner never meets the default action, which ends the process.
    public func watching(_ hangups: UnixSignalsSequence) -> some Service {
        Watch(reloader: self, hangups: hangups)
    }

    private struct Watch: Service {
        let reloader: CredentialReloader
        let hangups: UnixSignalsSequence

        func run() async throws {
            do {
                try await cancelWhenGracefulShutdown {
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            for await _ in hangups { reloader.reload(reason: "SIGHUP") }
                        }
                        if let interval = reloader.interval {
                            group.addTask {
                                while true {
                                    try await Task.sleep(for: interval)
                                    reloader.reload(reason: "periodic check")
                                }
                            }
                        }
                        try await group.waitForAll()
                    }
                }
            } catch is CancellationError {
                // Shutting down: a reload is never half applied (each runs under `reloading`).
            }
        }
    }
}

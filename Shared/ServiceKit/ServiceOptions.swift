import ArgumentParser
import Foundation
import TIBSSettings

/// Flags every TIBS service takes. Each flag has a `TIBS_*` environment equivalent
/// (`--data-dir` ↔ `TIBS_DATA_DIR`); a flag on the command line wins over the environment,
/// the environment over the default (``SettingSources``, the precedence tibsctl uses too).
/// docs/configuration.md lists them from these help texts (scripts/generate-config-docs): keep
/// each one's `[env: …]` and `(default: …)`.
public struct ServiceOptions: ParsableArguments, Sendable {
    @Option(help: "Address to listen on. [env: TIBS_HOST] (default: 0.0.0.0)")
    public var host: String?

    @Option(help: "Port to listen on; 0 picks a free one. [env: TIBS_PORT] (default: registry 7401, catalogue 7402, policy 7403, match 7404)")
    public var port: Int?

    @Option(help: "Folder holding the service's SQLite file. [env: TIBS_DATA_DIR] (default: ./data)")
    public var dataDir: String?

    @Option(help: "PEM certificate chain of the service (leaf first). [env: TIBS_TLS_CERT] (default: none; required, TLS is always on)")
    public var tlsCert: String?

    @Option(help: "PEM private key of the service's certificate. [env: TIBS_TLS_KEY] (default: none; required)")
    public var tlsKey: String?

    @Option(help: "PEM CA that signs client certificates. [env: TIBS_CLIENT_CA] (default: none: client certificates are not asked for)")
    public var clientCA: String?

    @Flag(help: "Refuse clients without a certificate signed by --client-ca. [env: TIBS_REQUIRE_CLIENT_CERT=1] (default: off)")
    public var requireClientCert = false

    @Option(help: "Issuer public keys (PEM files or folders of *.pem), comma-separated. [env: TIBS_ISSUER_KEYS] (default: none; required, or no token verifies)")
    public var issuerKeys: String?

    @Option(help: "trace, debug, info, notice, warning, error or critical. [env: TIBS_LOG_LEVEL] (default: info)")
    public var logLevel: String?

    @Option(help: "json or text. [env: TIBS_LOG_FORMAT] (default: json)")
    public var logFormat: String?

    @Option(help: "Plain-HTTP port serving /metrics (Prometheus); 0 picks a free one. [env: TIBS_METRICS_PORT] (default: the service's port + 2000: 9401, 9402, 9403, 9404; any free one with --port 0)")
    public var metricsPort: Int?

    @Flag(help: "Serve no metrics endpoint. [env: TIBS_METRICS=off] (default: metrics on)")
    public var noMetrics = false

    @Option(help: "Port of the standard gRPC door (HTTP/2 over TLS, ALPN h2, with server reflection); 0 picks a free one. [env: TIBS_GRPC_PORT] (default: the service's port + 100: 7501, 7502, 7503, 7504; any free one with --port 0)")
    public var grpcPort: Int?

    @Flag(help: "Serve no gRPC door, TIBS-RPC only. [env: TIBS_GRPC=off] (default: gRPC on)")
    public var noGrpc = false

    @Option(help: "Largest frame accepted, in bytes. [env: TIBS_MAX_FRAME_BYTES] (default: 4194304)")
    public var maxFrameBytes: Int?

    @Option(help: "Connections served at once. [env: TIBS_MAX_CONNECTIONS] (default: 1024)")
    public var maxConnections: Int?

    @Option(help: "Open calls per connection. [env: TIBS_MAX_CALLS_PER_CONNECTION] (default: 128)")
    public var maxCallsPerConnection: Int?

    @Option(help: "Seconds open calls may run after SIGTERM. [env: TIBS_SHUTDOWN_GRACE_SECONDS] (default: 10)")
    public var shutdownGraceSeconds: Int?

    @Option(help: "Seconds a token is still accepted after its expiry, for clock skew. [env: TIBS_TOKEN_LEEWAY_SECONDS] (default: 60)")
    public var tokenLeewaySeconds: Int?

    @Option(help: "TLS handshakes in progress at once; more close the oldest. [env: TIBS_MAX_PENDING_HANDSHAKES] (default: 128)")
    public var maxPendingHandshakes: Int?

    @Option(help: "Seconds between checks of the certificate, key, client CA and issuer key files for changes, which are then used without a restart (SIGHUP checks at once); 0: only on SIGHUP. [env: TIBS_RELOAD_SECONDS] (default: 60)")
    public var reloadSeconds: Int?

    @Flag(help: "Check flags, environment, files and ports, print one line and exit (0: ok, 64: not) without opening the store, listening or following. (default: off)")
    public var checkConfig = false

    public init() {}
}

/// `ServiceOptions` with the environment and defaults applied; what a service runs with.
public struct ResolvedOptions: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var dataDir: String
    public var tlsCert: String?
    public var tlsKey: String?
    public var clientCA: String?
    public var requireClientCert: Bool
    public var issuerKeys: [String]
    public var logLevel: String
    public var logFormat: String
    /// nil: no metrics endpoint.
    public var metricsPort: Int?
    /// nil: no gRPC door.
    public var grpcPort: Int?
    public var maxFrameBytes: Int
    public var maxConnections: Int
    public var maxCallsPerConnection: Int
    public var shutdownGraceSeconds: Int
    /// Clock-skew leeway of token expiry checks (`TokenVerifier`), in seconds.
    public var tokenLeewaySeconds: Int
    /// Handshakes in progress counted apart from established connections (`ServerConfiguration.maxPendingHandshakes`).
    public var maxPendingHandshakes: Int
    /// Seconds between checks of the credential files (``CredentialReloader``); 0: SIGHUP only.
    public var reloadSeconds: Int
}

/// Why the options cannot run a service; printed as a usage error.
public struct OptionsError: Error, CustomStringConvertible, Equatable {
    public let description: String
}

extension ServiceOptions {
    /// Applies `TIBS_*` variables from `environment` and the defaults; checks ranges and pairs.
    public func resolved(defaultPort: Int, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ResolvedOptions {
        let sources = SettingSources(environment: environment)
        func setting(_ flag: String?, _ name: String) -> String? {
            sources.pick(flag: flag, flagName: SettingSources.flagName(forVariable: name), variable: name)?.value
        }
        func text(_ flag: String?, _ name: String, _ fallback: String) -> String { setting(flag, name) ?? fallback }
        func optionalText(_ flag: String?, _ name: String) -> String? { setting(flag, name) }
        func number(_ flag: Int?, _ name: String, _ fallback: Int, _ range: ClosedRange<Int>) throws -> Int {
            var value = fallback
            if let raw = setting(flag.map(String.init), name) {
                guard let parsed = Int(raw) else { throw OptionsError(description: "\(ConfigCheck.named(name)) \(raw) is not a whole number") }
                value = parsed
            }
            guard range.contains(value) else {
                throw OptionsError(description: "\(ConfigCheck.named(name)) must be in \(range.lowerBound)...\(range.upperBound), not \(value)")
            }
            return value
        }
        let requireEnv = ["1", "true", "yes"].contains((environment["TIBS_REQUIRE_CLIENT_CERT"] ?? "").lowercased())
        let resolvedPort = try number(port, "TIBS_PORT", defaultPort, 0...65535)
        let metricsOff = noMetrics || (environment["TIBS_METRICS"] ?? "").lowercased() == "off"
        let metrics = metricsOff ? nil : try number(metricsPort, "TIBS_METRICS_PORT", resolvedPort == 0 ? 0 : resolvedPort + 2000, 0...65535)
        let grpcOff = noGrpc || (environment["TIBS_GRPC"] ?? "").lowercased() == "off"
        let grpc = grpcOff ? nil : try number(grpcPort, "TIBS_GRPC_PORT", resolvedPort == 0 ? 0 : resolvedPort + 100, 0...65535)
        let options = ResolvedOptions(
            host: text(host, "TIBS_HOST", "0.0.0.0"),
            port: resolvedPort,
            dataDir: text(dataDir, "TIBS_DATA_DIR", "./data"),
            tlsCert: optionalText(tlsCert, "TIBS_TLS_CERT"),
            tlsKey: optionalText(tlsKey, "TIBS_TLS_KEY"),
            clientCA: optionalText(clientCA, "TIBS_CLIENT_CA"),
            requireClientCert: requireClientCert || requireEnv,
            issuerKeys: text(issuerKeys, "TIBS_ISSUER_KEYS", "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
            logLevel: text(logLevel, "TIBS_LOG_LEVEL", "info"),
            logFormat: text(logFormat, "TIBS_LOG_FORMAT", "json"),
            metricsPort: metrics,
            grpcPort: grpc,
            maxFrameBytes: try number(maxFrameBytes, "TIBS_MAX_FRAME_BYTES", 4 * 1024 * 1024, 1024...(64 * 1024 * 1024)),
            maxConnections: try number(maxConnections, "TIBS_MAX_CONNECTIONS", 1024, 1...1_000_000),
            maxCallsPerConnection: try number(maxCallsPerConnection, "TIBS_MAX_CALLS_PER_CONNECTION", 128, 1...65_536),
            shutdownGraceSeconds: try number(shutdownGraceSeconds, "TIBS_SHUTDOWN_GRACE_SECONDS", 10, 0...3600),
            tokenLeewaySeconds: try number(tokenLeewaySeconds, "TIBS_TOKEN_LEEWAY_SECONDS", 60, 0...3600),
            maxPendingHandshakes: try number(maxPendingHandshakes, "TIBS_MAX_PENDING_HANDSHAKES", 128, 1...100_000),
            reloadSeconds: try number(reloadSeconds, "TIBS_RELOAD_SECONDS", 60, 0...86_400))
        guard options.tlsCert != nil, options.tlsKey != nil else {
            throw OptionsError(description: "TLS is always on: give --tls-cert and --tls-key (or TIBS_TLS_CERT and TIBS_TLS_KEY)")
        }
        if options.requireClientCert, options.clientCA == nil {
            throw OptionsError(description: "--require-client-cert (TIBS_REQUIRE_CLIENT_CERT) needs --client-ca (TIBS_CLIENT_CA)")
        }
        guard !options.issuerKeys.isEmpty else {
            throw OptionsError(description: "no issuer public keys: give --issuer-keys (or TIBS_ISSUER_KEYS); without them no token verifies")
        }
        guard ["json", "text"].contains(options.logFormat) else {
            throw OptionsError(description: "--log-format (TIBS_LOG_FORMAT) must be json or text, not \(options.logFormat)")
        }
        guard LogSetup.level(options.logLevel) != nil else {
            throw OptionsError(description: "--log-level (TIBS_LOG_LEVEL) must be one of trace, debug, info, notice, warning, error, critical")
        }
        return options
    }
}

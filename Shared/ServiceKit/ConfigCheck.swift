import ArgumentParser
import Foundation
import NIOCore
import NIOPosix
import SwiftASN1
import TIBSSettings
import X509

/// What one service's main hands ``ServiceMain``: its definition, built from its own options,
/// and what `--check-config` checks of those options beyond every service's.
public struct ServicePlan: Sendable {
    public var definition: ServiceDefinition
    /// Checks of the service's own settings (files it reads while running, e.g. `--follow-token-file`).
    public var checks: [ConfigCheck.Item]
    /// Added to the `configuration ok (…)` line, e.g. "follows registry=127.0.0.1:7401".
    public var summary: [String]

    public init(definition: ServiceDefinition, checks: [ConfigCheck.Item] = [], summary: [String] = []) {
        self.definition = definition
        self.checks = checks
        self.summary = summary
    }
}

/// The one `run()` of every service executable: `--check-config` checks and exits, otherwise the
/// service runs (``ServiceRunner/run(_:options:)``).
public enum ServiceMain {
    /// The executable's `main`: ArgumentParser's, except that with `--check-config` a command line
    /// it refuses (an unknown flag, a value that does not parse) is one `configuration error`
    /// line and status 64 too, so a deployment's command line is checked with one rule.
    /// `name` (default: the command's name) prefixes the configuration error line.
    public static func main<Command: AsyncParsableCommand>(_ command: Command.Type, name: String? = nil,
                                                           arguments: [String] = Array(CommandLine.arguments.dropFirst())) async {
        let name = name ?? command.configuration.commandName ?? "tibs"
        do {
            var parsed = try command.parseAsRoot(arguments)
            if var asynchronous = parsed as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try parsed.run()
            }
        } catch {
            if arguments.contains("--check-config"), !(error is ExitCode), command.exitCode(for: error) != .success {
                let message = command.message(for: error).split(separator: "\n").joined(separator: " ")
                FileHandle.standardError.write(Data("\(name): configuration error: \(message)\n".utf8))
                command.exit(withError: ExitCode(ConfigCheck.exitCode))
            }
            command.exit(withError: error)
        }
    }

    /// `plan` builds the definition from the service's own options (it throws their usage errors).
    public static func run(name: String, options: ServiceOptions, plan: () throws -> ServicePlan) async throws {
        guard options.checkConfig else {
            do {
                try await ServiceRunner.run(try plan().definition, options: options)
            } catch let error as OptionsError {
                throw ValidationError(error.description)
            }
            return
        }
        do {
            let summary = try await ConfigCheck.check(try plan(), options: options)
            FileHandle.standardOutput.write(Data("\(name): configuration ok (\(summary))\n".utf8))
        } catch {
            FileHandle.standardError.write(Data("\(name): configuration error: \(ConfigCheck.message(error))\n".utf8))
            throw ExitCode(ConfigCheck.exitCode)
        }
    }
}

/// `--check-config`: resolves every setting exactly as a start does and checks what a start
/// would trip over later — TLS files that must parse and match, the client CA, issuer keys,
/// the data folder, both ports — without opening the store, listening or following. The
/// first problem is reported with the flag and its `TIBS_*` variable named.
public enum ConfigCheck {
    /// Exit status of a failed check: 64, as every usage error of the TIBS executables.
    public static let exitCode: Int32 = 64

    /// One check of a service's own settings.
    public struct Item: Sendable {
        let run: @Sendable () throws -> Void

        public init(_ run: @escaping @Sendable () throws -> Void) { self.run = run }

        /// `path` (when set) is a readable, non-empty file; `variable` names the setting.
        public static func readableFile(_ path: String?, variable: String) -> Item {
            Item {
                guard let path else { return }
                guard !(try ConfigCheck.read(path, variable: variable)).isEmpty else {
                    throw OptionsError(description: "\(ConfigCheck.named(variable)) \(path) is empty")
                }
            }
        }

        /// `pem` (when set) holds at least one certificate, and each parses.
        public static func certificates(_ pem: String?, variable: String) -> Item {
            Item {
                guard let pem else { return }
                _ = try ConfigCheck.certificates(pem, source: ConfigCheck.named(variable))
            }
        }
    }

    /// `--tls-cert (TIBS_TLS_CERT)`: how a message names a setting.
    public static func named(_ variable: String) -> String {
        "\(SettingSources.flagName(forVariable: variable)) (\(variable))"
    }

    /// The text of an error for the `configuration error:` line.
    static func message(_ error: any Error) -> String {
        switch error {
        case let error as OptionsError: error.description
        case let error as ValidationError: error.message
        default: "\(error)"
        }
    }

    /// Runs every check; the summary of the `configuration ok` line.
    static func check(_ plan: ServicePlan, options: ServiceOptions) async throws -> String {
        let definition = plan.definition
        let resolved = try options.resolved(defaultPort: definition.defaultPort)
        var summary = ["port \(resolved.port == 0 ? "any" : String(resolved.port))",
                       "metrics " + (resolved.metricsPort.map { $0 == 0 ? "any" : String($0) } ?? "off"),
                       "grpc " + (resolved.grpcPort.map { $0 == 0 ? "any" : String($0) } ?? "off")]
        summary.append(try checkTLS(resolved))
        do {
            let keys = try IssuerKeys.load(resolved.issuerKeys)
            summary.append("\(keys.count) issuer key\(keys.count == 1 ? "" : "s")")
        } catch {
            throw OptionsError(description: "\(named("TIBS_ISSUER_KEYS")): \(message(error))")
        }
        summary.append(try checkDataFolder(resolved.dataDir, databaseFile: definition.databaseFile))
        for item in plan.checks { try item.run() }
        try await checkPort(host: resolved.host, port: resolved.port, variable: "TIBS_PORT")
        if let metricsPort = resolved.metricsPort {
            if metricsPort != 0, metricsPort == resolved.port {
                throw OptionsError(description: "\(named("TIBS_METRICS_PORT")) \(metricsPort) is also the RPC port (\(named("TIBS_PORT")))")
            }
            try await checkPort(host: resolved.host, port: metricsPort, variable: "TIBS_METRICS_PORT")
        }
        if let grpcPort = resolved.grpcPort {
            let taken = [("TIBS_PORT", resolved.port), ("TIBS_METRICS_PORT", resolved.metricsPort ?? 0)]
            if grpcPort != 0, let (variable, _) = taken.first(where: { $0.1 == grpcPort }) {
                throw OptionsError(description: "\(named("TIBS_GRPC_PORT")) \(grpcPort) is also \(named(variable))")
            }
            try await checkPort(host: resolved.host, port: grpcPort, variable: "TIBS_GRPC_PORT")
        }
        return (summary + plan.summary).joined(separator: ", ")
    }

    /// Certificate chain and key parse, the key is the leaf's, the leaf is in its validity
    /// period; the client CA parses.
    static func checkTLS(_ options: ResolvedOptions) throws -> String {
        // reason: resolved() guarantees both are set.
        guard let certPath = options.tlsCert, let keyPath = options.tlsKey else {
            throw OptionsError(description: "TLS certificate and key are required")
        }
        let chain = try certificates(try read(certPath, variable: "TIBS_TLS_CERT"), source: "\(named("TIBS_TLS_CERT")) \(certPath)")
        let key: Certificate.PrivateKey
        do {
            key = try Certificate.PrivateKey(pemEncoded: try read(keyPath, variable: "TIBS_TLS_KEY"))
        } catch let error as OptionsError {
            throw error
        } catch {
            throw OptionsError(description: "\(named("TIBS_TLS_KEY")) \(keyPath) is not a PEM private key: \(error)")
        }
        let leaf = chain[0]
        guard key.publicKey == leaf.publicKey else {
            throw OptionsError(description: "\(named("TIBS_TLS_KEY")) \(keyPath) is not the key of the certificate in \(named("TIBS_TLS_CERT")) \(certPath)")
        }
        let now = Date()
        guard leaf.notValidBefore <= now, now <= leaf.notValidAfter else {
            throw OptionsError(description: "\(named("TIBS_TLS_CERT")) \(certPath) is valid only from \(leaf.notValidBefore) to \(leaf.notValidAfter)")
        }
        guard let caPath = options.clientCA else { return "no client CA" }
        _ = try certificates(try read(caPath, variable: "TIBS_CLIENT_CA"), source: "\(named("TIBS_CLIENT_CA")) \(caPath)")
        return options.requireClientCert ? "client certificates required" : "client certificates optional"
    }

    /// The folder exists and a file can be made in it, or it can be created: its nearest
    /// existing parent is a folder where a file can be made. A probe file is made and removed
    /// (access(2) says yes to root for any mode, so only trying tells); the database is not.
    static func checkDataFolder(_ path: String, databaseFile: String) throws -> String {
        let name = named("TIBS_DATA_DIR")
        let url = URL(fileURLWithPath: path).standardizedFileURL
        if let folder = isFolder(url.path) {
            guard folder else { throw OptionsError(description: "\(name) \(path) is a file, not a folder") }
            try probe(url.path, what: "\(name) \(path)")
            let database = url.appendingPathComponent(databaseFile).path
            if isFolder(database) != nil {
                let fd = open(database, O_RDWR)
                guard fd >= 0 else {
                    throw OptionsError(description: "\(name): \(database) cannot be opened for writing: \(String(cString: strerror(errno)))")
                }
                close(fd)
            }
            return "data \(path)"
        }
        var parent = url.deletingLastPathComponent()
        while isFolder(parent.path) == nil, parent.path != "/" { parent = parent.deletingLastPathComponent() }
        guard isFolder(parent.path) == true else {
            throw OptionsError(description: "\(name) \(path) cannot be created: \(parent.path) is a file, not a folder")
        }
        try probe(parent.path, what: "\(name) \(path) cannot be created: \(parent.path)")
        return "data \(path) (created at start)"
    }

    /// nil: nothing at `path`; otherwise whether it is a folder.
    private static func isFolder(_ path: String) -> Bool? {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) ? isDirectory.boolValue : nil
    }

    private static func probe(_ folder: String, what: String) throws {
        let probe = folder + "/.tibs-check-config-\(getpid())"
        let fd = open(probe, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw OptionsError(description: "\(what) is not writable: \(String(cString: strerror(errno)))") }
        let written = write(fd, "x", 1)
        let failure = errno
        close(fd)
        unlink(probe)
        guard written == 1 else { throw OptionsError(description: "\(what) is not writable: \(String(cString: strerror(failure)))") }
    }

    /// Binds `host:port` as the server would (SO_REUSEADDR) and closes at once; 0 is always free.
    static func checkPort(host: String, port: Int, variable: String) async throws {
        guard port != 0 else { return }
        do {
            let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .bind(host: host, port: port).get()
            try await channel.close().get()
        } catch {
            let reason = (error as? IOError).map { String(cString: strerror($0.errnoCode)) } ?? "\(error)"
            throw OptionsError(description: "\(named(variable)) \(port) on \(host) cannot be bound: \(reason)")
        }
    }

    /// The text of a file a setting names; a clear error when it is missing, a folder or unreadable.
    static func read(_ path: String, variable: String) throws -> String {
        switch isFolder(path) {
        case nil: throw OptionsError(description: "\(named(variable)) \(path): no such file")
        case true?: throw OptionsError(description: "\(named(variable)) \(path) is a folder, not a file")
        case false?: break
        }
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw OptionsError(description: "\(named(variable)) \(path) cannot be read: \(error.localizedDescription)")
        }
    }

    /// Every certificate in `pem`; at least one, each parsing.
    static func certificates(_ pem: String, source: String) throws -> [Certificate] {
        let documents: [PEMDocument]
        do {
            documents = try PEMDocument.parseMultiple(pemString: pem).filter { $0.discriminator == "CERTIFICATE" }
        } catch {
            throw OptionsError(description: "\(source) is not PEM: \(error)")
        }
        guard !documents.isEmpty else { throw OptionsError(description: "\(source) holds no PEM certificate") }
        do {
            return try documents.map { try Certificate(pemDocument: $0) }
        } catch {
            throw OptionsError(description: "\(source): a certificate does not parse: \(error)")
        }
    }
}

import Foundation
import NIOCore
import TIBSRPC
import TIBSSettings

/// Where and how to connect, resolved from (highest first) flags, `TIBS_*` environment variables,
/// the selected profile, and defaults: the precedence of ``SettingSources``, shared with the services.
///
/// Profile file (JSON; relative paths are relative to the file):
/// ```json
/// { "default": "dev",
///   "profiles": { "dev": { "address": "localhost:7401", "ca": "certs/ca.pem",
///                          "cert": "...", "key": "...", "serverName": "...",
///                          "token": "...", "tokenFile": "admin.token", "timeout": 30 } } }
/// ```
public struct ConnectionSettings: Sendable, Equatable {
    public static let defaultPort = 7401

    public var host: String
    public var port: Int
    public var caPath: String?
    public var certPath: String?
    public var keyPath: String?
    public var serverName: String?
    public var token: String?
    public var timeout: Duration
    /// How long the TCP connect may take: 5 s, so that an address nothing answers is reported
    /// soon; a caller on a slowed machine (a test under a sanitizer) gives it longer.
    public var connectTimeout: Duration = .seconds(5)
    /// Where the address came from, for messages ("--address", "TIBS_ADDRESS", "profile dev").
    public var addressSource: String
    /// `--verbose`: failures also show the underlying error, not only the plain sentence.
    public var verbose = false

    public var address: String { "\(host):\(port)" }

    /// Resolves settings; `address` (a positional argument) wins over every other source. The
    /// address is the `service`'s: `--address`, its variable (`TIBS_ADDRESS`, `TIBS_CATALOGUE_ADDRESS`, `TIBS_POLICY_ADDRESS`),
    /// its profile key (`address`, `catalogueAddress`, `policyAddress`), then its entry in the endpoints file
    /// (`TIBS_ENDPOINTS` or the profile's `endpoints`).
    public static func resolve(
        _ options: ConnectionOptions, address positional: String? = nil, service: ServiceEndpoint = .registry,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(CLIFailure) -> ConnectionSettings {
        let profile = try Profile.load(name: options.profile ?? environment["TIBS_PROFILE"],
                                       file: options.profileFile ?? environment["TIBS_PROFILE_FILE"], environment: environment)
        let sources = SettingSources(environment: environment, file: profile.map { profile in
            SettingSources.File(name: "profile \(profile.name)", value: { profile.value($0) })
        })
        func pick(_ flag: String?, _ variable: String, _ key: String) -> (String, String)? {
            sources.pick(flag: flag, flagName: "--\(key.lowercased())", variable: variable, fileKey: key).map { ($0.value, $0.source) }
        }
        var addressChoice = positional.map { ($0, "the command line") }
            ?? sources.pick(flag: options.address, flagName: "--address", variable: service.addressVariable, fileKey: service.addressKey)
                .map { ($0.value, $0.source) }
        if addressChoice == nil, let file = pick(nil, "TIBS_ENDPOINTS", "endpoints")?.0 {
            addressChoice = try endpoint(service.name, in: file)
        }
        guard let (addressText, addressSource) = addressChoice else {
            // The registry's wording is the one every command had before there were other services.
            throw CLIFailure.usage(service == .registry ? "no server address: pass one, or set --address, TIBS_ADDRESS or a profile"
                                   : "no \(service.name) address: pass one, or set --address, \(service.addressVariable), "
                                   + "TIBS_ENDPOINTS (an endpoints.json) or a profile")
        }
        let (host, port) = try parseAddress(addressText, defaultPort: service.defaultPort)
        let tokenFile = pick(options.tokenFile, "TIBS_TOKEN_FILE", "tokenFile")?.0
        let given = pick(options.token, "TIBS_TOKEN", "token")
        // Surrounding whitespace (a file's or a pasted token's trailing newline) is never part of a token.
        var token = given?.0.trimmingCharacters(in: .whitespacesAndNewlines)
        var tokenSource = given?.1
        if options.token == nil, let tokenFile {
            do {
                token = try String(contentsOfFile: tokenFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
                tokenSource = "the token file \(tokenFile)"
            } catch {
                throw CLIFailure.local("cannot read the token file \(tokenFile)")
            }
        }
        if let token, token.isEmpty {
            throw CLIFailure.usage("empty token (from \(tokenSource ?? "the settings")): give a token, or leave the setting out to call without one")
        }
        var timeout: Duration = .seconds(30)
        if let text = options.timeout.map({ String($0) }) ?? pick(nil, "TIBS_TIMEOUT", "timeout")?.0 {
            guard let seconds = Double(text), seconds > 0 else { throw CLIFailure.usage("timeout must be a positive number of seconds, not '\(text)'") }
            timeout = .milliseconds(Int64(seconds * 1000))
        }
        return ConnectionSettings(
            host: host, port: port,
            caPath: pick(options.ca, "TIBS_CA", "ca")?.0,
            certPath: pick(options.cert, "TIBS_CERT", "cert")?.0,
            keyPath: pick(options.key, "TIBS_KEY", "key")?.0,
            serverName: pick(options.serverName, "TIBS_SERVER_NAME", "serverName")?.0,
            token: token, timeout: timeout, addressSource: addressSource, verbose: options.verbose)
    }

    /// The service's address in an endpoints file (`{"registry": "127.0.0.1:7401", "catalogue": …}`),
    /// nil when the file has no entry for it.
    static func endpoint(_ name: String, in path: String) throws(CLIFailure) -> (String, String)? {
        let object: [String: Any]?
        do {
            object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        } catch {
            throw CLIFailure.local("cannot read the endpoints file \(path) (a JSON object of service name to host:port)")
        }
        guard let object else { throw CLIFailure.local("the endpoints file \(path) is not a JSON object") }
        guard let address = object[name] as? String, !address.isEmpty else { return nil }
        return (address, "\(path) (\(name))")
    }

    /// "host", "host:port", "[::1]:port" or "::1".
    static func parseAddress(_ text: String, defaultPort: Int = defaultPort) throws(CLIFailure) -> (String, Int) {
        var host = text
        var port = defaultPort
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw CLIFailure.usage("invalid address '\(text)'") }
            host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            if rest.hasPrefix(":") {
                guard let value = Int(rest.dropFirst()) else { throw CLIFailure.usage("invalid port in '\(text)'") }
                port = value
            } else if !rest.isEmpty {
                throw CLIFailure.usage("invalid address '\(text)'")
            }
        } else if text.filter({ $0 == ":" }).count == 1, let colon = text.firstIndex(of: ":") {
            host = String(text[..<colon])
            guard let value = Int(text[text.index(after: colon)...]) else { throw CLIFailure.usage("invalid port in '\(text)'") }
            port = value
        }
        guard !host.isEmpty, (1...65535).contains(port) else { throw CLIFailure.usage("invalid address '\(text)'") }
        return (host, port)
    }

    /// The client configuration: TLS always (system trust store when no CA is given), the token as
    /// metadata, the handshake bounded by the call deadline (10 s at least).
    public func clientConfiguration() throws(CLIFailure) -> ClientConfiguration {
        func read(_ path: String?, _ what: String) throws(CLIFailure) -> String? {
            guard let path else { return nil }
            do {
                return try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw CLIFailure.local("cannot read the \(what) file \(path)")
            }
        }
        if (certPath == nil) != (keyPath == nil) {
            throw CLIFailure.usage("a client certificate needs both --cert and --key")
        }
        let tls = ClientTLS(trustRootsPEM: try read(caPath, "CA"), certificateChainPEM: try read(certPath, "certificate"),
                            privateKeyPEM: try read(keyPath, "key"), serverName: serverName)
        var configuration = ClientConfiguration(host: host, port: port, tls: tls)
        configuration.backoff.maxAttempts = 2
        configuration.connectTimeout = TimeAmount(connectTimeout)
        // The TLS handshake may take as long as a call may (`--timeout`), never less than the
        // client's 10 s: a slow link or a busy server that the user gave time to is not cut short.
        configuration.handshakeTimeout = max(configuration.handshakeTimeout, TimeAmount(timeout))
        if let token, !token.isEmpty { configuration.bearerToken(token) }
        return configuration
    }
}

/// One profile of the profile file.
struct Profile: Sendable {
    let name: String
    let values: [String: String]
    let directory: String

    static let pathKeys: Set<String> = ["ca", "cert", "key", "tokenFile", "endpoints"]

    func value(_ key: String) -> String? {
        guard let value = values[key], !value.isEmpty else { return nil }
        if Self.pathKeys.contains(key), !value.hasPrefix("/") {
            if value.hasPrefix("~/") { return NSString(string: value).expandingTildeInPath }
            return URL(fileURLWithPath: directory).appendingPathComponent(value).path
        }
        return value
    }

    static func defaultPath(environment: [String: String]) -> String {
        if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty { return config + "/tibs/profiles.json" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.config/tibs/profiles.json"
    }

    /// Loads the named profile (or the file's default). A missing default file is no error; a missing
    /// named profile or an explicitly named file that cannot be read is.
    static func load(name: String?, file: String?, environment: [String: String]) throws(CLIFailure) -> Profile? {
        let path = file ?? defaultPath(environment: environment)
        guard FileManager.default.fileExists(atPath: path) else {
            if file != nil { throw CLIFailure.local("profile file \(path) does not exist") }
            if let name { throw CLIFailure.usage("profile '\(name)' requested, but there is no profile file at \(path)") }
            return nil
        }
        let object: [String: Any]
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            guard let parsed = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw CLIFailure.local("profile file \(path) is not a JSON object")
            }
            object = parsed
        } catch let failure as CLIFailure {
            throw failure
        } catch {
            throw CLIFailure.local("profile file \(path) is not valid JSON")
        }
        let profiles = object["profiles"] as? [String: Any] ?? [:]
        guard let chosen = name ?? (object["default"] as? String) else { return nil }
        guard let entry = profiles[chosen] as? [String: Any] else {
            throw CLIFailure.usage("profile '\(chosen)' is not in \(path) (it has: \(profiles.keys.sorted().joined(separator: ", ")))")
        }
        var values: [String: String] = [:]
        for (key, value) in entry {
            if let text = value as? String { values[key] = text } else if let number = value as? NSNumber { values[key] = number.stringValue }
        }
        return Profile(name: chosen, values: values, directory: (path as NSString).deletingLastPathComponent)
    }
}

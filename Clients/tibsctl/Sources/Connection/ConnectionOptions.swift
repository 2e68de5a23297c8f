import ArgumentParser
import Foundation

/// The connection flags every networked command takes. Each has a `TIBS_*` environment variable and
/// a profile key, so a user types an address and a token once (see ``ConnectionSettings``).
public struct ConnectionOptions: ParsableArguments, Sendable {
    @Option(name: .long, help: "Server address host[:port]; catalogue, policy and match commands read their own variable. [env: TIBS_ADDRESS, TIBS_CATALOGUE_ADDRESS, TIBS_POLICY_ADDRESS, TIBS_MATCH_ADDRESS] (default: the profile's, then the TIBS_ENDPOINTS file's; port 7401, 7402, 7403, 7404)")
    public var address: String?

    @Option(name: .long, help: "PEM file of the CA that signs the servers' certificates. [env: TIBS_CA] (default: the system trust store)")
    public var ca: String?

    @Option(name: .long, help: "PEM client certificate, for servers that require one. [env: TIBS_CERT]")
    public var cert: String?

    @Option(name: .long, help: "PEM private key of --cert. [env: TIBS_KEY]")
    public var key: String?

    @Option(name: .customLong("server-name"), help: "Name to verify in the server's certificate and send as SNI. [env: TIBS_SERVER_NAME] (default: the address's host)")
    public var serverName: String?

    @Option(name: .long, help: "Bearer token; prefer --token-file: command lines are visible to other users. [env: TIBS_TOKEN]")
    public var token: String?

    @Option(name: .customLong("token-file"), help: "File holding the bearer token. [env: TIBS_TOKEN_FILE]")
    public var tokenFile: String?

    @Option(name: .long, help: "Profile to use from the profile file. [env: TIBS_PROFILE] (default: the file's \"default\")")
    public var profile: String?

    @Option(name: .customLong("profile-file"), help: "Profile file. [env: TIBS_PROFILE_FILE] (default: ~/.config/tibs/profiles.json)")
    public var profileFile: String?

    @Option(name: .long, help: "Deadline per call in seconds; the TLS handshake may take as long (10 s at least). [env: TIBS_TIMEOUT] (default: 30)")
    public var timeout: Double?

    @Flag(name: .long, help: "On a failure, also print the underlying error after the message (for bug reports).")
    public var verbose = false

    public init() {}
}

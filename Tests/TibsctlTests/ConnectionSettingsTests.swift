import ArgumentParser
import Foundation
import Testing
import TIBSTestSupport
@testable import TIBSCtlKit

/// Where each connection setting comes from: flag, then environment, then profile, then default.
@Suite struct ConnectionSettingsTests {
    func options(_ arguments: [String]) throws -> ConnectionOptions { try ConnectionOptions.parse(arguments) }

    @Test func flagsWinOverEnvironmentWhichWinsOverTheProfile() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let token = folder.write("t", "from-file\n")
        let profiles = folder.write("profiles.json", """
            {"default": "p", "profiles": {"p": {"address": "profile.example:7402", "ca": "ca.pem", "token": "profile-token", "timeout": 5}}}
            """)
        let environment = ["TIBS_PROFILE_FILE": profiles, "TIBS_CA": "/env/ca.pem", "HOME": folder.path]

        let fromProfile = try ConnectionSettings.resolve(options([]), environment: environment)
        #expect(fromProfile.address == "profile.example:7402")
        #expect(fromProfile.addressSource == "profile p")
        #expect(fromProfile.caPath == "/env/ca.pem")
        #expect(fromProfile.token == "profile-token")
        #expect(fromProfile.timeout == .seconds(5))

        let fromFlags = try ConnectionSettings.resolve(options(["--address", "flag.example", "--ca", "/flag/ca.pem", "--token-file", token]),
                                                       environment: environment)
        #expect(fromFlags.address == "flag.example:7401")
        #expect(fromFlags.caPath == "/flag/ca.pem")
        #expect(fromFlags.token == "from-file")

        let positional = try ConnectionSettings.resolve(options(["--address", "flag.example"]), address: "[::1]:9000", environment: environment)
        #expect(positional.host == "::1" && positional.port == 9000)
    }

    /// A user who gives a call a long deadline (a slow link, a busy server) gives the TLS handshake
    /// as long; a short one leaves the client's own 10 s.
    @Test func theHandshakeMayTakeAsLongAsTheCallDeadlineAndTenSecondsAtLeast() throws {
        let environment = ["HOME": "/nonexistent"]
        let long = try ConnectionSettings.resolve(options(["--address", "h", "--timeout", "90"]), environment: environment)
        #expect(try long.clientConfiguration().handshakeTimeout == .seconds(90))
        let short = try ConnectionSettings.resolve(options(["--address", "h", "--timeout", "0.5"]), environment: environment)
        #expect(try short.clientConfiguration().handshakeTimeout == .seconds(10))
        let byDefault = try ConnectionSettings.resolve(options(["--address", "h"]), environment: environment)
        #expect(try byDefault.clientConfiguration().handshakeTimeout == .seconds(30))
        #expect(try byDefault.clientConfiguration().connectTimeout == .seconds(5), "an address nothing answers is reported soon")
    }

    @Test func profilePathsAreRelativeToTheFile() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let profiles = folder.write("profiles.json", #"{"profiles": {"x": {"address": "h:1", "ca": "certs/ca.pem", "cert": "/abs/c.pem"}}}"#)
        let settings = try ConnectionSettings.resolve(options(["--profile", "x", "--profile-file", profiles]), environment: ["HOME": folder.path])
        #expect(settings.caPath == folder.path + "/certs/ca.pem")
        #expect(settings.certPath == "/abs/c.pem")
    }

    @Test func badAddressesAndHalfClientCertificatesAreUsageErrors() throws {
        for address in ["h:0", "h:70000", "h:x", "[::1", ":80"] {
            #expect(throws: CLIFailure.self) { try ConnectionSettings.resolve(options([]), address: address, environment: [:]) }
        }
        let half = try ConnectionSettings.resolve(options(["--cert", "/c.pem"]), address: "h:1", environment: [:])
        #expect(throws: CLIFailure.usage("a client certificate needs both --cert and --key")) { try half.clientConfiguration() }
    }

    @Test func noDefaultProfileFileIsFine() throws {
        let settings = try ConnectionSettings.resolve(options([]), address: "localhost", environment: ["HOME": "/nonexistent"])
        #expect(settings.port == 7401)
        #expect(settings.token == nil)
    }

    @Test func eachServiceHasItsOwnAddressAndTheEndpointsFileFillsInTheRest() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let endpoints = folder.write("endpoints.json", #"{"registry": "10.0.0.1:7401", "catalogue": "10.0.0.2"}"#)
        let environment = ["HOME": folder.path, "TIBS_ENDPOINTS": endpoints]
        let registry = try ConnectionSettings.resolve(options([]), environment: environment)
        #expect(registry.address == "10.0.0.1:7401")
        let catalogue = try ConnectionSettings.resolve(options([]), service: .catalogue, environment: environment)
        #expect(catalogue.address == "10.0.0.2:7402", "the catalogue's default port")
        #expect(catalogue.addressSource == "\(endpoints) (catalogue)")
        // The service's own variable wins over the file; TIBS_ADDRESS is the registry's only.
        let own = try ConnectionSettings.resolve(options([]), service: .catalogue,
                                                 environment: environment.merging(["TIBS_CATALOGUE_ADDRESS": "c.example", "TIBS_ADDRESS": "r.example"]) { $1 })
        #expect(own.address == "c.example:7402")
        #expect(throws: CLIFailure.self) {
            try ConnectionSettings.resolve(options([]), service: .catalogue, environment: ["HOME": folder.path, "TIBS_ADDRESS": "r.example"])
        }
        let broken = folder.write("broken.json", "not json")
        #expect(throws: CLIFailure.self) {
            try ConnectionSettings.resolve(options([]), service: .catalogue, environment: ["HOME": folder.path, "TIBS_ENDPOINTS": broken])
        }
    }
}

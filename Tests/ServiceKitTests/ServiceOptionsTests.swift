import Foundation
import Logging
import Testing
@testable import TIBSServiceKit

@Suite struct ServiceOptionsTests {
    let required = ["TIBS_TLS_CERT": "/c.pem", "TIBS_TLS_KEY": "/k.pem", "TIBS_ISSUER_KEYS": "/keys"]

    @Test func defaultsApplyWhenNeitherFlagNorEnvironmentIsSet() throws {
        let options = try ServiceOptions.parse([]).resolved(defaultPort: 7401, environment: required)
        #expect(options.port == 7401)
        #expect(options.host == "0.0.0.0")
        #expect(options.dataDir == "./data")
        #expect(options.maxFrameBytes == 4 * 1024 * 1024)
        #expect(options.maxCallsPerConnection == 128)
        #expect(options.maxConnections == 1024)
        #expect(options.issuerKeys == ["/keys"])
    }

    @Test func environmentOverridesDefaultsAndFlagsOverrideTheEnvironment() throws {
        var environment = required
        environment["TIBS_PORT"] = "9000"
        environment["TIBS_DATA_DIR"] = "/env"
        environment["TIBS_REQUIRE_CLIENT_CERT"] = "true"
        environment["TIBS_CLIENT_CA"] = "/ca.pem"
        let options = try ServiceOptions.parse(["--port", "9100"]).resolved(defaultPort: 7401, environment: environment)
        #expect(options.port == 9100)
        #expect(options.dataDir == "/env")
        #expect(options.requireClientCert)
    }

    @Test func theTokenLeewayIsSixtySecondsUnlessTheEnvironmentOrTheFlagSaysOtherwise() throws {
        #expect(try ServiceOptions.parse([]).resolved(defaultPort: 7401, environment: required).tokenLeewaySeconds == 60)
        var environment = required
        environment["TIBS_TOKEN_LEEWAY_SECONDS"] = "5"
        #expect(try ServiceOptions.parse([]).resolved(defaultPort: 7401, environment: environment).tokenLeewaySeconds == 5)
        #expect(try ServiceOptions.parse(["--token-leeway-seconds", "0"]).resolved(defaultPort: 7401, environment: environment)
            .tokenLeewaySeconds == 0)
        let error = #expect(throws: OptionsError.self) {
            _ = try ServiceOptions.parse(["--token-leeway-seconds", "7200"]).resolved(defaultPort: 7401, environment: required)
        }
        #expect(error?.description == "--token-leeway-seconds (TIBS_TOKEN_LEEWAY_SECONDS) must be in 0...3600, not 7200")
    }

    @Test func missingTLSFilesAreAClearError() throws {
        let error = #expect(throws: OptionsError.self) {
            _ = try ServiceOptions.parse([]).resolved(defaultPort: 7401, environment: ["TIBS_ISSUER_KEYS": "/k"])
        }
        #expect(error?.description.contains("--tls-cert") == true)
    }

    @Test func outOfRangeAndUnparsableNumbersAreRejected() throws {
        var environment = required
        environment["TIBS_PORT"] = "seventy"
        #expect(throws: OptionsError.self) { _ = try ServiceOptions.parse([]).resolved(defaultPort: 7401, environment: environment) }
        #expect(throws: OptionsError.self) { _ = try ServiceOptions.parse(["--port", "70000"]).resolved(defaultPort: 7401, environment: required) }
        #expect(throws: OptionsError.self) { _ = try ServiceOptions.parse(["--max-frame-bytes", "10"]).resolved(defaultPort: 7401, environment: required) }
    }

    @Test func requiredClientCertificateNeedsAClientCA() throws {
        #expect(throws: OptionsError.self) {
            _ = try ServiceOptions.parse(["--require-client-cert"]).resolved(defaultPort: 7401, environment: required)
        }
    }

    @Test func unknownLogLevelOrFormatIsRejected() throws {
        #expect(throws: OptionsError.self) { _ = try ServiceOptions.parse(["--log-level", "loud"]).resolved(defaultPort: 7401, environment: required) }
        #expect(throws: OptionsError.self) { _ = try ServiceOptions.parse(["--log-format", "xml"]).resolved(defaultPort: 7401, environment: required) }
    }

    @Test func jsonLogLinesAreOneObjectWithTheRequestID() throws {
        let line = StructuredLogHandler.jsonLine(level: .info, label: "tibs-test", message: "created \"sme\"", metadata: ["request-id": "r-1"])
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String]
        #expect(object?["msg"] == "created \"sme\"")
        #expect(object?["request-id"] == "r-1")
        #expect(object?["level"] == "info")
        #expect(!line.contains("\n"))
    }
}

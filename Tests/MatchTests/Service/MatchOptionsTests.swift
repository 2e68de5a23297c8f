import Foundation
import Testing
import TIBSMatch
import TIBSServiceKit

/// `tibs-match`'s own flags: each with its `TIBS_*` variable (flag first), the upstreams'
/// names unique across kinds, the files read at start, every broken value refused by name.
@Suite struct MatchOptionsTests {
    /// The options as `tibs-match serve` parses them from `arguments`.
    static func options(_ arguments: String...) throws -> MatchOptions {
        try MatchOptions.parse(arguments)
    }

    static func refusal(_ options: MatchOptions, environment: [String: String] = [:]) -> String? {
        do {
            _ = try options.resolved(environment: environment)
            return nil
        } catch {
            return String(describing: error)
        }
    }

    /// A file in a fresh temporary folder; removed by the caller.
    static func file(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("match-options-\(UUID().uuidString)")
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test func defaultsFollowNothingAndUseTheDocumentedValues() throws {
        let settings = try Self.options().resolved(environment: [:])
        #expect(settings == MatchSettings())
        #expect(settings.weights == ScoreWeights.defaults)
        #expect(settings.alertThreshold == 0.35 && settings.responseWorkingDays == 10)
        #expect(settings.upstreamNames.isEmpty && settings.followTokenFile == nil && settings.followTrustRootsPEM == nil)
    }

    @Test func upstreamsOfEachKindComeFromRepeatedFlagsOrCommaSeparatedVariables() throws {
        let settings = try Self.options("--follow-registry", "registry-lv=127.0.0.1:7401", "--follow-registry", "registry-pl=[::1]:7411",
                                        "--follow-catalogue", "catalogue-lv=localhost:7402", "--follow-policy", "policy=10.0.0.3:7403",
                                        "--follow-token-file", "/run/match.token").resolved(environment: [:])
        #expect(settings.registries == [FollowTarget(name: "registry-lv", host: "127.0.0.1", port: 7401),
                                        FollowTarget(name: "registry-pl", host: "::1", port: 7411)])
        #expect(settings.catalogues == [FollowTarget(name: "catalogue-lv", host: "localhost", port: 7402)])
        #expect(settings.policies == [FollowTarget(name: "policy", host: "10.0.0.3", port: 7403)])
        #expect(settings.upstreamNames == ["registry-lv", "registry-pl", "catalogue-lv", "policy"])
        #expect(settings.followTokenFile == "/run/match.token")

        let environment = ["TIBS_FOLLOW_REGISTRY": "a=h:1, b=h:2", "TIBS_FOLLOW_CATALOGUE": "c=h:3", "TIBS_FOLLOW_POLICY": "",
                           "TIBS_FOLLOW_TOKEN_FILE": "/t"]
        let fromEnvironment = try Self.options().resolved(environment: environment)
        #expect(fromEnvironment.upstreamNames == ["a", "b", "c"] && fromEnvironment.followTokenFile == "/t")
        // A flag replaces the variable of its kind only.
        let mixed = try Self.options("--follow-registry", "z=h:9").resolved(environment: environment)
        #expect(mixed.upstreamNames == ["z", "c"])
        // A flag takes a comma-separated list too, as its variable does.
        let listed = try Self.options("--follow-registry", "a=h:1,b=h:2", "--follow-registry", "c=h:3", "--follow-token-file", "/t").resolved(environment: [:])
        #expect(listed.upstreamNames == ["a", "b", "c"])
    }

    @Test func aFlagWinsOverItsVariable() throws {
        let environment = ["TIBS_ALERT_THRESHOLD": "0.5", "TIBS_RESPONSE_WORKING_DAYS": "15"]
        let fromEnvironment = try Self.options().resolved(environment: environment)
        #expect(fromEnvironment.alertThreshold == 0.5 && fromEnvironment.responseWorkingDays == 15)
        let flags = try Self.options("--alert-threshold", "\(0.2)", "--response-working-days", "\(5)").resolved(environment: environment)
        #expect(flags.alertThreshold == 0.2 && flags.responseWorkingDays == 5)
    }

    @Test func brokenUpstreamsAreRefusedNamingTheFlag() throws {
        #expect(Self.refusal(try Self.options("--follow-registry", "registry", "--follow-token-file", "/t"))?.contains("--follow-registry (TIBS_FOLLOW_REGISTRY) registry") == true)
        #expect(Self.refusal(try Self.options("--follow-catalogue", "c=h:99999", "--follow-token-file", "/t"))?.contains("--follow-catalogue") == true)
        #expect(Self.refusal(try Self.options("--follow-policy", "p q=h:1", "--follow-token-file", "/t"))?.contains("--follow-policy") == true)
        // Two targets run together without a comma, or a space in the host: refused at start, not at connect.
        #expect(Self.refusal(try Self.options("--follow-registry", "a=127.0.0.1:7401;b=127.0.0.1:7411", "--follow-token-file", "/t")) != nil)
        #expect(Self.refusal(try Self.options("--follow-registry", "a=my host:7401", "--follow-token-file", "/t")) != nil)
        #expect(Self.refusal(try Self.options(), environment: ["TIBS_FOLLOW_REGISTRY": "r=h:0", "TIBS_FOLLOW_TOKEN_FILE": "/t"])?
            .contains("--follow-registry (TIBS_FOLLOW_REGISTRY) r=h:0") == true)
        // One name is one upstream: it qualifies ids and keys the cursor, across kinds too.
        #expect(Self.refusal(try Self.options("--follow-registry", "a=h:1", "--follow-catalogue", "a=h:2", "--follow-token-file", "/t"))?
            .contains("the upstream name a is given twice") == true)
        #expect(Self.refusal(try Self.options("--follow-registry", "a=h:1", "--follow-registry", "a=h:1", "--follow-token-file", "/t")) != nil)
        // Following needs a token the upstreams accept.
        #expect(Self.refusal(try Self.options("--follow-policy", "p=h:1"))?.contains("--follow-token-file") == true)
    }

    @Test func outOfRangeNumbersAreRefusedNamingTheFlag() throws {
        for threshold in [-0.1, 1.5, Double.nan, Double.infinity] {
            #expect(Self.refusal(try Self.options("--alert-threshold=\(threshold)"))?.contains("--alert-threshold") == true, "\(threshold)")
        }
        #expect(Self.refusal(try Self.options(), environment: ["TIBS_ALERT_THRESHOLD": "high"])?.contains("--alert-threshold (TIBS_ALERT_THRESHOLD) must be a number in 0...1, not high") == true)
        for days in [0, 61, -3] {
            #expect(Self.refusal(try Self.options("--response-working-days=\(days)"))?.contains("--response-working-days") == true, "\(days)")
        }
        #expect(Self.refusal(try Self.options(), environment: ["TIBS_RESPONSE_WORKING_DAYS": "1.5"])?.contains("--response-working-days") == true)
        #expect(try Self.options("--alert-threshold", "\(0)", "--response-working-days", "\(60)").resolved(environment: [:]).responseWorkingDays == 60)
    }

    @Test func theFollowCAIsReadAtStartAndAMissingOneIsRefused() throws {
        let ca = try Self.file("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
        defer { try? FileManager.default.removeItem(at: ca) }
        #expect(try Self.options("--follow-ca", "\(ca.path)").resolved(environment: [:]).followTrustRootsPEM?.hasPrefix("-----BEGIN CERTIFICATE-----") == true)
        #expect(try Self.options().resolved(environment: ["TIBS_FOLLOW_CA": ca.path]).followTrustRootsPEM != nil)
        #expect(Self.refusal(try Self.options("--follow-ca", "/no/such/ca.pem"))?.contains("--follow-ca (TIBS_FOLLOW_CA) /no/such/ca.pem cannot be read") == true)
    }

    @Test func aWeightsFileChangesOnlyTheWeightsItNames() throws {
        let file = try Self.file(#"{"textRelevance": 0.6, "crossBorder": 0.2}"#)
        defer { try? FileManager.default.removeItem(at: file) }
        let weights = try Self.options("--weights", "\(file.path)").resolved(environment: [:]).weights
        var expected = ScoreWeights.defaults
        expected.textRelevance = 0.6
        expected.crossBorder = 0.2
        #expect(weights == expected)
        #expect(try Self.options().resolved(environment: ["TIBS_WEIGHTS": file.path]).weights == expected)
        #expect(ScoreWeightsFile.fieldNames == ["availability", "crossBorder", "naceFit", "s3Overlap", "s3Priority", "textRelevance", "trlStageFit"])
    }

    @Test func aBrokenWeightsFileIsRefusedAndSaysWhy() throws {
        let cases: [(String, String)] = [
            (#"{"textRelevanse": 0.5}"#, "unknown weight textRelevanse"),
            (#"{"textRelevance": 1.5}"#, "textRelevance must be a number in 0...1, not 1.5"),
            (#"{"textRelevance": -0.1}"#, "textRelevance must be a number in 0...1"),
            (#"{"textRelevance": "high"}"#, "expected a JSON object of numbers"),
            (#"[0.4, 0.1]"#, "expected a JSON object of numbers"),
            ("not json", "expected a JSON object of numbers"),
            (#"{"textRelevance": 0, "s3Overlap": 0, "naceFit": 0, "crossBorder": 0, "s3Priority": 0, "trlStageFit": 0, "availability": 0}"#,
             "every weight is 0"),
        ]
        for (text, message) in cases {
            let file = try Self.file(text)
            defer { try? FileManager.default.removeItem(at: file) }
            let refusal = Self.refusal(try Self.options("--weights", "\(file.path)"))
            #expect(refusal?.contains(message) == true, "\(text): \(refusal ?? "accepted")")
        }
        #expect(Self.refusal(try Self.options("--weights", "/no/such/weights.json"))?.contains("--weights /no/such/weights.json cannot be read") == true)
    }
}

import ArgumentParser
import Foundation
import TIBSServiceKit
import TIBSSettings

/// The flags `tibs-match` takes beyond every service's `ServiceOptions`. Each has a `TIBS_*`
/// environment equivalent (flag > environment > default, as ``SettingSources`` decides); the
/// repeatable `--follow-*` flags (each also a comma-separated list) read a comma-separated
/// variable when none is given.
public struct MatchOptions: ParsableArguments, Sendable {
    @Option(help: "A registry to follow, NAME=HOST:PORT (repeatable, or comma-separated), e.g. registry-lv=127.0.0.1:7401; NAME qualifies its ids. [env: TIBS_FOLLOW_REGISTRY, comma-separated] (default: none)")
    public var followRegistry: [String] = []

    @Option(help: "A catalogue to follow, NAME=HOST:PORT (repeatable, or comma-separated). [env: TIBS_FOLLOW_CATALOGUE, comma-separated] (default: none)")
    public var followCatalogue: [String] = []

    @Option(help: "A policy service to follow for the S3 priorities in force, NAME=HOST:PORT (repeatable, or comma-separated). [env: TIBS_FOLLOW_POLICY, comma-separated] (default: none)")
    public var followPolicy: [String] = []

    @Option(help: "A file holding a service token every followed upstream accepts (re-read on each connect). [env: TIBS_FOLLOW_TOKEN_FILE] (default: none; required with a --follow-* flag)")
    public var followTokenFile: String?

    @Option(help: "PEM CA that signs the followed upstreams' certificates. [env: TIBS_FOLLOW_CA] (default: the system trust store)")
    public var followCA: String?

    @Option(help: "JSON file of score weights, e.g. {\"textRelevance\": 0.5}; fields left out keep their defaults (docs/match.md). [env: TIBS_WEIGHTS] (default: the built-in weights)")
    public var weights: String?

    @Option(help: "Least total score (0...1) of a candidate pushed to WatchNewCandidates. [env: TIBS_ALERT_THRESHOLD] (default: 0.35)")
    public var alertThreshold: Double?

    @Option(help: "Working days (Mon-Fri) the other side of a match has to act after each step. [env: TIBS_RESPONSE_WORKING_DAYS] (default: 10)")
    public var responseWorkingDays: Int?

    public init() {}

    /// Applies `TIBS_*` variables and defaults, checks every value and reads the files named
    /// (`--follow-ca`, `--weights`) now, so a broken setting stops the start with its flag named
    /// (a usage error, `ValidationError`).
    public func resolved(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> MatchSettings {
        let sources = SettingSources(environment: environment)
        func setting(_ flag: String?, _ variable: String) -> String? {
            sources.pick(flag: flag, flagName: SettingSources.flagName(forVariable: variable), variable: variable)?.value
        }
        var settings = MatchSettings()
        var names: Set<String> = []
        func targets(_ flags: [String], _ variable: String) throws -> [FollowTarget] {
            let texts = sources.list(flags: flags, variable: variable)
            var parsed: [FollowTarget] = []
            for text in texts {
                let target: FollowTarget
                do {
                    target = try FollowTarget(parsing: text)
                } catch {
                    throw ValidationError("\(ConfigCheck.named(variable)) \(text): expected NAME=HOST:PORT, e.g. registry-lv=127.0.0.1:7401")
                }
                // The name qualifies ids and keys the cursor: one name, one upstream, across kinds.
                guard names.insert(target.name).inserted else {
                    throw ValidationError("the upstream name \(target.name) is given twice; each followed service needs its own name")
                }
                parsed.append(target)
            }
            return parsed
        }
        settings.registries = try targets(followRegistry, "TIBS_FOLLOW_REGISTRY")
        settings.catalogues = try targets(followCatalogue, "TIBS_FOLLOW_CATALOGUE")
        settings.policies = try targets(followPolicy, "TIBS_FOLLOW_POLICY")
        settings.followTokenFile = setting(followTokenFile, "TIBS_FOLLOW_TOKEN_FILE")
        if !names.isEmpty, settings.followTokenFile == nil {
            throw ValidationError("--follow-registry, --follow-catalogue and --follow-policy need --follow-token-file (TIBS_FOLLOW_TOKEN_FILE), a service token the upstreams accept")
        }
        if let path = setting(followCA, "TIBS_FOLLOW_CA") {
            do {
                settings.followTrustRootsPEM = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw ValidationError("--follow-ca (TIBS_FOLLOW_CA) \(path) cannot be read: \(error.localizedDescription)")
            }
        }
        if let path = setting(weights, "TIBS_WEIGHTS") {
            settings.weights = try ScoreWeightsFile.load(path)
        }
        if let raw = setting(alertThreshold.map { String($0) }, "TIBS_ALERT_THRESHOLD") {
            guard let value = Double(raw), value.isFinite, MatchSettings.alertThresholdRange.contains(value) else {
                throw ValidationError("--alert-threshold (TIBS_ALERT_THRESHOLD) must be a number in 0...1, not \(raw)")
            }
            settings.alertThreshold = value
        }
        if let raw = setting(responseWorkingDays.map(String.init), "TIBS_RESPONSE_WORKING_DAYS") {
            let range = MatchSettings.responseWorkingDaysRange
            guard let value = Int(raw), range.contains(value) else {
                throw ValidationError("--response-working-days (TIBS_RESPONSE_WORKING_DAYS) must be a whole number in \(range.lowerBound)...\(range.upperBound), not \(raw)")
            }
            settings.responseWorkingDays = value
        }
        return settings
    }
}

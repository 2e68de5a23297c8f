import ArgumentParser
import Foundation
import TIBSServiceKit
import TIBSSettings

/// The flags `tibs-policy` takes beyond every service's `ServiceOptions`; each has a `TIBS_*`
/// environment equivalent (flag > environment > default, as ``SettingSources`` decides).
public struct PolicyOptions: ParsableArguments, Sendable {
    @Option(help: "Days after submission an influence action without an answer is overdue. [env: TIBS_OVERDUE_AFTER_DAYS] (default: 90)")
    public var overdueAfterDays: Int?

    @Option(help: "A registry to follow for evidence, NAME=HOST:PORT (repeatable, or comma-separated), e.g. registry=127.0.0.1:7401. [env: TIBS_FOLLOW, comma-separated] (default: none: no evidence is followed)")
    public var follow: [String] = []

    @Option(help: "A file holding a service token the followed registries accept. [env: TIBS_FOLLOW_TOKEN_FILE] (default: none; required with --follow)")
    public var followTokenFile: String?

    public init() {}

    /// Applies `TIBS_*` variables and defaults; checks ranges and the shape of each `--follow` (a
    /// usage error, `ValidationError`, when broken).
    public func resolved(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> PolicySettings {
        let sources = SettingSources(environment: environment)
        func setting(_ flag: String?, _ name: String) -> String? {
            sources.pick(flag: flag, flagName: SettingSources.flagName(forVariable: name), variable: name)?.value
        }
        var days = PolicySettings.defaultOverdueAfterDays
        if let raw = setting(overdueAfterDays.map(String.init), "TIBS_OVERDUE_AFTER_DAYS") {
            guard let parsed = Int(raw), (1...3650).contains(parsed) else {
                throw ValidationError("--overdue-after-days (TIBS_OVERDUE_AFTER_DAYS) must be a whole number in 1...3650, not \(raw)")
            }
            days = parsed
        }
        var follows: [FollowTarget] = []
        for text in sources.list(flags: follow, variable: "TIBS_FOLLOW") {
            let target: FollowTarget
            do {
                target = try FollowTarget(parsing: text)
            } catch {
                throw ValidationError("--follow (TIBS_FOLLOW) \(text) is not NAME=HOST:PORT (e.g. registry=127.0.0.1:7401)")
            }
            guard !follows.contains(where: { $0.name == target.name }) else {
                throw ValidationError("--follow names \(target.name) twice")
            }
            follows.append(target)
        }
        let tokenFile = setting(followTokenFile, "TIBS_FOLLOW_TOKEN_FILE")
        if !follows.isEmpty, tokenFile == nil {
            throw ValidationError("--follow needs --follow-token-file (TIBS_FOLLOW_TOKEN_FILE), a service token the registries accept")
        }
        return PolicySettings(overdueAfterDays: days, follows: follows, followTokenFile: tokenFile)
    }
}

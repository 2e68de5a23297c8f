import ArgumentParser
import TIBSServiceKit

/// `tibs-policy`: the policy-influence service (docs/policy.md). Flags as every TIBS service plus
/// the policy options; default port 7403, database `policy.sqlite` in the data folder.
public struct PolicyCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "tibs-policy",
        abstract: "The TIBS policy-influence service: institutions, regional S3 strategies, barrier evidence, policy issues and influence actions.")


    @OptionGroup var options: ServiceOptions
    @OptionGroup var policy: PolicyOptions
    @OptionGroup var evidence: EvidenceOptions

    public init() {}

    public func run() async throws {
        try await ServiceMain.run(name: "tibs-policy", options: options) {
            let settings = try policy.resolved()
            let followTLS = try evidence.tls()
            return ServicePlan(
                definition: PolicyService.definition(settings: settings, followTLS: followTLS),
                checks: [.readableFile(settings.followTokenFile, variable: "TIBS_FOLLOW_TOKEN_FILE"),
                         .certificates(followTLS.trustRootsPEM, variable: "TIBS_FOLLOW_CA")],
                summary: settings.follows.map { "follows \($0.name)=\($0.host):\($0.port)" })
        }
    }
}

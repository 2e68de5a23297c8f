import ArgumentParser
import TIBSPolicy
import TIBSServiceKit

/// `tibs-policy`: the policy-influence service (docs/policy.md). Flags as every TIBS service plus
/// the policy options; default port 7403, database `policy.sqlite` in the data folder.
@main
struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tibs-policy",
        abstract: "The TIBS policy-influence service: institutions, regional S3 strategies, barrier evidence, policy issues and influence actions.")

    static func main() async { await ServiceMain.main(Self.self, name: "tibs-policy") }

    @OptionGroup var options: ServiceOptions
    @OptionGroup var policy: PolicyOptions
    @OptionGroup var evidence: EvidenceOptions

    func run() async throws {
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

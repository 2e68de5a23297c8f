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

    @OptionGroup var options: ServiceOptions
    @OptionGroup var policy: PolicyOptions
    @OptionGroup var evidence: EvidenceOptions

    func run() async throws {
        do {
            try await ServiceRunner.run(PolicyService.definition(settings: try policy.resolved(), followTLS: try evidence.tls()), options: options)
        } catch let error as OptionsError {
            throw ValidationError(error.description)
        }
    }
}

import ArgumentParser
import TIBSServiceKit

/// `tibs-registry`: the SME registry service (docs/registry.md). Flags as every TIBS
/// service; default port 7401, database `registry.sqlite` in the data folder.
public struct RegistryCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "tibs-registry",
        abstract: "The TIBS SME registry: SMEs, needs and offers, the internationalisation survey, brokers.")


    @OptionGroup var options: ServiceOptions

    public init() {}

    public func run() async throws {
        try await ServiceMain.run(name: "tibs-registry", options: options) { ServicePlan(definition: RegistryService.definition()) }
    }
}

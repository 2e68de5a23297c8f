import ArgumentParser
import TIBSRegistry
import TIBSServiceKit

/// `tibs-registry`: the SME registry service (docs/registry.md). Flags as every TIBS
/// service; default port 7401, database `registry.sqlite` in the data folder.
@main
struct RegistryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tibs-registry",
        abstract: "The TIBS SME registry: SMEs, needs and offers, the internationalisation survey, brokers.")

    static func main() async { await ServiceMain.main(Self.self, name: "tibs-registry") }

    @OptionGroup var options: ServiceOptions

    func run() async throws {
        try await ServiceMain.run(name: "tibs-registry", options: options) { ServicePlan(definition: RegistryService.definition()) }
    }
}

import ArgumentParser
import TIBSServiceKit

/// `tibs-catalogue`: the resource catalogue service (docs/catalogue.md). Flags as every TIBS
/// service; default port 7402, database `catalogue.sqlite` in the data folder.
public struct CatalogueCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "tibs-catalogue",
        abstract: "The TIBS resource catalogue: providers, their resources and support programmes, reviewed before publication.")


    @OptionGroup var options: ServiceOptions

    public init() {}

    public func run() async throws {
        try await ServiceMain.run(name: "tibs-catalogue", options: options) { ServicePlan(definition: CatalogueService.definition()) }
    }
}

import ArgumentParser
import TIBSCatalogue
import TIBSServiceKit

/// `tibs-catalogue`: the resource catalogue service (docs/catalogue.md). Flags as every TIBS
/// service; default port 7402, database `catalogue.sqlite` in the data folder.
@main
struct CatalogueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tibs-catalogue",
        abstract: "The TIBS resource catalogue: providers, their resources and support programmes, reviewed before publication.")

    static func main() async { await ServiceMain.main(Self.self, name: "tibs-catalogue") }

    @OptionGroup var options: ServiceOptions

    func run() async throws {
        try await ServiceMain.run(name: "tibs-catalogue", options: options) { ServicePlan(definition: CatalogueService.definition()) }
    }
}

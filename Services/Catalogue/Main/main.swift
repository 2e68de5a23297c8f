// tibs-catalogue: the executable; its command is CatalogueCommand in TIBSCatalogue, so the multi-call `tibs`
// binary of the container image (Clients/Multicall) runs the very same one.
import TIBSCatalogue
import TIBSServiceKit

await ServiceMain.main(CatalogueCommand.self)

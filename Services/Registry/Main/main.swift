// tibs-registry: the executable; its command is RegistryCommand in TIBSRegistry, so the multi-call `tibs`
// binary of the container image (Clients/Multicall) runs the very same one.
import TIBSRegistry
import TIBSServiceKit

await ServiceMain.main(RegistryCommand.self)

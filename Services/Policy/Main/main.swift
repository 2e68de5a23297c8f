// tibs-policy: the executable; its command is PolicyCommand in TIBSPolicy, so the multi-call `tibs`
// binary of the container image (Clients/Multicall) runs the very same one.
import TIBSPolicy
import TIBSServiceKit

await ServiceMain.main(PolicyCommand.self)

// tibs-match: the executable; its command is MatchCommand in TIBSMatch, so the multi-call `tibs`
// binary of the container image (Clients/Multicall) runs the very same one.
import TIBSMatch
import TIBSServiceKit

await ServiceMain.main(MatchCommand.self)

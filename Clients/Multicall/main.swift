// tibs: the four services and tibsctl in one binary, for the container image (docker/Dockerfile).
// The name it is called by picks the program — links tibs-registry, tibs-catalogue, tibs-policy,
// tibs-match and tibsctl to it — and each runs exactly the command of its own executable. Linked
// statically, every Swift executable carries the whole runtime, Foundation and its ICU data, NIO,
// BoringSSL and SQLite's wrapper (about 85 MB stripped); one binary keeps one copy instead of five.
import Foundation
import TIBSCatalogue
import TIBSCtlKit
import TIBSMatch
import TIBSPolicy
import TIBSRegistry
import TIBSServiceKit

let name = URL(fileURLWithPath: CommandLine.arguments.first ?? "tibs").lastPathComponent
switch name {
case "tibs-registry": await ServiceMain.main(RegistryCommand.self)
case "tibs-catalogue": await ServiceMain.main(CatalogueCommand.self)
case "tibs-policy": await ServiceMain.main(PolicyCommand.self)
case "tibs-match": await ServiceMain.main(MatchCommand.self)
case "tibsctl": exit(await TibsctlMain.run(Array(CommandLine.arguments.dropFirst())))
default:
    FileHandle.standardError.write(Data("""
        tibs: run me by the name of a program, through a link: tibs-registry, tibs-catalogue, tibs-policy, tibs-match or tibsctl
        (e.g. ln -s tibs tibs-registry; docker/Dockerfile makes these links), not as '\(name)'

        """.utf8))
    exit(2)
}

// tibsctl: the TIBS admin and integrator command line. The commands live in TIBSCtlKit.
import Foundation
import TIBSCtlKit

exit(await TibsctlMain.run(Array(CommandLine.arguments.dropFirst())))

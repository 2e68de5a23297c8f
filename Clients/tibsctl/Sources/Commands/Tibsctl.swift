import ArgumentParser
import Foundation

/// The `tibsctl` command tree. `main.swift` runs ``TibsctlMain/run(_:)``, which maps failures to the
/// documented exit statuses (docs/tibsctl.md).
public struct Tibsctl: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "tibsctl",
        abstract: "Operate and integrate with TIBS: call any method, manage the SME registry, the resource catalogue and the policy service, report on barriers and influence, certificates and tokens.",
        discussion: """
        Connection settings come from flags, TIBS_* environment variables (TIBS_ADDRESS, TIBS_CA, \
        TIBS_CERT, TIBS_KEY, TIBS_SERVER_NAME, TIBS_TOKEN, TIBS_TOKEN_FILE, TIBS_TIMEOUT) or a profile \
        in ~/.config/tibs/profiles.json (--profile, --profile-file). Exit status: 0 ok, 1 local failure, \
        2 usage, 3 unreachable or TLS failure, 4 unauthenticated, 5 permission denied, 6 invalid argument, \
        7 not found, 8 other server error, 9 partly failed.
        """,
        subcommands: Tibsctl.subcommandList)

    public init() {}
}

public enum TibsctlMain {
    /// Parses and runs one command line; returns the exit status. Messages go to standard error.
    public static func run(_ arguments: [String]) async -> Int32 {
        do {
            var command = try Tibsctl.parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return ExitStatus.ok.rawValue
        } catch let failure as CLIFailure {
            // Messages quote servers (a Close's detail) and files: escaped like table cells.
            if !failure.message.isEmpty { Console.err("tibsctl: " + TerminalText.escapeLines(failure.message)) }
            return failure.status.rawValue
        } catch {
            let code = Tibsctl.exitCode(for: error)
            if code == .success {
                Console.out(Tibsctl.fullMessage(for: error))
                return 0
            }
            if error is ExitCode { return code.rawValue }
            Console.err(Tibsctl.fullMessage(for: error))
            return ExitStatus.usage.rawValue
        }
    }
}

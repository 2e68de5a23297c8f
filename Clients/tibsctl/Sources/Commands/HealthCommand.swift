import ArgumentParser
import Foundation
import TIBSProto
import TIBSRPC

/// `tibsctl health [address...]`: Health/Check on each server (no token needed).
struct HealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Check that servers are SERVING.",
        discussion: """
            Exit status 0 when all serve, 9 when one is NOT_SERVING, 3 when one cannot be reached. \
            With --live, 0 when all answer, whatever their status: a liveness probe (a follower still \
            catching up is NOT_SERVING, so not ready, but alive).
            """)

    @OptionGroup var connection: ConnectionOptions

    @Flag(name: .long, help: "One JSON object per server.")
    var json = false

    @Flag(name: .long, help: "Succeed when every server answers, SERVING or not (liveness, not readiness).")
    var live = false

    @Argument(help: "Addresses host[:port]; none: the configured address.")
    var addresses: [String] = []

    func run() async throws {
        let targets: [String?] = addresses.isEmpty ? [nil] : addresses.map { Optional($0) }
        var worst = ExitStatus.ok
        var rows: [[String]] = []
        for target in targets {
            let settings = try ConnectionSettings.resolve(connection, address: target)
            var state: String
            var detail: String
            do {
                let response = try await Session.with(settings) { session in
                    try await session.client.unary(BuiltinServices.healthCheckPath, Tibs_Health_V1_HealthCheckRequest(),
                                                   timeout: session.timeout) as Tibs_Health_V1_HealthCheckResponse
                }
                state = response.status == .serving ? "SERVING" : "NOT_SERVING"
                detail = response.detail
                if response.status != .serving, !live, worst == .ok { worst = .partial }
            } catch {
                state = "UNREACHABLE"
                detail = error.message
                worst = .unreachable
            }
            if json {
                Console.out(JSONValue.object([JSONMember("address", .string(settings.address)), JSONMember("status", .string(state)),
                                              JSONMember("detail", .string(detail))]).compactText)
            }
            rows.append([settings.address, state, detail])
        }
        if !json { Console.out(Table(header: ["ADDRESS", "STATUS", "DETAIL"], rows: rows, maxCell: 1000).render()) }
        if worst != .ok { throw CLIFailure(worst, "") }
    }
}

import ArgumentParser
import Foundation

/// Measures TIBS-RPC against grpc-swift-2 and a bare NIO+TLS echo in one run, so all three see
/// the same machine, load and build; prints a table and the ratios the runtime is held to.
@main
struct RPCBenchmarkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "RPCBenchmark",
        abstract: "Unary 300-byte calls over TLS on loopback: TIBS-RPC vs grpc-swift-2 vs a bare NIO echo.")

    @Option(help: "Measured seconds per case.")
    var seconds: Double = 5

    @Option(help: "Warm-up seconds before each measured case (not counted).")
    var warmup: Double = 1

    @Option(help: "Stacks to run, comma-separated (tibs, door, grpc, echo); fewer is handy under a profiler.")
    var stacks: String = "tibs,door,grpc,echo"

    @Option(help: "Calls in flight per case, comma-separated; the targets are set at 1 and 32.")
    var inFlight: String = "1,32"

    func run() async throws {
        let chosen = Set(stacks.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        let unknown = chosen.subtracting(Stack.allCases.map(\.rawValue))
        guard unknown.isEmpty else { throw ValidationError("unknown stacks: \(unknown.sorted().joined(separator: ", "))") }

        let levels = inFlight.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !levels.isEmpty, levels.allSatisfy({ $0 >= 1 }) else { throw ValidationError("--in-flight wants positive integers") }
        guard seconds > 0, warmup >= 0 else { throw ValidationError("--seconds must be positive and --warmup not negative") }

        let workload = try Workload()
        let plan = Plan(inFlight: levels, warmupSeconds: warmup, seconds: seconds)
        var report = Report(plan: plan)
        startWatchdog(plan: plan, stacks: chosen.count)
        for stack in Stack.allCases where chosen.contains(stack.rawValue) {
            log("running \(stack.label) ...")
            let results: [LoadResult]
            switch stack {
            case .tibs: results = try await runTIBS(workload, plan)
            case .door: results = try await runGRPCDoor(workload, plan)
            case .grpc: results = try await runGRPC(workload, plan)
            case .echo: results = try await runEchoFloor(workload, plan)
            }
            report.results[stack] = results
        }
        print(report.render(commandLine: CommandLine.arguments))
    }
}

enum Stack: String, CaseIterable, Sendable {
    case tibs, door, grpc, echo

    var label: String {
        switch self {
        case .tibs: "tibs-rpc"
        case .door: "tibs-grpc-door"
        case .grpc: "grpc-swift-2"
        case .echo: "nio-tls-echo"
        }
    }
}

/// Ends the process if the run takes far longer than planned: a stack that hangs (a lost call, a
/// shutdown that never completes) must not leave a load generator running on the machine.
func startWatchdog(plan: Plan, stacks: Int) {
    let planned = Double(stacks * plan.inFlight.count) * (plan.warmupSeconds + plan.seconds)
    let limit = planned * 2 + 60
    Task.detached {
        try await Task.sleep(for: .seconds(limit))
        log("RPCBenchmark: still running after \(Int(limit)) s (planned \(Int(planned)) s); giving up")
        exit(3)
    }
}

/// Progress goes to stderr so that stdout holds only the report.
func log(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

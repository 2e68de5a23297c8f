import ArgumentParser
import Foundation
import NIOPosix

/// Measures TIBS-RPC against gRPC C++ (the reference), grpc-swift-2, TIBS's own gRPC door and a
/// bare NIO+TLS echo in one run, in one process and across processes, so all of them see the same
/// machine, load and build; prints one table and the ratios the runtime is held to.
@main
struct RPCBenchmarkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "RPCBenchmark",
        abstract: "Unary 300-byte calls over TLS on loopback: TIBS-RPC vs gRPC C++, grpc-swift-2, the gRPC door and a bare NIO echo.")

    @Option(help: "Measured seconds per case.")
    var seconds: Double = 5

    @Option(help: "Warm-up seconds before each measured case (not counted).")
    var warmup: Double = 1

    @Option(help: "Stacks to run, comma-separated (\(Stack.allCases.map(\.rawValue).joined(separator: ", "))); fewer is handy under a profiler.")
    var stacks: String = Stack.allCases.map(\.rawValue).joined(separator: ",")

    @Option(help: "Calls in flight per case, comma-separated; the targets are set at 1 and 32.")
    var inFlight: String = "1,32"

    @Option(help: "Layouts, comma-separated: in-process (two event-loop threads of this process), cross-process (a server process pinned to core 1, this process to core 0).")
    var layouts: String = Layout.allCases.map(\.rawValue).joined(separator: ",")

    @Option(help: "Make exactly this many calls per level instead of a timed window (for profilers, where time means nothing).")
    var calls: Int?

    @Option(help: .hidden)
    var serve: String?

    @Option(help: .hidden)
    var pki: String?

    func run() async throws {
        if let serve {
            try await serveAlone(serve)
            return
        }
        let chosen = Set(stacks.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        let unknown = chosen.subtracting(Stack.allCases.map(\.rawValue))
        guard unknown.isEmpty else { throw ValidationError("unknown stacks: \(unknown.sorted().joined(separator: ", "))") }
        let chosenLayouts = try layouts.split(separator: ",").map { name in
            guard let layout = Layout(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("unknown layout \(name): in-process or cross-process")
            }
            return layout
        }

        let levels = inFlight.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !levels.isEmpty, levels.allSatisfy({ $0 >= 1 }) else { throw ValidationError("--in-flight wants positive integers") }
        guard seconds > 0, warmup >= 0 else { throw ValidationError("--seconds must be positive and --warmup not negative") }

        let workload = try Workload()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tibs-rpc-benchmark-\(getpid())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try workload.credentials.write(to: folder)

        guard calls.map({ $0 >= levels.max() ?? 1 }) ?? true else { throw ValidationError("--calls must be at least the largest --in-flight") }
        let plan = Plan(inFlight: levels, warmupSeconds: warmup, seconds: seconds, calls: calls)
        var report = Report(plan: plan)
        startWatchdog(plan: plan, cases: chosen.count * chosenLayouts.count)
        for layout in chosenLayouts {
            var pinned = false
            if layout == .crossProcess, let cores = Tools.separateCores { pinned = pinThisProcess(to: cores.client) }
            report.pinned[layout] = pinned
            for stack in Stack.allCases where chosen.contains(stack.rawValue) {
                log("running \(stack.label), \(layout.rawValue) ...")
                report.results[ResultKey(stack: stack, layout: layout)] = try await measure(stack, layout, workload, plan, pki: folder)
            }
            if pinned { pinThisProcess(to: "0-\(ProcessInfo.processInfo.activeProcessorCount - 1)") }
        }
        print(report.render(commandLine: CommandLine.arguments))
    }

    private func measure(_ stack: Stack, _ layout: Layout, _ workload: Workload, _ plan: Plan, pki: String) async throws -> [LoadResult] {
        if stack == .grpcCpp { return try await GRPCCpp.run(layout, workload, plan, pki: pki) }
        switch layout {
        case .inProcess:
            return try await withLoops { loops in
                try await stack.serve(workload.credentials, group: loops.server) { port in
                    try await stack.drive(port: port, workload, plan, group: loops.client, meter: CPUMeter(serverPID: nil))
                }
            }
        case .crossProcess:
            // TIBS_BENCH_SERVER_PREFIX: a command the server process runs under (a profiler: `perf record -g`).
            let prefix = ProcessInfo.processInfo.environment["TIBS_BENCH_SERVER_PREFIX"].map { $0.split(separator: " ").map(String.init) } ?? []
            let server = try ServerProcess(prefix + [ownExecutable(), "--serve", stack.rawValue, "--pki", pki], core: Tools.separateCores?.server)
            defer { server.stop() }
            return try await withLoops { loops in
                try await stack.drive(port: server.port, workload, plan, group: loops.client, meter: CPUMeter(serverPID: server.pid))
            }
        }
    }

    /// The server half of a cross-process case: one event-loop thread, `port N` on stdout, until stdin closes.
    private func serveAlone(_ name: String) async throws {
        guard let stack = Stack(rawValue: name), stack != .grpcCpp, let pki else {
            throw ValidationError("--serve takes tibs, door, grpc or echo, with --pki")
        }
        let credentials = try Credentials.read(from: pki)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        try await stack.serve(credentials, group: group) { port in
            FileHandle.standardOutput.write(Data("port \(port)\n".utf8))
            await waitForStandardInputToClose()
        }
        try await group.shutdownGracefully()
    }
}

enum Stack: String, CaseIterable, Sendable {
    case tibs, grpcCpp = "grpc-cpp", door, grpc, echo

    var label: String {
        switch self {
        case .tibs: "tibs-rpc"
        case .grpcCpp: "grpc-c++"
        case .door: "tibs-grpc-door"
        case .grpc: "grpc-swift-2"
        case .echo: "nio-tls-echo"
        }
    }

    /// Runs this stack's server on `group` for `body`, which gets its port.
    func serve<T: Sendable>(_ credentials: Credentials, group: MultiThreadedEventLoopGroup,
                            _ body: (Int) async throws -> T) async throws -> T {
        switch self {
        case .tibs: try await withTIBSServer(credentials, group: group, body)
        case .door: try await withGRPCDoorServer(credentials, group: group, body)
        case .grpc: try await withGRPCSwiftServer(credentials, group: group, body)
        case .echo: try await withEchoServer(credentials, group: group, body)
        case .grpcCpp: throw BenchmarkFailure("grpc-c++ runs as its own binaries")
        }
    }

    /// Drives this stack's client against `port` through the plan.
    func drive(port: Int, _ workload: Workload, _ plan: Plan, group: MultiThreadedEventLoopGroup, meter: CPUMeter) async throws -> [LoadResult] {
        switch self {
        case .tibs: try await driveTIBS(port: port, workload, plan, group: group, meter: meter)
        case .door, .grpc: try await driveGRPCClient(label, port: port, workload, plan, group: group, meter: meter)
        case .echo: try await driveEchoFloor(port: port, workload, plan, group: group, meter: meter)
        case .grpcCpp: throw BenchmarkFailure("grpc-c++ runs as its own binaries")
        }
    }
}

/// Ends the process if the run takes far longer than planned: a stack that hangs (a lost call, a
/// shutdown that never completes) must not leave a load generator running on the machine.
func startWatchdog(plan: Plan, cases: Int) {
    let planned = Double(cases * plan.inFlight.count) * (plan.warmupSeconds + plan.seconds)
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

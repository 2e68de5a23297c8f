import Foundation

/// gRPC C++ as the reference implementation (`Benchmarks/grpc-cpp`: Debian's libgrpc++ 1.51, the
/// async completion-queue API, one server CQ thread and one client thread; built by its `setup`),
/// run as its own binaries: in one process (`echo_client --in-process`) or as a server process and
/// a client process. The client reports its own figures; across processes the server's CPU is
/// read here over the same window.
enum GRPCCpp {
    /// `echo_client` and `echo_server`, found beside this package (`grpc-cpp/build`).
    static func binaries() -> (client: String, server: String)? {
        var folder = URL(fileURLWithPath: ownExecutable()).deletingLastPathComponent()
        let candidates = (0..<6).map { _ -> URL in
            defer { folder.deleteLastPathComponent() }
            return folder.appendingPathComponent("grpc-cpp/build")
        } + [URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Benchmarks/grpc-cpp/build")]
        for build in candidates where FileManager.default.isExecutableFile(atPath: build.appendingPathComponent("echo_client").path) {
            return (build.appendingPathComponent("echo_client").path, build.appendingPathComponent("echo_server").path)
        }
        return nil
    }

    static func run(_ layout: Layout, _ workload: Workload, _ plan: Plan, pki: String) async throws -> [LoadResult] {
        guard let (client, server) = binaries() else {
            log("  grpc-c++: not built; run Benchmarks/grpc-cpp/setup (skipped)")
            return []
        }
        var results: [LoadResult] = []
        for inFlight in plan.inFlight {
            var arguments = ["--ca", pki + "/ca.pem", "--server-name", "localhost", "--token", workload.token,
                             "--in-flight", "\(inFlight)", "--seconds", "\(plan.seconds)", "--warmup", "\(plan.warmupSeconds)"]
            var result: LoadResult
            switch layout {
            case .inProcess:
                arguments += ["--in-process", pki + "/server.pem," + pki + "/server.key"]
                result = try parse(try await runToEnd([client] + arguments), inFlight: inFlight, plan: plan, serverMicros: nil)
            case .crossProcess:
                let process = try ServerProcess([server, "--cert", pki + "/server.pem", "--key", pki + "/server.key", "--port", "0"],
                                                core: Tools.separateCores?.server)
                defer { process.stop() }
                arguments += ["--target", "127.0.0.1:\(process.port)"]
                let pinned = Tools.separateCores.flatMap { cores in Tools.taskset.map { [$0, "-c", cores.client] } } ?? []
                let meter = CPUMeter(serverPID: process.pid)
                async let serverCPU = meter.measure(warmup: plan.warmupSeconds, seconds: plan.seconds)
                let output = try await runToEnd(pinned + [client] + arguments)
                result = try parse(output, inFlight: inFlight, plan: plan, serverMicros: await serverCPU?.serverMicros ?? 0)
            }
            log("  grpc-c++, \(inFlight) in flight: \(Int(result.callsPerSecond)) calls/s")
            results.append(result)
        }
        return results
    }

    /// `stack=grpc-c++ layout=… in_flight=N calls_per_s=… p50_us=… p99_us=… calls=… failures=… cpu_us_per_call=…`
    private static func parse(_ output: String, inFlight: Int, plan: Plan, serverMicros: UInt64?) throws -> LoadResult {
        guard let line = output.split(whereSeparator: \.isNewline).last(where: { $0.hasPrefix("stack=grpc-c++") }) else {
            throw BenchmarkFailure("echo_client printed no result: \(output)")
        }
        var fields: [String: Double] = [:]
        for pair in line.split(separator: " ") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, let value = Double(parts[1]) { fields[String(parts[0])] = value }
        }
        guard let calls = fields["calls"], let p50 = fields["p50_us"], let p99 = fields["p99_us"],
              let cpuPerCall = fields["cpu_us_per_call"], fields["failures"] == 0 else {
            throw BenchmarkFailure("echo_client result is incomplete or has failures: \(line)")
        }
        let clientMicros = UInt64(cpuPerCall * calls)
        return LoadResult(inFlight: inFlight, seconds: plan.seconds, calls: UInt64(calls), p50Micros: p50, p99Micros: p99,
                          cpu: CPUCost(clientMicros: clientMicros, serverMicros: serverMicros ?? 0, separate: serverMicros != nil))
    }
}

/// Runs `command` to its end without holding a thread of the cooperative pool; its stdout.
func runToEnd(_ command: [String]) async throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: command[0])
    process.arguments = Array(command.dropFirst())
    let stdout = Pipe()
    process.standardOutput = stdout
    try process.run()
    let reader = stdout.fileHandleForReading
    let output: Data = await withCheckedContinuation { done in
        Thread.detachNewThread { done.resume(returning: reader.readDataToEndOfFile()) }
    }
    // Its stdout has closed: it has exited, or is about to.
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw BenchmarkFailure("\(command[0]) exited with status \(process.terminationStatus)")
    }
    return String(decoding: output, as: UTF8.self)
}

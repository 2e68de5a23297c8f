import Foundation

/// The printed outcome: one row per stack and in-flight level, then the ratios with PASS/MISS
/// against the runtime's targets. Targets are reported, never asserted: this is not a test.
struct ResultKey: Hashable, Sendable {
    let stack: Stack
    let layout: Layout
}

struct Report {
    let plan: Plan
    var results: [ResultKey: [LoadResult]] = [:]
    /// Whether the cross-process layout ran with server and client pinned to cores of their own.
    var pinned: [Layout: Bool] = [:]

    /// `/proc/loadavg` when the run began (Linux only).
    let loadAtStart: String?

    init(plan: Plan) {
        self.plan = plan
        loadAtStart = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))
            .map { $0.split(separator: " ").prefix(3).joined(separator: " ") }
    }

    func result(_ stack: Stack, _ layout: Layout = .inProcess, inFlight: Int) -> LoadResult? {
        results[ResultKey(stack: stack, layout: layout)]?.first { $0.inFlight == inFlight }
    }

    func render(commandLine: [String]) -> String {
        var lines: [String] = []
        lines.append("TIBS-RPC benchmark: unary 300-byte echo over TLS on 127.0.0.1, one connection per stack")
        lines.append("command: \(commandLine.joined(separator: " "))")
        lines.append("rerun:   " + (["swift run -c release --package-path Benchmarks RPCBenchmark"] + commandLine.dropFirst()).joined(separator: " "))
        #if DEBUG
        lines.append("WARNING: debug build; numbers mean nothing. Use `swift run -c release`.")
        #endif
        lines.append("per case: \(format(plan.warmupSeconds)) s warm-up, \(format(plan.seconds)) s measured; "
            + "\(ProcessInfo.processInfo.activeProcessorCount) cores; latency = call start to response, HdrHistogram")
        if let pinned = pinned[.crossProcess] {
            lines.append("cross-process: server in its own process" + (pinned ? ", pinned to core 1, client to core 0 (taskset)" : ", not pinned"))
        }
        lines.append("cpu/call: user + system time of client and server over the measured window, per call")
        if let loadAtStart {
            // Other work on the machine moves every number; the load says how much there was.
            lines.append("load average at start (1, 5, 15 min): \(loadAtStart)")
        }
        lines.append("")
        lines.append(row("stack", "layout", "in flight", "calls/s", "p50 µs", "p99 µs", "calls", "cpu µs/call"))
        for layout in Layout.allCases {
            for stack in Stack.allCases {
                for result in results[ResultKey(stack: stack, layout: layout)] ?? [] {
                    lines.append(row(stack.label, layout.rawValue, "\(result.inFlight)", String(format: "%.0f", result.callsPerSecond),
                                     String(format: "%.1f", result.p50Micros), String(format: "%.1f", result.p99Micros),
                                     "\(result.calls)", result.cpuMicrosPerCall.map { String(format: "%.1f", $0) } ?? "-"))
                }
            }
        }
        lines.append("")
        lines.append(ratioRow("ratio", "value", "target", "verdict"))
        for ratio in ratios() {
            guard let value = ratio.value else {
                lines.append(ratioRow(ratio.name, "n/a", ratio.target?.label ?? "-", "(stack not run)"))
                continue
            }
            let shown = ratio.unit == "x" ? String(format: "%.2fx", value) : String(format: "%.2f", value) + ratio.unit
            let verdict = ratio.target.map { $0.met(value) ? "PASS" : "MISS" } ?? "(info)"
            lines.append(ratioRow(ratio.name, shown, ratio.target?.label ?? "-", verdict))
        }
        return lines.joined(separator: "\n")
    }

    /// Throughput ratios are TIBS over the other stack (higher is better); p99 ratios are TIBS's
    /// p99 over the other's (lower is better).
    private func ratios() -> [Ratio] {
        func throughput(_ other: Stack, _ layout: Layout, _ inFlight: Int) -> Double? {
            guard let tibs = result(.tibs, layout, inFlight: inFlight), let peer = result(other, layout, inFlight: inFlight),
                  peer.callsPerSecond > 0 else { return nil }
            return tibs.callsPerSecond / peer.callsPerSecond
        }
        func p99(_ other: Stack, _ layout: Layout) -> Double? {
            guard let tibs = result(.tibs, layout, inFlight: 1), let peer = result(other, layout, inFlight: 1), peer.p99Micros > 0 else { return nil }
            return tibs.p99Micros / peer.p99Micros
        }
        var ratios: [Ratio] = []
        for layout in Layout.allCases where results.keys.contains(where: { $0.layout == layout }) {
            let at = layout == .inProcess ? "one process" : "two processes"
            ratios += [
                Ratio(name: "TIBS/gRPC C++ calls/s, 32, \(at)", value: throughput(.grpcCpp, layout, 32), unit: "x", target: .atLeast(2)),
                Ratio(name: "TIBS/gRPC C++ p99, 1, \(at)", value: p99(.grpcCpp, layout), unit: "", target: .atMost(0.8)),
                Ratio(name: "TIBS/echo calls/s, 1, \(at)", value: throughput(.echo, layout, 1), unit: "", target: .atLeast(0.8)),
                Ratio(name: "TIBS/echo calls/s, 32, \(at)", value: throughput(.echo, layout, 32), unit: "", target: .atLeast(0.5)),
                Ratio(name: "TIBS cpu µs/call, 32, \(at)", value: result(.tibs, layout, inFlight: 32)?.cpuMicrosPerCall, unit: " µs",
                      target: .atMost(6.5)),
                Ratio(name: "TIBS/grpc-swift-2 calls/s, 32, \(at)", value: throughput(.grpc, layout, 32), unit: "x", target: nil),
                Ratio(name: "TIBS/gRPC door calls/s, 32, \(at)", value: throughput(.door, layout, 32), unit: "x", target: nil),
                Ratio(name: "TIBS/gRPC door calls/s, 1, \(at)", value: throughput(.door, layout, 1), unit: "x", target: nil),
            ]
        }
        return ratios
    }

    private func row(_ cells: String...) -> String {
        pad(cells[0], 16) + pad(cells[1], 14) + cells.dropFirst(2).map { pad($0, 12, left: true) }.joined()
    }

    private func ratioRow(_ name: String, _ value: String, _ target: String, _ verdict: String) -> String {
        pad(name, 40) + pad(value, 10, left: true) + pad(target, 10, left: true) + "  " + verdict
    }

    private func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return left ? fill + text : text + fill
    }

    private func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}

struct Ratio {
    enum Target {
        case atLeast(Double)
        case atMost(Double)

        func met(_ value: Double) -> Bool {
            switch self {
            case .atLeast(let bound): value >= bound
            case .atMost(let bound): value <= bound
            }
        }

        var label: String {
            switch self {
            case .atLeast(let bound): ">= " + String(format: "%g", bound)
            case .atMost(let bound): "<= " + String(format: "%g", bound)
            }
        }
    }

    let name: String
    let value: Double?
    let unit: String
    let target: Target?
}

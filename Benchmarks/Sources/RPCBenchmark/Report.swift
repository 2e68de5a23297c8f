import Foundation

/// The printed outcome: one row per stack and in-flight level, then the ratios with PASS/MISS
/// against the runtime's targets. Targets are reported, never asserted: this is not a test.
struct Report {
    let plan: Plan
    var results: [Stack: [LoadResult]] = [:]

    /// `/proc/loadavg` when the run began (Linux only).
    let loadAtStart: String?

    init(plan: Plan) {
        self.plan = plan
        loadAtStart = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))
            .map { $0.split(separator: " ").prefix(3).joined(separator: " ") }
    }

    func result(_ stack: Stack, inFlight: Int) -> LoadResult? {
        results[stack]?.first { $0.inFlight == inFlight }
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
        if let loadAtStart {
            // Other work on the machine moves every number; the load says how much there was.
            lines.append("load average at start (1, 5, 15 min): \(loadAtStart)")
        }
        lines.append("")
        lines.append(row("stack", "in flight", "calls/s", "p50 µs", "p99 µs", "calls"))
        for stack in Stack.allCases {
            for result in results[stack] ?? [] {
                lines.append(row(stack.label, "\(result.inFlight)", String(format: "%.0f", result.callsPerSecond),
                                 String(format: "%.1f", result.p50Micros), String(format: "%.1f", result.p99Micros),
                                 "\(result.calls)"))
            }
        }
        lines.append("")
        lines.append(ratioRow("ratio", "value", "target", "verdict"))
        for ratio in ratios() {
            guard let value = ratio.value else {
                lines.append(ratioRow(ratio.name, "n/a", ratio.target?.label ?? "-", "(stack not run)"))
                continue
            }
            let shown = ratio.unit == "x" ? String(format: "%.2fx", value) : String(format: "%.2f", value)
            let verdict = ratio.target.map { $0.met(value) ? "PASS" : "MISS" } ?? "(info)"
            lines.append(ratioRow(ratio.name, shown, ratio.target?.label ?? "-", verdict))
        }
        return lines.joined(separator: "\n")
    }

    /// Throughput ratios are TIBS over the other stack (higher is better); the p99 ratio is TIBS's
    /// p99 over grpc's (lower is better), so "< 0.20" means "under a fifth of grpc's".
    private func ratios() -> [Ratio] {
        func throughput(_ other: Stack, _ inFlight: Int) -> Double? {
            guard let tibs = result(.tibs, inFlight: inFlight), let peer = result(other, inFlight: inFlight),
                  peer.callsPerSecond > 0 else { return nil }
            return tibs.callsPerSecond / peer.callsPerSecond
        }
        var p99: Double?
        if let tibs = result(.tibs, inFlight: 1), let grpc = result(.grpc, inFlight: 1), grpc.p99Micros > 0 {
            p99 = tibs.p99Micros / grpc.p99Micros
        }
        return [
            Ratio(name: "TIBS/grpc calls/s, 32 in flight", value: throughput(.grpc, 32), unit: "x", target: .atLeast(5)),
            Ratio(name: "TIBS/grpc calls/s, 1 in flight", value: throughput(.grpc, 1), unit: "x", target: .atLeast(6)),
            Ratio(name: "TIBS/grpc p99, 1 in flight", value: p99, unit: "", target: .below(0.2)),
            Ratio(name: "TIBS/echo calls/s, 32 in flight", value: throughput(.echo, 32), unit: "", target: .atLeast(0.6)),
            Ratio(name: "TIBS/echo calls/s, 1 in flight", value: throughput(.echo, 1), unit: "", target: nil),
            Ratio(name: "TIBS/gRPC door calls/s, 32 in flight", value: throughput(.door, 32), unit: "x", target: nil),
            Ratio(name: "TIBS/gRPC door calls/s, 1 in flight", value: throughput(.door, 1), unit: "x", target: nil),
        ]
    }

    private func row(_ cells: String...) -> String {
        pad(cells[0], 14) + cells.dropFirst().map { pad($0, 11, left: true) }.joined()
    }

    private func ratioRow(_ name: String, _ value: String, _ target: String, _ verdict: String) -> String {
        pad(name, 34) + pad(value, 8, left: true) + pad(target, 10, left: true) + "  " + verdict
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
        case below(Double)

        func met(_ value: Double) -> Bool {
            switch self {
            case .atLeast(let bound): value >= bound
            case .below(let bound): value < bound
            }
        }

        var label: String {
            switch self {
            case .atLeast(let bound): ">= " + String(format: "%g", bound)
            case .below(let bound): "< " + String(format: "%g", bound)
            }
        }
    }

    let name: String
    let value: Double?
    let unit: String
    let target: Target?
}

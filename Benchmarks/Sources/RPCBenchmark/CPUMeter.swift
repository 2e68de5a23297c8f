import Foundation

/// CPU time (user + system) spent by the benchmark's own process and, across processes, by the
/// server process, read at the edges of each measured window: per-call CPU is the machine's
/// work per call, which moves less with other load on the machine than throughput does.
struct CPUMeter: Sendable {
    /// The server process, when it is not this one.
    let serverPID: pid_t?

    /// Microseconds of CPU: (this process, the server process or 0).
    func sample() -> (client: UInt64, server: UInt64) {
        (Self.ownMicros(), serverPID.map(Self.processMicros) ?? 0)
    }

    /// CPU over the measured window of one level: sampled after `warmup` seconds and again
    /// `seconds` later, beside the load (which opens its window at the same moment).
    func measure(warmup: Double, seconds: Double) async -> CPUCost? {
        do {
            try await Task.sleep(for: .seconds(warmup))
            let start = sample()
            try await Task.sleep(for: .seconds(seconds))
            let end = sample()
            return CPUCost(clientMicros: end.client - start.client, serverMicros: end.server - start.server,
                           separate: serverPID != nil)
        } catch {
            return nil
        }
    }

    static func ownMicros() -> UInt64 {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        func micros(_ time: timeval) -> UInt64 { UInt64(time.tv_sec) * 1_000_000 + UInt64(time.tv_usec) }
        return micros(usage.ru_utime) + micros(usage.ru_stime)
    }

    /// utime + stime of /proc/PID/stat (fields 14 and 15, in clock ticks).
    static func processMicros(_ pid: pid_t) -> UInt64 {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return 0 }
        // After "pid (comm)": state is field 3, so utime (14) and stime (15) are at 11 and 12.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = UInt64(fields[11]), let system = UInt64(fields[12]) else { return 0 }
        let ticks = UInt64(max(1, sysconf(Int32(_SC_CLK_TCK))))
        return (user + system) * 1_000_000 / ticks
    }
}

/// The CPU one measured window cost.
struct CPUCost: Sendable {
    let clientMicros: UInt64
    /// 0 in one process: then `clientMicros` is client and server together.
    let serverMicros: UInt64
    let separate: Bool

    var totalMicros: UInt64 { clientMicros + serverMicros }
}

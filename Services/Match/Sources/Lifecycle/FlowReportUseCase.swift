import Foundation
import GRDB
import TIBSDomain

extension MatchLifecycleApp {
    /// The flows matrix (need region → candidate region at the request's level) and the cumulative
    /// funnels (a match counts in every state it reached) of the matches proposed in the period.
    public func flowReport(_ request: FlowReportRequest) async throws -> FlowReport {
        try await store.read { db in
            var flows: [String: RegionFlow] = [:]
            var regions: [String: FunnelCounts] = [:]
            var brokers: [String: FunnelCounts] = [:]
            var total = FunnelCounts()
            try MatchTable.forEachProposed(db, from: request.from, to: request.to) { needCountry, needNuts, candidateCountry, candidateNuts, by, reached in
                let from = request.group(country: needCountry, nuts: needNuts)
                let to = request.group(country: candidateCountry, nuts: candidateNuts)
                var flow = flows["\(from)\u{0}\(to)"] ?? RegionFlow(fromRegion: from, toRegion: to)
                flow.matches += 1
                if reached.contains(.introduced) { flow.introductions += 1 }
                if reached.contains(.agreement) { flow.agreements += 1 }
                flows["\(from)\u{0}\(to)"] = flow
                regions[from, default: FunnelCounts()].add(reached: reached)
                brokers[by, default: FunnelCounts()].add(reached: reached)
                total.add(reached: reached)
            }
            let sorted = flows.values.sorted { ($0.fromRegion, $0.toRegion) < ($1.fromRegion, $1.toRegion) }
            return FlowReport(request: request, flows: sorted, regionFunnels: regions, brokerFunnels: brokers, total: total)
        }
    }
}

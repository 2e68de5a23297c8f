import Foundation
import TIBSDomain
import TIBSProto
import TIBSRPC

/// What the policy service holds, read back through its public methods: the S3 priorities in
/// force today and the most frequent barriers per partner region — counted by the policy service
/// from the registry's surveys it follows, not read from the registry — and the influence figures.
struct PolicyDemoSummary {
    let client: RPCClient
    let period: Tibs_Policy_V1_Period

    func print(address: String) async throws {
        let institutions = try await PolicyReads.institutions(client)
        let strategies = try await PolicyReads.strategies(client)
        let issues = try await PolicyReads.issues(client)
        let overall: Tibs_Policy_V1_BarrierReport = try await client.unary(
            PolicyPaths.getBarrierReport, Tibs_Policy_V1_GetBarrierReportRequest.with { $0.period = period; $0.top = 5 })
        let levels = [(Tibs_Policy_V1_GovernanceLevel.eu, "EU"), (.national, "national"), (.regional, "regional")]
            .map { level in "\(institutions.filter { $0.fields.level == level.0 }.count) \(level.1)" }.joined(separator: ", ")
        Swift.print("\nThe policy service at \(address) holds \(institutions.count) institutions (\(levels)), "
                    + "\(strategies.count) S3 strategy versions and \(issues.count) policy issues.")
        let sync = overall.sync.upstreams.map { "\($0.upstream) at event \($0.cursor)\($0.lagEvents > 0 ? " (\($0.lagEvents) behind)" : "")" }
        Swift.print("Evidence followed: " + (sync.isEmpty ? "none (no --follow)" : sync.joined(separator: ", ")))

        let today = CatalogueDemoMapping.day(Date(), plus: 0)
        Swift.print("\nS3 priorities in force today (\(today)), strongest first:")
        for region in PartnerRegions.launch {
            let name = pad("\(region.displayName) (\(region.nuts))", 30)
            do {
                let strategy: Tibs_Policy_V1_RegionalStrategy = try await client.unary(
                    PolicyPaths.getRegionalPriorities, Tibs_Policy_V1_GetRegionalPrioritiesRequest.with { $0.region = region.nuts; $0.date = today })
                let areas = strategy.fields.priorities.sorted { $0.weight > $1.weight }.prefix(4)
                    .map { "\($0.s3Area.code) \(String(format: "%.1f", $0.weight))" }.joined(separator: ", ")
                Swift.print("  \(name)\(areas)  [since \(strategy.fields.validFrom)]")
            } catch let error as RPCError where error.code == .notFound {
                Swift.print("  \(name)none")
            }
        }

        Swift.print("\nMost frequent barriers per region, from the policy service's evidence "
                    + "(surveys conducted \(overall.period.fromMonth) to \(overall.period.toMonth); change against \(overall.previousPeriod.fromMonth) to \(overall.previousPeriod.toMonth)):")
        for region in PartnerRegions.launch {
            let report: Tibs_Policy_V1_BarrierReport = try await client.unary(
                PolicyPaths.getBarrierReport, Tibs_Policy_V1_GetBarrierReportRequest.with {
                    $0.period = period; $0.filter.region = region.nuts; $0.top = 3
                })
            let top = report.barriers.map { "\($0.barrier.code) \($0.surveys) (\(percent($0.share)))" }.joined(separator: "; ")
            Swift.print("  " + pad("\(region.displayName) (\(region.nuts))", 30) + pad("\(report.surveysInPeriod) surveys", 12) + (top.isEmpty ? "-" : top))
        }
        Swift.print("  " + pad("all regions", 30) + pad("\(overall.surveysInPeriod) surveys", 12)
                    + overall.barriers.map { "\($0.barrier.code) \($0.surveys) (\(percent($0.share)))" }.joined(separator: "; "))

        let influence: Tibs_Policy_V1_InfluenceReport = try await client.unary(PolicyPaths.getInfluenceReport, Tibs_Policy_V1_GetInfluenceReportRequest())
        let total = influence.total
        Swift.print("\nInfluence: \(total.actions) actions on \(total.issues) issues: \(total.adopted) adopted, \(total.partlyAdopted) partly adopted, "
                    + "\(total.rejected) rejected, \(total.noResponse) without response, \(total.open) open (\(total.overdue) overdue after "
                    + "\(influence.overdueAfterDays) days); adoption rate \(percent(total.adoptionRate)), "
                    + "median \(String(format: "%.0f", total.medianDaysToFirstResponse)) days to the first response (\(total.responded) answered).")
        Swift.print(pad("institution", 66) + ["actions", "adopted", "partly", "rejected", "no resp.", "open", "rate"].map { pad($0, 9, right: true) }.joined())
        for entry in influence.institutions where entry.figures.actions > 0 {
            let figures = entry.figures
            let final = figures.adopted + figures.partlyAdopted + figures.rejected + figures.noResponse
            let name = entry.institutionName.count > 64 ? entry.institutionName.prefix(63) + "…" : Substring(entry.institutionName)
            Swift.print(pad(String(name), 66)
                        + [figures.actions, figures.adopted, figures.partlyAdopted, figures.rejected, figures.noResponse, figures.open]
                            .map { pad("\($0)", 9, right: true) }.joined()
                        + pad(final == 0 ? "-" : percent(figures.adoptionRate), 9, right: true))
        }
        Swift.print("  (rate: adoption rate, (adopted + partly adopted / 2) / actions in a final state; -: none final yet)")
        Swift.print("By region concerned: " + influence.regions.map { entry in
            "\(entry.region) \(entry.figures.issues) issues, \(entry.figures.actions) actions, adoption rate \(percent(entry.figures.adoptionRate))"
        }.joined(separator: "; "))
        let names = Dictionary(institutions.map { ($0.id, $0.fields.name) }, uniquingKeysWith: { first, _ in first })
        let overdue = try await PolicyReads.actions(client, overdueOnly: true)
        Swift.print("\nOverdue actions (no answer after \(influence.overdueAfterDays) days):" + (overdue.isEmpty ? " none" : ""))
        for action in overdue {
            Swift.print("  submitted \(action.fields.submittedOn)  \(names[action.fields.institutionID] ?? action.fields.institutionID): \(action.fields.summary)")
        }
    }

    private func percent(_ share: Double) -> String { String(format: "%.0f %%", share * 100) }
}

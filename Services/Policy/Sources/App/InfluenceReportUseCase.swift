import Foundation
import GRDB
import TIBSDomain
import TIBSServiceApp

extension PolicyApp {
    /// GetInfluenceReport over the issues concerning `region` (or a sub-region) raised in the days
    /// asked: the figures of all their actions, per institution addressed and per region an issue
    /// concerns (within `region` when one is asked). Overdue is judged on the store clock's today.
    public func influenceReport(_ request: InfluenceReportRequest) async throws -> InfluenceReport {
        let day = today
        let days = settings.overdueAfterDays
        return try await store.read { db in
            let issues = try IssueTable.all(db, region: request.region, from: request.raisedFrom, to: request.raisedTo ?? day, codec: codec)
            var actionsByIssue: [String: [InfluenceAction]] = [:]
            for issue in issues { actionsByIssue[issue.id] = try ActionTable.all(db, issueID: issue.id, codec: codec) }
            let all = issues.flatMap { actionsByIssue[$0.id] ?? [] }
            let total = InfluenceFigures(issues: issues.count, actions: all, today: day, overdueAfterDays: days)

            let byInstitution = Dictionary(grouping: all, by: \.fields.institutionID)
            let names = try InstitutionTable.names(db, codec: codec, ids: Set(byInstitution.keys))
            let institutions = byInstitution.map { id, actions in
                InfluenceReport.InstitutionFigures(
                    institutionID: id, institutionName: names[id] ?? "",
                    figures: InfluenceFigures(issues: Set(actions.map(\.issueID)).count, actions: actions, today: day, overdueAfterDays: days))
            }.sorted { ($0.figures.adoptionRate, $1.institutionName, $1.institutionID) > ($1.figures.adoptionRate, $0.institutionName, $0.institutionID) }

            var issuesByRegion: [String: [PolicyIssue]] = [:]
            for issue in issues {
                for region in issue.fields.regions where request.region.isEmpty || NUTS.contains(ancestor: request.region, descendant: region) {
                    issuesByRegion[region, default: []].append(issue)
                }
            }
            let regions = issuesByRegion.keys.sorted().map { region in
                // reason: the key came from the dictionary.
                let regionIssues = issuesByRegion[region]!
                return InfluenceReport.RegionFigures(
                    region: region,
                    figures: InfluenceFigures(issues: regionIssues.count, actions: regionIssues.flatMap { actionsByIssue[$0.id] ?? [] },
                                              today: day, overdueAfterDays: days))
            }
            return InfluenceReport(total: total, institutions: institutions, regions: regions, overdueAfterDays: days)
        }
    }
}

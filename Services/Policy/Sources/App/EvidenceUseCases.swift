import GRDB
import TIBSDomain
import TIBSServiceApp

extension PolicyApp {
    /// GetBarrierReport: every survey conducted in the period that the filter selects, the share
    /// naming each barrier against the previous period of equal length, optionally by NUTS level.
    /// Open to every role (the counts hold no personal data). `sync` says how current it is.
    public func barrierReport(_ request: BarrierReportRequest) async throws -> BarrierReport {
        var report = try await store.read { db in try barrierReport(db, request) }
        report.sync = await sync.current()
        return report
    }

    /// The report inside a transaction (a policy issue freezes it in its own write).
    func barrierReport(_ db: Database, _ request: BarrierReportRequest) throws -> BarrierReport {
        let filter = request.filter, period = request.period, survey = rules.codes.survey
        let area = filter.area
        let totals = try EvidenceCountsTable.sums(db, area: area, filter: filter, period: period)
        var regions: [RegionBarriers] = []
        if request.groupByLevel > 0 {
            let level = request.groupByLevel
            let groups: [String: BarrierSums]
            if !area.isEmpty, area.count - 2 >= level {
                // The filter's region lies in one region of the asked level.
                groups = [String(area.prefix(level + 2)): totals]
            } else {
                groups = try EvidenceCountsTable.groups(db, within: area, level: level, filter: filter, period: period)
            }
            regions = groups.filter { $0.value.surveys > 0 || $0.value.previousSurveys > 0 }.map { code, sums in
                RegionBarriers(region: code, surveysInPeriod: sums.surveys, barriers: sums.counts(codes: survey, top: request.top))
            }
            .sorted { ($0.surveysInPeriod, $1.region) > ($1.surveysInPeriod, $0.region) }
        }
        return BarrierReport(period: period, previousPeriod: period.previous, surveysInPeriod: totals.surveys,
                             previousSurveysInPeriod: totals.previousSurveys,
                             barriers: totals.counts(codes: survey, top: request.top), regions: regions, sync: [])
    }
}

import Foundation
import GRDB
import TIBSDomain
import TIBSIdentity
import TIBSServiceApp
import TIBSStore

extension PolicyApp {
    /// Raises a policy issue with its evidence frozen in the same transaction. Admins and the
    /// brokers whose scope covers every region of the issue.
    public func raisePolicyIssue(_ input: PolicyIssueInput, by caller: Caller, idempotency: IdempotencyTicket? = nil) async throws -> Created<PolicyIssue> {
        let fields = try rules.validate(input)
        try PolicyAccess.requireWrite(fields.regions, by: caller.principal)
        let id = ids.next()
        let now = store.now
        let upstreams = await sync.current()
        return try await store.groupWrite { db in
            try changes.idempotent(db, idempotency, caller, encode: { try codec.encode($0) }) {
                var evidence = try evidenceSnapshot(db, fields, at: now)
                evidence.report.sync = upstreams
                let issue = PolicyIssue(id: id, fields: fields, evidence: evidence,
                                        raisedBy: caller.principal.subject, raisedAt: now)
                let record = try IssueTable.insert(db, issue, codec: codec)
                try changes.record(db, caller, .issue, id, .created, payload: record)
                return issue
            }
        }
    }

    public func getPolicyIssue(id: String) async throws -> PolicyIssue {
        try await store.read { db in try requireIssue(db, id) }
    }

    public func listPolicyIssues(_ filter: IssueFilter, page: PageRequest) async throws -> Page<PolicyIssue> {
        try await store.read { db in try IssueTable.list(db, filter: filter, page: page, codec: codec) }
    }

    /// The barrier report over the issue's evidence period, restricted to its barriers: one
    /// `regions` entry per issue region; the totals over the issue's regions, a region inside
    /// another of them counted once (docs/policy.md).
    func evidenceSnapshot(_ db: Database, _ fields: PolicyIssueFields, at now: Date) throws -> EvidenceSnapshot {
        let barriers = Set(fields.barriers.map(\.code))
        let period = fields.evidencePeriod
        let request = BarrierReportRequest(filter: EvidenceFilter(region: fields.regions.count == 1 ? fields.regions[0] : ""), period: period)
        var total = BarrierSums()
        var regions: [RegionBarriers] = []
        for region in fields.regions.sorted() {
            let sums = try EvidenceCountsTable.sums(db, area: region, filter: EvidenceFilter(region: region), period: period)
            regions.append(RegionBarriers(region: region, surveysInPeriod: sums.surveys,
                                          barriers: sums.counts(codes: rules.codes.survey, only: barriers, top: 0)))
            let inside = fields.regions.contains { $0 != region && NUTS.contains(ancestor: $0, descendant: region) }
            if !inside { total.add(sums) }
        }
        let report = BarrierReport(period: period, previousPeriod: period.previous, surveysInPeriod: total.surveys,
                                   previousSurveysInPeriod: total.previousSurveys,
                                   barriers: total.counts(codes: rules.codes.survey, only: barriers, top: 0), regions: regions, sync: [])
        return EvidenceSnapshot(request: request, report: report, takenAt: now)
    }

    func requireIssue(_ db: Database, _ id: String) throws -> PolicyIssue {
        guard let issue = try IssueTable.load(db, id: id, codec: codec) else { throw ServiceError.notFound(entity: "policy issue", id: id) }
        return issue
    }
}

import Foundation

/// The barrier report as it stood when an issue was raised, computed in the raising transaction;
/// frozen, never recomputed.
public struct EvidenceSnapshot: Sendable, Hashable {
    /// The request the report answers: the evidence period; the region filter when the issue
    /// concerns one region (several: no region filter, one `regions` entry per issue region).
    public var request: BarrierReportRequest
    /// Restricted to the barriers.
    public var report: BarrierReport
    public var takenAt: Date

    public init(request: BarrierReportRequest, report: BarrierReport, takenAt: Date) {
        self.request = request
        self.report = report
        self.takenAt = takenAt
    }
}

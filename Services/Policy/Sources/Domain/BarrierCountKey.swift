/// One cell of the materialised barrier counts (`evidence_counts`): how many surveys of one
/// month, area, S3 area, size class and stage there are (``barrier`` empty) or name one barrier.
///
/// A survey is counted once under every area that contains it — "" (everywhere), its country's
/// NUTS prefix (level 0) and each structural prefix of its region code (levels 1 to 3) — and
/// once under S3 "*" plus once under each S3 area of its SME, so that every report filter is an
/// equality on the key (docs/policy.md, counting rules).
public struct BarrierCountKey: Sendable, Hashable, CustomStringConvertible {
    /// "" for every region; else a NUTS code (a country's NUTS prefix at level 0).
    public var area: String
    /// "*" for every S3 area; else an S3 area code of the survey's SME.
    public var s3: String
    /// ``SizeClass`` raw value of the SME; 0 when unknown.
    public var sizeClass: Int
    /// ``InternationalisationStage`` raw value of the survey; 0 when not recorded.
    public var stage: Int
    /// `YYYY-MM` of the survey's conducted_on.
    public var month: String
    /// "" for the survey count; else a barrier code the surveys named.
    public var barrier: String

    public init(area: String, s3: String, sizeClass: Int, stage: Int, month: String, barrier: String) {
        self.area = area
        self.s3 = s3
        self.sizeClass = sizeClass
        self.stage = stage
        self.month = month
        self.barrier = barrier
    }

    /// NUTS level of ``area``: -1 for "", 0 for a country, else 1 to 3.
    public var level: Int { area.isEmpty ? -1 : area.count - 2 }

    public var description: String { "\(area.isEmpty ? "*" : area)/\(s3)/size\(sizeClass)/stage\(stage)/\(month)/\(barrier.isEmpty ? "surveys" : barrier)" }
}

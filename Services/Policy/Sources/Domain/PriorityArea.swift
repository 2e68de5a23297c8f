import TIBSDomain

/// One S3 area a region backs, and how strongly (0 to 1).
public struct PriorityArea: Sendable, Hashable {
    public var s3Area: VersionedCode
    public var weight: Double

    public init(s3Area: VersionedCode, weight: Double) {
        self.s3Area = s3Area
        self.weight = weight
    }
}

import TIBSDomain
import TIBSServiceApp

/// The filters of both evidence reports, combined with AND; empty and nil mean "any".
public struct EvidenceFilter: Sendable, Hashable {
    public var country = ""
    /// A NUTS code; surveys of its sub-regions count too.
    public var region = ""
    /// The SME's S3 areas include it.
    public var s3Area = ""
    public var sizeClass: SizeClass?
    /// The survey's stage.
    public var stage: InternationalisationStage?

    public init(country: String = "", region: String = "", s3Area: String = "", sizeClass: SizeClass? = nil,
                stage: InternationalisationStage? = nil) {
        self.country = country
        self.region = region
        self.s3Area = s3Area
        self.sizeClass = sizeClass
        self.stage = stage
    }

    /// Known codes only: an ISO country, a NUTS region of the loaded list (lying in the country
    /// when both are given), an S3 area of the loaded list. Violations under `field.` (`filter.region`).
    public func validated(codes: CodeLists, field: String = "filter") throws(ValidationErrors) -> EvidenceFilter {
        var filter = self
        var v = Validator()
        v.nested(field) { v in
            filter.country = v.countryFilter(country, field: "country")
            filter.region = v.nutsFilter(region, codes: codes, field: "region")
            filter.s3Area = v.s3Filter(s3Area, codes: codes, field: "s3_area")
            if v.isValid, !filter.country.isEmpty, !filter.region.isEmpty {
                v.check(codes.nuts.isRegion(filter.region, inCountry: filter.country), field: "region",
                        "\(filter.region) is not a region of \(filter.country)")
            }
        }
        try v.throwIfAny()
        return filter
    }

    /// The area of the counts the filter selects: the region, else the country's NUTS prefix,
    /// else "" (everywhere). See ``BarrierCountKey/area``.
    public var area: String {
        if !region.isEmpty { return region }
        if !country.isEmpty { return Countries.nutsPrefix(forISO: country) }
        return ""
    }
}

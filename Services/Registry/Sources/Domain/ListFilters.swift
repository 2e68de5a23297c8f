import Foundation
import TIBSDomain
import TIBSServiceApp

/// ListSmes filters; empty strings and nil mean "any".
public struct SMEFilter: PageFilter, Hashable {
    public var country = ""
    /// A NUTS code; SMEs of its sub-regions match too.
    public var region = ""
    /// Set by validation: the region has no sub-regions in the loaded list, so an exact match
    /// is the same filter (and can use the region index).
    public private(set) var regionHasNoSubregions = false
    public var s3Area = ""
    /// A NACE section letter or a digit prefix (see ``NACE/matches(code:prefix:version:)``).
    public var nacePrefix = ""
    public var sizeClass: SizeClass?
    public var stage: InternationalisationStage?
    public var assignedBrokerID = ""
    /// Words matched as prefixes over legal name and description (all must match).
    public var text = ""

    public init() {}

    /// The filter in canonical form, or every violation (fields in ListSmesRequest names).
    public func validated(codes: CodeLists) throws(ValidationErrors) -> SMEFilter {
        var filter = self
        var v = Validator()
        filter.country = v.countryFilter(country, field: "country")
        filter.region = v.nutsFilter(region, codes: codes, field: "region")
        if !filter.region.isEmpty {
            filter.regionHasNoSubregions = !codes.nuts.regions.entries.contains {
                $0.code != filter.region && $0.code.hasPrefix(filter.region)
            }
        }
        filter.s3Area = v.s3Filter(s3Area, codes: codes, field: "s3_area")
        filter.nacePrefix = nacePrefix.trimmingCharacters(in: .whitespaces).uppercased()
        if !filter.nacePrefix.isEmpty {
            v.check(NACEIndex.pattern(prefix: filter.nacePrefix) != nil, field: "nace_prefix",
                    "must be a NACE section letter (\"J\") or the first digits of a code (\"62\", \"62.0\")")
        }
        filter.assignedBrokerID = v.idFilter(assignedBrokerID, field: "assigned_broker_id", what: "a broker id")
        filter.text = TextRules.trimmed(text)
        if v.checkText(filter.text, max: RegistryLimits.name, field: "text"), !filter.text.isEmpty, filter.ftsQuery == nil {
            // A query of punctuation only ("%", "*") would otherwise read as no filter at all.
            v.add(field: "text", "has no searchable words: search with letters or digits")
        }
        try v.throwIfAny()
        return filter
    }

    /// The words of ``text`` as an FTS5 query (``FullText/query(_:)``); nil when there are none.
    public var ftsQuery: String? { FullText.query(text) }

    public var pageKeyValues: [String] {
        [country, region, s3Area, nacePrefix, sizeClass?.rawValue ?? "", stage?.rawValue ?? "", assignedBrokerID, text]
    }
}

/// ListNeeds / ListOffers filters.
public struct PostingFilter: PageFilter, Hashable {
    public var smeID = ""
    public var region = ""
    public var status: PostingStatus?
    public var s3Area = ""

    public init() {}

    public var pageKeyValues: [String] { [smeID, region, status?.rawValue ?? "", s3Area] }

    public func validated(codes: CodeLists) throws(ValidationErrors) -> PostingFilter {
        var filter = self
        var v = Validator()
        filter.smeID = v.idFilter(smeID, field: "filter.sme_id", what: "an SME id")
        filter.region = v.nutsFilter(region, codes: codes, field: "filter.region")
        filter.s3Area = v.s3Filter(s3Area, codes: codes, field: "filter.s3_area")
        try v.throwIfAny()
        return filter
    }
}

/// ListSurveys filters.
public struct SurveyFilter: PageFilter, Hashable {
    public var smeID = ""
    public var region = ""
    /// `YYYY-MM-DD`, inclusive.
    public var from = ""
    public var to = ""

    public init() {}

    public var pageKeyValues: [String] { [smeID, region, from, to] }

    public func validated(codes: CodeLists) throws(ValidationErrors) -> SurveyFilter {
        var filter = self
        var v = Validator()
        filter.smeID = v.idFilter(smeID, field: "sme_id", what: "an SME id")
        filter.region = v.nutsFilter(region, codes: codes, field: "region")
        filter.from = TextRules.trimmed(from)
        filter.to = TextRules.trimmed(to)
        if !filter.from.isEmpty { v.check(RegistryRules.isCalendarDate(filter.from), field: "conducted_from", "must be a date written YYYY-MM-DD") }
        if !filter.to.isEmpty { v.check(RegistryRules.isCalendarDate(filter.to), field: "conducted_to", "must be a date written YYYY-MM-DD") }
        try v.throwIfAny()
        return filter
    }
}

/// ListBrokers filter: brokers serving this NUTS code (validated), or all.
public struct BrokerFilter: PageFilter, Hashable {
    public var region: String

    public init(region: String) { self.region = region }

    public var pageKeyValues: [String] { [region] }
}

import Foundation
import TIBSDomain

/// One page of a listing: at most `size` entities after the cursor, in id order. Ids are
/// UUIDv7, so id order is creation order, and a cursor on the last id seen never skips or
/// repeats an entity, whatever is inserted between two pages.
public struct PageRequest: Sendable, Hashable {
    public static let maxSize = 500
    public static let defaultSize = 100
    public var size: Int
    /// The last id of the previous page; nil for the first page.
    public var after: String?

    public init(size: Int, after: String?) {
        self.size = size
        self.after = after
    }
}

/// A page of results and the cursor for the next one.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    /// The last id of this page when more may follow; nil on the last page.
    public var nextAfter: String?
    /// Matching entities in all, counted on the first page only (nil otherwise).
    public var total: Int?

    public init(items: [Item], nextAfter: String?, total: Int?) {
        self.items = items
        self.nextAfter = nextAfter
        self.total = total
    }
}

/// ListSmes filters; empty strings and nil mean "any".
public struct SMEFilter: Sendable, Hashable {
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
        filter.country = Countries.normalize(country)
        if !filter.country.isEmpty { v.checkCountry(filter.country, field: "country") }
        filter.region = NUTS.normalize(region)
        if !filter.region.isEmpty {
            v.check(codes.nuts.region(code: filter.region) != nil, field: "region", "is not a NUTS \(codes.nuts.version) code")
            filter.regionHasNoSubregions = !codes.nuts.regions.entries.contains {
                $0.code != filter.region && $0.code.hasPrefix(filter.region)
            }
        }
        filter.s3Area = S3Areas.normalize(s3Area)
        if !filter.s3Area.isEmpty {
            v.check(codes.s3.isValid(code: filter.s3Area), field: "s3_area", "is not an S3 area of list \(codes.s3.version)")
        }
        filter.nacePrefix = nacePrefix.trimmingCharacters(in: .whitespaces).uppercased()
        if !filter.nacePrefix.isEmpty {
            v.check(Self.naceIndexPattern(filter.nacePrefix) != nil, field: "nace_prefix",
                    "must be a NACE section letter (\"J\") or the first digits of a code (\"62\", \"62.0\")")
        }
        filter.assignedBrokerID = TextRules.trimmed(assignedBrokerID)
        if !filter.assignedBrokerID.isEmpty {
            v.check(UUIDv7Generator.isValid(filter.assignedBrokerID), field: "assigned_broker_id", "must be a broker id (a UUID)")
        }
        filter.text = TextRules.trimmed(text)
        if v.checkText(filter.text, max: RegistryLimits.name, field: "text"), !filter.text.isEmpty, filter.ftsQuery == nil {
            // A query of punctuation only ("%", "*") would otherwise read as no filter at all.
            v.add(field: "text", "has no searchable words: search with letters or digits")
        }
        try v.throwIfAny()
        return filter
    }

    /// The LIKE pattern over the NACE index column (`,J6201,C2899,`: section letter, then the
    /// code's digits) for a prefix, or nil when the prefix is malformed.
    public static func naceIndexPattern(_ prefix: String) -> String? {
        let scalars = Array(prefix.unicodeScalars)
        if scalars.count == 1, ("A"..."Z").contains(scalars[0]) { return "%,\(prefix)%" }
        let digits = scalars.filter { $0 != "." }
        guard (1...4).contains(digits.count), digits.allSatisfy({ ("0"..."9").contains($0) }),
              prefix.first != "." else { return nil }
        return "%,_" + String(String.UnicodeScalarView(digits)) + "%"
    }

    /// The words of ``text`` as an FTS5 query: each word quoted (so no FTS syntax gets
    /// through) and matched as a prefix; all words must match. Nil when there are no words.
    public var ftsQuery: String? {
        let words = text.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        guard !words.isEmpty else { return nil }
        return words.prefix(16).map { "\"\($0)\"*" }.joined(separator: " ")
    }
}

/// ListNeeds / ListOffers filters.
public struct PostingFilter: Sendable, Hashable {
    public var smeID = ""
    public var region = ""
    public var status: PostingStatus?
    public var s3Area = ""

    public init() {}

    public func validated(codes: CodeLists) throws(ValidationErrors) -> PostingFilter {
        var filter = self
        var v = Validator()
        filter.smeID = TextRules.trimmed(smeID)
        if !filter.smeID.isEmpty { v.check(UUIDv7Generator.isValid(filter.smeID), field: "filter.sme_id", "must be an SME id (a UUID)") }
        filter.region = NUTS.normalize(region)
        if !filter.region.isEmpty {
            v.check(codes.nuts.region(code: filter.region) != nil, field: "filter.region", "is not a NUTS \(codes.nuts.version) code")
        }
        filter.s3Area = S3Areas.normalize(s3Area)
        if !filter.s3Area.isEmpty {
            v.check(codes.s3.isValid(code: filter.s3Area), field: "filter.s3_area", "is not an S3 area of list \(codes.s3.version)")
        }
        try v.throwIfAny()
        return filter
    }
}

/// ListSurveys filters.
public struct SurveyFilter: Sendable, Hashable {
    public var smeID = ""
    public var region = ""
    /// `YYYY-MM-DD`, inclusive.
    public var from = ""
    public var to = ""

    public init() {}

    public func validated(codes: CodeLists) throws(ValidationErrors) -> SurveyFilter {
        var filter = self
        var v = Validator()
        filter.smeID = TextRules.trimmed(smeID)
        if !filter.smeID.isEmpty { v.check(UUIDv7Generator.isValid(filter.smeID), field: "sme_id", "must be an SME id (a UUID)") }
        filter.region = NUTS.normalize(region)
        if !filter.region.isEmpty {
            v.check(codes.nuts.region(code: filter.region) != nil, field: "region", "is not a NUTS \(codes.nuts.version) code")
        }
        filter.from = TextRules.trimmed(from)
        filter.to = TextRules.trimmed(to)
        if !filter.from.isEmpty { v.check(RegistryRules.isCalendarDate(filter.from), field: "conducted_from", "must be a date written YYYY-MM-DD") }
        if !filter.to.isEmpty { v.check(RegistryRules.isCalendarDate(filter.to), field: "conducted_to", "must be a date written YYYY-MM-DD") }
        try v.throwIfAny()
        return filter
    }
}

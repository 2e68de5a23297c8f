import TIBSDomain
import TIBSServiceApp

/// ListResources filters in canonical form; empty and nil mean "any".
///
/// The same predicate is evaluated by SQL in the catalogue's adapter; ``matches(_:providerCountry:today:)``
/// is its reference, used by tests to check the SQL against a brute-force pass.
public struct ResourceFilter: Sendable, Hashable, PageFilter {
    public var kind: ResourceKind?
    public var providerID = ""
    public var country = ""
    /// A NUTS code; resources of providers in its sub-regions match too.
    public var region = ""
    public var s3Area = ""
    /// A NACE section letter or a digit prefix.
    public var nacePrefix = ""
    public var trlMin: TRL?
    public var trlMax: TRL?
    public var transnationalOnly = false
    public var validOn: CalendarDate?
    public var language = ""
    /// Words matched as prefixes over title, description and keywords (all must match).
    public var text = ""
    /// nil: published only.
    public var status: ReviewStatus?
    /// Include programmes whose window closed before today.
    public var includeClosed = false

    public init() {}

    /// The filter in canonical form, or every violation (fields in ListResourcesRequest names).
    /// `trlMin`/`trlMax` and `validOn` come raw from the request: 0 and empty mean "any".
    public func validated(codes: CodeLists, trlMin rawMin: Int, trlMax rawMax: Int, validOn rawDay: String) throws(ValidationErrors) -> ResourceFilter {
        var filter = self
        var v = Validator()
        filter.providerID = v.idFilter(providerID, field: "provider_id", what: "a provider id")
        filter.country = v.countryFilter(country, field: "country")
        filter.region = v.nutsFilter(region, codes: codes, field: "region")
        filter.s3Area = v.s3Filter(s3Area, codes: codes, field: "s3_area")
        filter.nacePrefix = nacePrefix.trimmingCharacters(in: .whitespaces).uppercased()
        if !filter.nacePrefix.isEmpty {
            v.check(NACEIndex.pattern(prefix: filter.nacePrefix) != nil, field: "nace_prefix",
                    "must be a NACE section letter (\"J\") or the first digits of a code (\"62\", \"62.0\")")
        }
        if rawMin != 0 { filter.trlMin = v.require(TRL(level: rawMin), field: "trl_min", "must be a TRL from 1 to 9 (0: any)") }
        if rawMax != 0 { filter.trlMax = v.require(TRL(level: rawMax), field: "trl_max", "must be a TRL from 1 to 9 (0: any)") }
        if let low = filter.trlMin, let high = filter.trlMax { v.check(low <= high, field: "trl_max", "must not be below trl_min") }
        let day = TextRules.trimmed(rawDay)
        if !day.isEmpty { filter.validOn = v.require(CalendarDate(day), field: "valid_on", "must be a date written YYYY-MM-DD") }
        filter.language = TextRules.trimmed(language)
        if !filter.language.isEmpty { v.check(CodeRules.isLanguageCode(filter.language), field: "language", "must be an ISO 639-1 code in lower case") }
        filter.text = TextRules.trimmed(text)
        if v.checkText(filter.text, max: CatalogueLimits.title, field: "text"), !filter.text.isEmpty, FullText.query(filter.text) == nil {
            v.add(field: "text", "has no searchable words: search with letters or digits")
        }
        try v.throwIfAny()
        return filter
    }

    public var pageKeyValues: [String] {
        [kind?.rawValue ?? "", providerID, country, region, s3Area, nacePrefix, trlMin.map { "\($0.level)" } ?? "",
         trlMax.map { "\($0.level)" } ?? "", transnationalOnly ? "1" : "0", validOn?.description ?? "", language, text,
         status?.rawValue ?? "", includeClosed ? "1" : "0"]
    }

    /// True when `resource` passes every filter but the text and NACE ones (which need the
    /// full-text index and the NACE list) as of `today`.
    public func matches(_ resource: Resource, today: CalendarDate) -> Bool {
        let fields = resource.fields
        if let kind, fields.kind != kind { return false }
        if !providerID.isEmpty, resource.providerID != providerID { return false }
        if !country.isEmpty, resource.region.country != country { return false }
        if !region.isEmpty, !resource.region.nutsCode.hasPrefix(region) { return false }
        if !s3Area.isEmpty, !fields.s3Areas.contains(where: { $0.code == s3Area }) { return false }
        if trlMin != nil || trlMax != nil {
            guard let trl = fields.trl, trl.overlaps(trlMin ?? .basicPrinciples, trlMax ?? .provenInOperationalEnvironment) else { return false }
        }
        if transnationalOnly, !fields.isTransnational { return false }
        if let validOn, !fields.validity.isOpen(on: validOn) { return false }
        if !language.isEmpty, !fields.languages.contains(language) { return false }
        if resource.status != (status ?? .published) { return false }
        if !includeClosed, fields.kind.runsInCalls, fields.validity.hasClosed(before: today) { return false }
        return true
    }
}

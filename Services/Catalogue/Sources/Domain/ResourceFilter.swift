import TIBSDomain

/// ListResources filters in canonical form; empty and nil mean "any".
///
/// The same predicate is evaluated by SQL in the catalogue's adapter; ``matches(_:providerCountry:today:)``
/// is its reference, used by tests to check the SQL against a brute-force pass.
public struct ResourceFilter: Sendable, Hashable {
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

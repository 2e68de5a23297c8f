import TIBSDomain

/// The catalogue's domain rules over the loaded code lists: each `validate` checks every field,
/// reports all broken rules at once (field paths in proto names, relative to the request's
/// `fields`), and returns the value in canonical form. Rules that need stored data (the
/// provider exists, who may write) belong to the App layer.
public struct CatalogueRules: Sendable {
    public let codes: CodeLists
    public let shared: CodeRules

    public init(codes: CodeLists = .bundled) {
        self.codes = codes
        self.shared = CodeRules(codes: codes)
    }

    public func validate(_ input: ProviderProfile, kindGiven: Bool) throws(ValidationErrors) -> ProviderProfile {
        var profile = input
        var v = Validator()
        profile.name = TextRules.trimmed(profile.name)
        if v.require(profile.name, field: "name") { v.checkText(profile.name, max: CatalogueLimits.name, field: "name") }
        v.check(kindGiven, field: "kind", "is required: research institute, university, technology centre, cluster, support agency or other")
        profile.region = shared.region(profile.region, field: "region", &v)
        profile.website = TextRules.trimmed(profile.website)
        if v.checkText(profile.website, max: CatalogueLimits.website, field: "website") { v.checkURL(profile.website, field: "website") }
        v.checkText(profile.description, max: CatalogueLimits.description, field: "description", multiline: true)
        if v.checkCount(profile.contacts.count, max: CatalogueLimits.contacts, field: "contacts", "contact persons") {
            for index in profile.contacts.indices {
                v.nested(Validator.index("contacts", index)) { v in profile.contacts[index] = shared.contact(profile.contacts[index], &v) }
            }
        }
        try v.throwIfAny()
        return profile
    }

    public func validate(_ input: ResourceInput) throws(ValidationErrors) -> ResourceFields {
        var v = Validator()
        let kind = v.require(input.kind, field: "kind", "is required: expertise, equipment, facility, technology, service, training, support programme or funding instrument")
        var fields = ResourceFields(kind: kind ?? .expertise, title: TextRules.trimmed(input.title))
        if v.require(fields.title, field: "title") { v.checkText(fields.title, max: CatalogueLimits.title, field: "title") }
        fields.description = input.description
        v.checkText(fields.description, max: CatalogueLimits.description, field: "description", multiline: true)
        fields.keywords = keywords(input.keywords, &v)
        fields.s3Areas = shared.s3(input.s3Areas, field: "s3_areas", max: CatalogueLimits.codesPerList, &v)
        fields.naceCodes = shared.nace(input.naceCodes, field: "nace_codes", required: false, max: CatalogueLimits.codesPerList, &v)
        fields.trl = trl(min: input.trlMin, max: input.trlMax, &v)
        fields.capacity = TextRules.trimmed(input.capacity)
        v.checkText(fields.capacity, max: CatalogueLimits.shortText, field: "capacity")
        fields.availability = TextRules.trimmed(input.availability)
        v.checkText(fields.availability, max: CatalogueLimits.shortText, field: "availability")
        let scope = v.require(input.accessScope, field: "access_scope", "is required: regional, national or transnational")
        fields.accessScope = scope ?? .regional
        fields.eligibleCountries = shared.countries(input.eligibleCountries, field: "eligible_countries", max: CatalogueLimits.countries, &v)
        if scope != nil, scope != .transnational {
            v.check(fields.eligibleCountries.isEmpty, field: "eligible_countries",
                    "only transnational resources list eligible countries; a \(fields.accessScope.rawValue) one serves its own \(fields.accessScope == .national ? "country" : "region")")
        }
        fields.accessConditions = input.accessConditions
        v.checkText(fields.accessConditions, max: CatalogueLimits.accessConditions, field: "access_conditions", multiline: true)
        fields.costModel = costModel(input, &v)
        fields.languages = shared.languages(input.languages, field: "languages", max: CatalogueLimits.languages, &v)
        if let contact = input.contact {
            v.nested("contact") { v in fields.contact = shared.contact(contact, &v) }
        }
        fields.validity = validity(opensOn: input.opensOn, closesOn: input.closesOn, &v)
        try v.throwIfAny()
        return fields
    }

    func keywords(_ input: [String], _ v: inout Validator) -> [String] {
        let keywords = input.map(TextRules.trimmed)
        guard v.checkCount(keywords.count, max: CatalogueLimits.keywords, field: "keywords", "keywords") else { return keywords }
        for (index, keyword) in keywords.enumerated() {
            let path = Validator.index("keywords", index)
            if v.require(keyword, field: path, "must not be empty") { v.checkText(keyword, max: CatalogueLimits.keyword, field: path) }
        }
        return keywords
    }

    /// 0 and 0: none. Otherwise levels 1–9 with min ≤ max; a max of 0 reads as min.
    func trl(min: Int, max: Int, _ v: inout Validator) -> TRLRange? {
        if min == 0, max == 0 { return nil }
        guard let low = TRL(level: min) else {
            v.add(field: "trl.min", "must be a TRL from 1 to 9 (or leave both min and max 0 for none)")
            return nil
        }
        guard let high = max == 0 ? low : TRL(level: max) else {
            v.add(field: "trl.max", "must be a TRL from 1 to 9")
            return nil
        }
        guard let range = TRLRange(min: low, max: high) else {
            v.add(field: "trl.max", "must not be below trl.min (\(min))")
            return nil
        }
        return range
    }

    func costModel(_ input: ResourceInput, _ v: inout Validator) -> CostModel {
        guard let name = v.require(input.costModel, field: "cost_model", "is required: free, subsidised, fee or co-funding") else { return .fee }
        if name == .coFunding {
            v.check((1...100).contains(input.coFundingRatePercent), field: "co_funding_rate_percent",
                    "must be from 1 to 100: the share of eligible costs the programme pays")
            return .coFunding(ratePercent: input.coFundingRatePercent)
        }
        v.check(input.coFundingRatePercent == 0, field: "co_funding_rate_percent", "goes with the co-funding cost model only")
        switch name {
        case .free: return .free
        case .subsidised: return .subsidised
        case .fee, .coFunding: return .fee
        }
    }

    func validity(opensOn: String, closesOn: String, _ v: inout Validator) -> ValidityWindow {
        func day(_ text: String, _ field: String) -> CalendarDate? {
            let text = TextRules.trimmed(text)
            guard !text.isEmpty else { return nil }
            let day = CalendarDate(text)
            v.check(day != nil, field: "validity." + field, "must be a date written YYYY-MM-DD")
            return day
        }
        let window = ValidityWindow(opensOn: day(opensOn, "opens_on"), closesOn: day(closesOn, "closes_on"))
        if let opens = window.opensOn, let closes = window.closesOn {
            v.check(opens <= closes, field: "validity.closes_on", "must not be before validity.opens_on (\(opens))")
        }
        return window
    }
}

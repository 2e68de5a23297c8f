import TIBSDomain

extension RegistryRules {
    /// A need's or an offer's fields: a kind allowed on that side, a title, codes of the
    /// loaded lists, ISO countries, a TRL (nil when not applicable).
    public func validate(_ input: PostingFields, side: PostingSide) throws(ValidationErrors) -> PostingFields {
        var fields = input
        var v = Validator()
        v.check(fields.kind.allowed(on: side), field: "kind", "\(fields.kind.rawValue) is not a kind of \(side.rawValue)")
        fields.title = TextRules.trimmed(fields.title)
        if v.require(fields.title, field: "title") { v.checkText(fields.title, max: RegistryLimits.name, field: "title") }
        v.checkText(fields.description, max: RegistryLimits.description, field: "description", multiline: true)
        fields.keywords = fields.keywords.map(TextRules.trimmed)
        let keywordsCounted = v.checkCount(fields.keywords.count, max: RegistryLimits.keywords, field: "keywords", "keywords")
        for (index, keyword) in fields.keywords.enumerated() where keywordsCounted {
            let path = Validator.index("keywords", index)
            if v.require(keyword, field: path, "must not be empty") {
                v.checkText(keyword, max: RegistryLimits.keyword, field: path)
            }
        }
        fields.s3Areas = shared.s3(fields.s3Areas, field: "s3_areas", max: RegistryLimits.codesPerList, &v)
        fields.naceCodes = shared.nace(fields.naceCodes, field: "nace_codes", required: false, max: RegistryLimits.codesPerList, &v)
        fields.wantedCountries = shared.countries(fields.wantedCountries, field: "wanted_countries", max: RegistryLimits.countries, &v)
        try v.throwIfAny()
        return fields
    }
}

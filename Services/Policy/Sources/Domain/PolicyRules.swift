import TIBSDomain

/// The policy service's domain rules over the loaded code lists. Each `validate` checks every
/// field, reports all broken rules at once (field paths in proto names, relative to the request's
/// `fields`) and returns the value in canonical form. Rules that need stored data (the institution
/// exists, who may write, the walk from the current status) belong to the App layer.
public struct PolicyRules: Sendable {
    public let codes: CodeLists
    public let shared: CodeRules

    public init(codes: CodeLists = .bundled) {
        self.codes = codes
        self.shared = CodeRules(codes: codes)
    }

    /// Name, kind and level required; EU: no country, no region; national: a country, no region;
    /// regional: a country and a NUTS region in it; an http(s) website; contacts with consent.
    public func validate(_ input: InstitutionFields) throws(ValidationErrors) -> InstitutionFields {
        var fields = input
        var v = Validator()
        fields.name = TextRules.trimmed(fields.name)
        if v.require(fields.name, field: "name") { v.checkText(fields.name, max: PolicyLimits.name, field: "name") }
        v.require(fields.kind, field: "kind", "is required: ministry, regional council, development agency, managing authority, EU body or other")
        fields.country = Countries.normalize(fields.country)
        fields.region = NUTS.normalize(fields.region)
        switch fields.level {
        case nil:
            v.add(field: "level", "is required: EU, national or regional")
        case .eu:
            v.check(fields.country.isEmpty, field: "country", "an EU-level institution has no country")
            v.check(fields.region.isEmpty, field: "region", "an EU-level institution has no region")
        case .national:
            if v.require(fields.country, field: "country", "a national institution needs its country") {
                v.checkCountry(fields.country, field: "country")
            }
            v.check(fields.region.isEmpty, field: "region", "a national institution has no region; make it regional")
        case .regional:
            if v.require(fields.region, field: "region", "a regional institution needs its NUTS region") {
                var scratch = Validator()
                let region = shared.region(RegionRef(country: fields.country, nutsCode: fields.region, nutsVersion: ""), field: "", &scratch)
                // The shared rule names fields of a RegionRef; here they are the institution's own.
                for violation in scratch.violations {
                    v.add(field: violation.field.hasSuffix("country") ? "country" : "region", violation.description)
                }
                fields.country = region.country
                fields.region = region.nutsCode
            } else if !fields.country.isEmpty {
                v.checkCountry(fields.country, field: "country")
            }
        }
        fields.website = TextRules.trimmed(fields.website)
        if v.checkText(fields.website, max: PolicyLimits.website, field: "website") { v.checkURL(fields.website, field: "website") }
        if v.checkCount(fields.contacts.count, max: PolicyLimits.contacts, field: "contacts", "contact persons") {
            for index in fields.contacts.indices {
                v.nested(Validator.index("contacts", index)) { v in fields.contacts[index] = shared.contact(fields.contacts[index], &v) }
            }
        }
        try v.throwIfAny()
        return fields
    }

    /// A NUTS region of the loaded list, valid_from a day, valid_to empty or a day not before it,
    /// at least one priority with each S3 area of the loaded list once and a weight in 0...1, a
    /// title and an https document URL.
    public func validate(_ input: RegionalStrategyInput) throws(ValidationErrors) -> RegionalStrategyFields {
        var v = Validator()
        let region = NUTS.normalize(input.region)
        if v.require(region, field: "region") {
            v.check(codes.nuts.region(code: region) != nil, field: "region",
                    CodeListCatalog.notInList(nil, isNot: "a NUTS \(codes.nuts.version) code", list: CodeListCatalog.Name.nuts, version: codes.nuts.version))
        }
        let from = day(input.validFrom, field: "valid_from", required: true, &v)
        let to = day(input.validTo, field: "valid_to", required: false, &v)
        if let from, let to { v.check(from <= to, field: "valid_to", "must not be before valid_from (\(from))") }
        var priorities = input.priorities
        if v.check(!priorities.isEmpty, field: "priorities", "needs at least one S3 priority area") {
            let areas = shared.s3(priorities.map(\.s3Area), field: "priorities", max: PolicyLimits.priorities, &v)
            if priorities.count <= PolicyLimits.priorities {
                for index in priorities.indices {
                    priorities[index].s3Area = areas[index]
                    let weight = priorities[index].weight
                    v.check(weight.isFinite && (0...1).contains(weight), field: Validator.index("priorities", index) + ".weight",
                            "must be between 0 and 1")
                }
            }
        }
        // shared.s3 names paths priorities[i].code; the proto field is priorities[i].s3_area.code.
        var fixed = Validator()
        for violation in v.violations {
            let field = violation.field.replacingOccurrences(of: "].code", with: "].s3_area.code")
                .replacingOccurrences(of: "].version", with: "].s3_area.version")
            fixed.add(field: field, violation.description)
        }
        v = fixed
        let title = TextRules.trimmed(input.documentTitle)
        if v.require(title, field: "document_title") { v.checkText(title, max: PolicyLimits.title, field: "document_title") }
        let url = TextRules.trimmed(input.documentURL)
        if v.require(url, field: "document_url", "is required: the https URL of the strategy document") {
            v.check(isHTTPS(url), field: "document_url", "must be an https URL with a host")
        }
        try v.throwIfAny()
        // reason: no violation means from was read.
        return RegionalStrategyFields(region: region, validFrom: from!, validTo: to, priorities: priorities, documentTitle: title, documentURL: url)
    }

    /// At least one barrier of the survey code list and one NUTS region of the loaded list, each
    /// once; a title, a statement, the change requested and the evidence period.
    public func validate(_ input: PolicyIssueInput) throws(ValidationErrors) -> PolicyIssueFields {
        var v = Validator()
        var barriers: [VersionedCode] = []
        if v.check(!input.barriers.isEmpty, field: "barriers", "needs at least one barrier code"),
           v.checkCount(input.barriers.count, max: PolicyLimits.issueBarriers, field: "barriers", "barriers") {
            var seen = Set<String>()
            for (index, raw) in input.barriers.enumerated() {
                let code = VersionedCode(code: TextRules.trimmed(raw.code).lowercased(),
                                         version: raw.version.isEmpty ? codes.survey.version : TextRules.trimmed(raw.version))
                let path = Validator.index("barriers", index)
                if code.version != codes.survey.version {
                    v.add(field: path + ".version", "survey code list \(code.version) is not loaded; this service uses \(codes.survey.version)")
                } else if codes.survey.code(code.code, of: .barrier) == nil {
                    v.add(field: path + ".code", CodeListCatalog.notInList(raw.code, isNot: "a barrier code of survey code list \(codes.survey.version)",
                                                                           list: CodeListCatalog.Name.survey(.barrier), version: codes.survey.version))
                } else if !seen.insert(code.code).inserted {
                    v.add(field: path + ".code", "\(code.code) is listed twice")
                }
                barriers.append(code)
            }
        }
        var regions: [String] = []
        if v.check(!input.regions.isEmpty, field: "regions", "needs at least one NUTS region"),
           v.checkCount(input.regions.count, max: PolicyLimits.issueRegions, field: "regions", "regions") {
            var seen = Set<String>()
            for (index, raw) in input.regions.enumerated() {
                let region = NUTS.normalize(raw)
                let path = Validator.index("regions", index)
                if codes.nuts.region(code: region) == nil {
                    v.add(field: path, CodeListCatalog.notInList(raw, isNot: "a NUTS \(codes.nuts.version) code", list: CodeListCatalog.Name.nuts,
                                                                  version: codes.nuts.version))
                } else if !seen.insert(region).inserted {
                    v.add(field: path, "\(region) is listed twice")
                }
                regions.append(region)
            }
        }
        let title = TextRules.trimmed(input.title)
        if v.require(title, field: "title") { v.checkText(title, max: PolicyLimits.title, field: "title") }
        let statement = TextRules.trimmed(input.statement)
        if v.require(statement, field: "statement") { v.checkText(statement, max: PolicyLimits.longText, field: "statement", multiline: true) }
        let change = TextRules.trimmed(input.requestedChange)
        if v.require(change, field: "requested_change") {
            v.checkText(change, max: PolicyLimits.longText, field: "requested_change", multiline: true)
        }
        var period: Period?
        v.collect { () throws(ValidationErrors) in
            period = try Period.validated(from: input.evidenceFromMonth, to: input.evidenceToMonth, field: "evidence_period")
        }
        try v.throwIfAny()
        // reason: no violation means the period was read.
        return PolicyIssueFields(barriers: barriers, regions: regions, title: title, statement: statement, requestedChange: change,
                                 evidencePeriod: period!)
    }

    /// A kind, an institution id, a submission day not after `today`, documents and a summary.
    public func validate(_ input: InfluenceActionInput, today: CalendarDate) throws(ValidationErrors) -> InfluenceActionFields {
        var v = Validator()
        let kind = v.require(input.kind, field: "kind", "is required: recommendation, consultation response, meeting, position paper or letter")
        let institution = TextRules.trimmed(input.institutionID)
        if v.require(institution, field: "institution_id") {
            v.check(UUIDv7Generator.isValid(institution), field: "institution_id", "must be an institution id (a UUID)")
        }
        let submitted = day(input.submittedOn, field: "submitted_on", required: true, &v)
        if let submitted { v.check(submitted <= today, field: "submitted_on", "must not be in the future (today is \(today))") }
        let documents = self.documents(input.documents, field: "documents", &v)
        let summary = TextRules.trimmed(input.summary)
        v.checkText(summary, max: PolicyLimits.longText, field: "summary", multiline: true)
        try v.throwIfAny()
        // reason: no violation means kind and submitted were read.
        return InfluenceActionFields(kind: kind!, institutionID: institution, submittedOn: submitted!, documents: documents, summary: summary)
    }

    /// Documents: a title, an https URL or nothing, a short reference.
    public func documents(_ input: [DocumentRef], field: String, _ v: inout Validator) -> [DocumentRef] {
        guard v.checkCount(input.count, max: PolicyLimits.documents, field: field, "documents") else { return input }
        return input.enumerated().map { index, raw in
            let document = DocumentRef(title: TextRules.trimmed(raw.title), url: TextRules.trimmed(raw.url), reference: TextRules.trimmed(raw.reference))
            v.nested(Validator.index(field, index)) { v in
                if v.require(document.title, field: "title") { v.checkText(document.title, max: PolicyLimits.title, field: "title") }
                v.check(document.url.isEmpty || isHTTPS(document.url), field: "url", "must be an https URL with a host, or empty")
                v.checkText(document.reference, max: PolicyLimits.reference, field: "reference")
            }
            return document
        }
    }

    /// A note of a step: short text, line breaks allowed.
    public func note(_ input: String, field: String = "note", _ v: inout Validator) -> String {
        let note = TextRules.trimmed(input)
        v.checkText(note, max: PolicyLimits.note, field: field, multiline: true)
        return note
    }

    /// A `YYYY-MM-DD` day; empty passes unless `required`.
    public func day(_ text: String, field: String, required: Bool, _ v: inout Validator) -> CalendarDate? {
        let trimmed = TextRules.trimmed(text)
        if trimmed.isEmpty {
            if required { v.add(field: field, "is required: a day written YYYY-MM-DD") }
            return nil
        }
        let date = CalendarDate(trimmed)
        v.check(date != nil, field: field, "must be a day written YYYY-MM-DD")
        return date
    }

    func isHTTPS(_ url: String) -> Bool {
        TextRules.isValidURL(url) && url.lowercased().hasPrefix("https://")
    }
}

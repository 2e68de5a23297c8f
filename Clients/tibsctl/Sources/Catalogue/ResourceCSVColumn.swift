/// The CSV columns `tibsctl import resources` understands (docs/tibsctl.md). Required: what the
/// catalogue requires of every resource (provider, kind, title, access scope, cost model).
enum ResourceCSVColumn: String, CSVColumns {
    case providerID = "provider_id"
    case kind
    case title
    case description
    case keywords
    case s3Areas = "s3_areas"
    case naceCodes = "nace_codes"
    case trlMin = "trl_min"
    case trlMax = "trl_max"
    case capacity
    case availability
    case accessScope = "access_scope"
    case eligibleCountries = "eligible_countries"
    case accessConditions = "access_conditions"
    case costModel = "cost_model"
    case coFundingRate = "co_funding_rate_percent"
    case languages
    case opensOn = "opens_on"
    case closesOn = "closes_on"
    case contactName = "contact_name"
    case contactEmail = "contact_email"
    case contactPhone = "contact_phone"
    case contactJobTitle = "contact_job_title"
    case contactConsent = "contact_consent"

    static let required: [ResourceCSVColumn] = [.providerID, .kind, .title, .accessScope, .costModel]

    /// One row as an `ImportResourceRow` (JSON), or every problem of its values. Enum columns take
    /// the short names of the flags (`support-programme`, `transnational`, `co-funding`).
    static func row(_ fields: [String], _ number: Int, columns: [ResourceCSVColumn: Int], catalogue: ServiceClient)
        -> Result<JSONValue, CSVRowSource.Problems> {
        var row = CSVRow(fields: fields, columns: columns, row: number)
        func enumValue(_ column: ResourceCSVColumn, _ type: String) -> JSONValue? {
            guard let text = row.value(column) else { return nil }
            do {
                return try catalogue.enumValue(type, text, flag: column.rawValue)
            } catch {
                row.problem(column, error.message.replacingOccurrences(of: column.rawValue + ": ", with: ""))
                return nil
            }
        }
        let kind = enumValue(.kind, "ResourceKind"), scope = enumValue(.accessScope, "AccessScope"), cost = enumValue(.costModel, "CostModel")
        let trlMin = row.number(.trlMin, max: 99), trlMax = row.number(.trlMax, max: 99)
        let rate = row.number(.coFundingRate, max: 100)
        var resource = object([
            ("kind", kind), ("title", row.value(.title).map(JSONValue.string)),
            ("description", row.value(.description).map(JSONValue.string)), ("keywords", row.strings(.keywords)),
            ("s3Areas", row.codes(.s3Areas)), ("naceCodes", row.codes(.naceCodes)),
            ("capacity", row.value(.capacity).map(JSONValue.string)), ("availability", row.value(.availability).map(JSONValue.string)),
            ("accessScope", scope), ("eligibleCountries", row.strings(.eligibleCountries)),
            ("accessConditions", row.value(.accessConditions).map(JSONValue.string)), ("costModel", cost),
            ("coFundingRatePercent", rate.map { .number($0.cell) }), ("languages", row.strings(.languages)),
        ])
        if trlMin != nil || trlMax != nil {
            resource = resource.setting(["trl"], object([("min", trlMin.map { .number($0.cell) }), ("max", trlMax.map { .number($0.cell) })]))
        }
        if let opens = row.value(.opensOn) { resource = resource.setting(["validity", "opensOn"], .string(opens)) }
        if let closes = row.value(.closesOn) { resource = resource.setting(["validity", "closesOn"], .string(closes)) }
        if let contact = contactJSON(&row, name: .contactName, email: .contactEmail, phone: .contactPhone,
                                     jobTitle: .contactJobTitle, consent: .contactConsent) {
            resource = resource.setting(["contact"], contact)
        }
        guard row.problems.isEmpty else { return .failure(CSVRowSource.Problems(list: row.problems)) }
        return .success(object([("providerId", row.value(.providerID).map(JSONValue.string)), ("fields", resource)]))
    }
}

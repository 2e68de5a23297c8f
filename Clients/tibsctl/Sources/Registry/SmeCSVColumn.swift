/// The CSV columns `tibsctl import smes` understands (docs/tibsctl.md).
enum SmeCSVColumn: String, CSVColumns {
    case legalName = "legal_name"
    case country
    case nutsCode = "nuts_code"
    case registrationID = "registration_id"
    case headcount
    case annualTurnover = "annual_turnover_eur"
    case balanceSheet = "balance_sheet_total_eur"
    case naceCodes = "nace_codes"
    case s3Areas = "s3_areas"
    case description
    case languages
    case website
    case assignedBrokerID = "assigned_broker_id"
    case contactName = "contact_name"
    case contactEmail = "contact_email"
    case contactPhone = "contact_phone"
    case contactJobTitle = "contact_job_title"
    case contactConsent = "contact_consent"

    static let required: [SmeCSVColumn] = [.legalName, .nutsCode, .registrationID]

    /// One row as an `ImportSmeRow` (JSON), or every problem of its values.
    static func row(_ fields: [String], _ number: Int, columns: [SmeCSVColumn: Int]) -> Result<JSONValue, CSVRowSource.Problems> {
        var row = CSVRow(fields: fields, columns: columns, row: number)
        var fieldsJSON = object([
            ("legalName", row.value(.legalName).map(JSONValue.string)),
            ("registrationId", row.value(.registrationID).map(JSONValue.string)),
            ("headcount", row.number(.headcount, max: UInt64(UInt32.max))),
            ("annualTurnoverEur", row.number(.annualTurnover, max: UInt64.max)),
            ("balanceSheetTotalEur", row.number(.balanceSheet, max: UInt64.max)),
            ("naceCodes", row.codes(.naceCodes)), ("s3Areas", row.codes(.s3Areas)),
            ("description", row.value(.description).map(JSONValue.string)),
            ("languages", row.strings(.languages)),
            ("website", row.value(.website).map(JSONValue.string)),
            ("assignedBrokerId", row.value(.assignedBrokerID).map(JSONValue.string)),
        ])
        if let nuts = row.value(.nutsCode) {
            fieldsJSON = fieldsJSON.setting(["region"], regionRef(nuts: nuts, country: row.value(.country)))
        } else if let country = row.value(.country) {
            fieldsJSON = fieldsJSON.setting(["region", "country"], .string(country.uppercased()))
        }
        if let contact = contactJSON(&row, name: .contactName, email: .contactEmail, phone: .contactPhone,
                                     jobTitle: .contactJobTitle, consent: .contactConsent) {
            fieldsJSON = fieldsJSON.setting(["contacts"], .array([contact]))
        }
        guard row.problems.isEmpty else { return .failure(CSVRowSource.Problems(list: row.problems)) }
        return .success(.object([JSONMember("fields", fieldsJSON)]))
    }
}

/// A ContactPerson from a row's contact columns, nil without a name.
func contactJSON<Column>(_ row: inout CSVRow<Column>, name: Column, email: Column, phone: Column, jobTitle: Column,
                         consent: Column) -> JSONValue? {
    guard let contactName = row.value(name) else { return nil }
    let given = row.flag(consent)
    return object([
        ("name", .string(contactName)), ("email", row.value(email).map(JSONValue.string)),
        ("phone", row.value(phone).map(JSONValue.string)), ("jobTitle", row.value(jobTitle).map(JSONValue.string)),
        ("consentGiven", .bool(given)),
    ])
}

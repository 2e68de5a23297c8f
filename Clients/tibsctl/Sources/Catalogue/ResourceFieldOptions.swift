import ArgumentParser

/// The ResourceFields flags of `resource create` and `update`. On update, only the flags given change.
struct ResourceFieldOptions: EntityFieldFlags {
    @Option(name: .customLong("from"), help: "JSON file with ResourceFields (protobuf JSON); flags given as well override it.")
    var fromFile: String?
    @Option(help: "expertise, equipment, facility, technology, service, training, support-programme or funding-instrument.")
    var kind: String?
    @Option var title: String?
    @Option var description: String?
    @Option(help: "Comma-separated.") var keywords: String?
    @Option(help: "S3 areas, comma-separated.") var s3: String?
    @Option(help: "NACE codes, comma-separated: NACE Rev. 2.1 unless code@2 names Rev. 2 (72.10,C or 72.19@2,C@2).") var nace: String?
    @Option(help: "TRL range: 4-6, or one level (technologies).") var trl: String?
    @Option(help: "e.g. '2 pilot lines, 10 test days a month'.") var capacity: String?
    @Option(help: "e.g. 'from March 2027, weekdays'.") var availability: String?
    @Option(name: .customLong("access-scope"), help: "Who may use it: regional, national or transnational.") var accessScope: String?
    @Option(help: "Eligible countries (ISO alpha-2), comma-separated; transnational only.") var countries: String?
    @Option(name: .customLong("access-conditions")) var accessConditions: String?
    @Option(help: "free, subsidised, fee or co-funding.") var cost: String?
    @Option(name: .customLong("co-funding-rate"), help: "Percent of eligible costs the programme pays (co-funding).") var coFundingRate: UInt32?
    @Option(help: "ISO 639-1 languages, comma-separated (lv,en).") var languages: String?
    @Option(name: .customLong("opens-on"), help: "Call opening day, YYYY-MM-DD.") var opensOn: String?
    @Option(name: .customLong("closes-on"), help: "Call deadline, YYYY-MM-DD (programmes and funding instruments).") var closesOn: String?
    @OptionGroup var contact: ContactOptions

    func fields(base: JSONValue, _ catalogue: ServiceClient) throws -> JSONValue {
        var fields = base
        if let fromFile { fields = try JSONValue.parse(RequestInput.file(fromFile).readAll()) }
        let simple: [(String, JSONValue?)] = [
            ("kind", try kind.map { try catalogue.enumValue("ResourceKind", $0, flag: "--kind") }),
            ("title", title.map(JSONValue.string)), ("description", description.map(JSONValue.string)),
            ("keywords", strings(keywords)), ("s3Areas", codes(s3)), ("naceCodes", codes(nace)),
            ("trl", try trl.map(Self.trlRange)), ("capacity", capacity.map(JSONValue.string)),
            ("availability", availability.map(JSONValue.string)),
            ("accessScope", try accessScope.map { try catalogue.enumValue("AccessScope", $0, flag: "--access-scope") }),
            ("eligibleCountries", strings(countries?.uppercased())), ("accessConditions", accessConditions.map(JSONValue.string)),
            ("costModel", try cost.map { try catalogue.enumValue("CostModel", $0, flag: "--cost") }),
            ("coFundingRatePercent", coFundingRate.map { .number(String($0)) }), ("languages", strings(languages)),
            ("contact", contact.json),
        ]
        for (key, value) in simple { if let value { fields = fields.setting([key], value) } }
        if let opensOn { fields = fields.setting(["validity", "opensOn"], .string(opensOn)) }
        if let closesOn { fields = fields.setting(["validity", "closesOn"], .string(closesOn)) }
        return fields
    }

    /// "4-6" or "5" as a TrlRange; the server checks the levels (1..9, min ≤ max).
    static func trlRange(_ text: String) throws(CLIFailure) -> JSONValue {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard (1...2).contains(parts.count), let low = UInt32(parts[0]), let high = UInt32(parts.last ?? "") else {
            throw CLIFailure.usage("--trl: '\(text)' is not a TRL range such as 4-6 or 5")
        }
        return .object([JSONMember("min", .number(String(low))), JSONMember("max", .number(String(high)))])
    }
}

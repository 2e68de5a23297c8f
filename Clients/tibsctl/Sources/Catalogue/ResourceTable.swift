/// Tables of catalogue resources.
enum ResourceTable {
    static func rows(_ resources: [JSONValue], _ catalogue: ServiceClient) -> Table {
        Table(header: ["ID", "KIND", "TITLE", "REGION", "ACCESS", "WINDOW", "STATUS", "COMPLETE", "VERSION"], rows: resources.map { resource in
            let fields = resource["fields"] ?? .object([])
            return [resource["id"]?.cell ?? "-", catalogue.short(fields["kind"], "ResourceKind"), fields["title"]?.cell ?? "-",
                    resource[path: "region", "nutsCode"]?.cell ?? "-", catalogue.short(fields["accessScope"], "AccessScope"),
                    window(fields["validity"]), catalogue.short(resource["status"], "ReviewStatus"),
                    (resource["completenessPercent"]?.cell ?? "0") + "%", resource["version"]?.cell ?? "-"]
        }, maxCell: 48)
    }

    /// "2026-09-01..2026-11-30", "..2026-11-30", or "-".
    static func window(_ validity: JSONValue?) -> String {
        let opens = validity?["opensOn"]?.cell, closes = validity?["closesOn"]?.cell
        if opens == nil, closes == nil { return "-" }
        return (opens ?? "") + ".." + (closes ?? "")
    }

    /// One resource as "key  value" lines, with its completeness checks.
    static func detail(_ resource: JSONValue, _ catalogue: ServiceClient) -> Table {
        let fields = resource["fields"] ?? .object([])
        var rows: [[String]] = [
            ["id", resource["id"]?.cell ?? "-"], ["provider", resource["providerId"]?.cell ?? "-"],
            ["region", "\(resource[path: "region", "nutsCode"]?.cell ?? "-") (\(resource[path: "region", "country"]?.cell ?? "-"))"],
            ["kind", catalogue.short(fields["kind"], "ResourceKind")], ["title", fields["title"]?.cell ?? "-"],
            ["status", catalogue.short(resource["status"], "ReviewStatus")],
        ]
        var access = catalogue.short(fields["accessScope"], "AccessScope")
        if let countries = fields["eligibleCountries"] { access += " (\(countries.cell))" }
        rows.append(["access", access])
        var cost = catalogue.short(fields["costModel"], "CostModel")
        if let rate = fields["coFundingRatePercent"] { cost += " \(rate.cell)%" }
        rows.append(["cost", cost])
        if let trl = fields["trl"] { rows.append(["TRL", "\(trl["min"]?.cell ?? "?")-\(trl["max"]?.cell ?? "?")"]) }
        if fields["validity"] != nil { rows.append(["window", window(fields["validity"])]) }
        for (label, key) in [("keywords", "keywords"), ("languages", "languages"), ("capacity", "capacity"), ("availability", "availability"),
                             ("access conditions", "accessConditions")] {
            if let value = fields[key] { rows.append([label, value.cell]) }
        }
        if case .array(let items)? = fields["s3Areas"] { rows.append(["S3 areas", items.compactMap { $0["code"]?.cell }.joined(separator: ", ")]) }
        if case .array(let items)? = fields["naceCodes"] { rows.append(["NACE", items.compactMap { $0["code"]?.cell }.joined(separator: ", ")]) }
        if let contact = fields["contact"] { rows.append(["contact", contactCell(contact)]) }
        if resource["contactWithheld"] == .bool(true) { rows.append(["contact", "withheld (your token may not see personal data)"]) }
        if let description = fields["description"] { rows.append(["description", description.cell]) }
        rows.append(["completeness", (resource["completenessPercent"]?.cell ?? "0") + "%"])
        if case .array(let checks)? = resource["checks"] {
            for check in checks where check["passed"] != .bool(true) {
                rows.append(["  missing", "\(check["name"]?.cell ?? "?"): \(check["hint"]?.cell ?? "")"])
            }
        }
        if let reason = resource["retiredReason"] { rows.append(["retired", reason.cell]) }
        rows.append(["version", resource["version"]?.cell ?? "-"])
        rows.append(["updated", resource["updatedAt"]?.cell ?? "-"])
        return Table(header: ["FIELD", "VALUE"], rows: rows, maxCell: 100)
    }
}

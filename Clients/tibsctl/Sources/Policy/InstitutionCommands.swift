import ArgumentParser

/// `tibsctl institution create|get|list|update|erase`: the policy-making bodies influence actions
/// are addressed to (ministries, regional councils, development agencies, managing authorities, EU
/// bodies). Writes: admins.
struct InstitutionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "institution", abstract: "Register and manage policy-making institutions (the policy service).",
        subcommands: [InstitutionCreate.self, InstitutionGet.self, InstitutionList.self, InstitutionUpdate.self, InstitutionErase.self])
}

/// The InstitutionFields flags of create and update. On update, only the flags given change.
struct InstitutionFieldOptions: EntityFieldFlags {
    static let kinds = "ministry, regional-council, development-agency, managing-authority, eu-body or other."
    static let levels = "eu (no country, no region), national (a country) or regional (a country and a NUTS region)."

    @Option(name: .customLong("from"), help: "JSON file with InstitutionFields (protobuf JSON); flags given as well override it.")
    var fromFile: String?
    @Option var name: String?
    @Option(help: ArgumentHelp(stringLiteral: kinds)) var kind: String?
    @Option(help: ArgumentHelp(stringLiteral: levels)) var level: String?
    @Option(help: "ISO 3166-1 alpha-2 country; default: from --region.") var country: String?
    @Option(help: "NUTS code of the institution's region (regional level), e.g. LV008.") var region: String?
    @Option var website: String?
    @OptionGroup var contact: ContactOptions

    func fields(base: JSONValue, _ policy: ServiceClient) throws -> JSONValue {
        var fields = base
        if let fromFile { fields = try JSONValue.parse(RequestInput.file(fromFile).readAll()) }
        let simple: [(String, JSONValue?)] = [
            ("name", name.map(JSONValue.string)),
            ("kind", try kind.map { try policy.enumValue("InstitutionKind", $0, flag: "--kind") }),
            ("level", try level.map { try policy.enumValue("GovernanceLevel", $0, flag: "--level") }),
            ("website", website.map(JSONValue.string)),
            ("region", region.map { .string($0.uppercased()) }),
            ("country", (country?.uppercased() ?? region.map { countryOf(nuts: $0) }).map(JSONValue.string)),
        ]
        for (key, value) in simple { if let value { fields = fields.setting([key], value) } }
        if let person = contact.json { fields = fields.setting(["contacts"], .array([person])) }
        return fields
    }
}

enum InstitutionTable {
    static func rows(_ institutions: [JSONValue], _ policy: ServiceClient) -> Table {
        Table(header: ["ID", "NAME", "KIND", "LEVEL", "COUNTRY", "REGION", "VERSION"], rows: institutions.map { institution in
            let fields = institution["fields"] ?? .object([])
            return [institution["id"]?.cell ?? "-", fields["name"]?.cell ?? "-", policy.short(fields["kind"], "InstitutionKind"),
                    policy.short(fields["level"], "GovernanceLevel"), fields["country"]?.cell ?? "-", fields["region"]?.cell ?? "-",
                    institution["version"]?.cell ?? "-"]
        })
    }

    /// One institution as "key  value" lines.
    static func detail(_ institution: JSONValue, _ policy: ServiceClient) -> Table {
        let fields = institution["fields"] ?? .object([])
        var rows: [[String]] = [
            ["id", institution["id"]?.cell ?? "-"], ["name", fields["name"]?.cell ?? "-"],
            ["kind", policy.short(fields["kind"], "InstitutionKind")], ["level", policy.short(fields["level"], "GovernanceLevel")],
            ["country", fields["country"]?.cell ?? "-"], ["region", fields["region"]?.cell ?? "-"],
        ]
        if let website = fields["website"] { rows.append(["website", website.cell]) }
        rows += contactRows(institution)
        rows.append(["version", institution["version"]?.cell ?? "-"])
        rows.append(["updated", institution["updatedAt"]?.cell ?? "-"])
        return Table(header: ["FIELD", "VALUE"], rows: rows, maxCell: 100)
    }
}

struct InstitutionCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Register an institution (admins).")
    @OptionGroup var create: EntityCreateOptions<InstitutionFieldOptions>

    func run() async throws { try await create.run("Institution", service: .policy, detail: { InstitutionTable.detail($0, $1) }) }
}

struct InstitutionGet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Show one institution.")
    @OptionGroup var show: ShowOptions

    func run() async throws { try await show.run("GetInstitution", service: .policy, detail: { InstitutionTable.detail($0, $1) }) }
}

struct InstitutionList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List institutions, filtered.")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Option var country: String?
    @Option(help: "NUTS code; includes its sub-regions.") var region: String?
    @Option(help: ArgumentHelp(stringLiteral: InstitutionFieldOptions.kinds)) var kind: String?
    @Option(help: "eu, national or regional.") var level: String?
    @OptionGroup var page: PageOptions

    func run() async throws {
        try await ServiceClient.with(connection, service: .policy) { policy in
            let request = object([
                ("page", page.request), ("country", country.map { .string($0.uppercased()) }),
                ("region", region.map { .string($0.uppercased()) }),
                ("kind", try kind.map { try policy.enumValue("InstitutionKind", $0, flag: "--kind") }),
                ("level", try level.map { try policy.enumValue("GovernanceLevel", $0, flag: "--level") }),
            ])
            try await policy.list("ListInstitutions", request, items: "institutions", all: page.all, json: output.json) {
                InstitutionTable.rows($0, policy)
            }
        }
    }
}

struct InstitutionUpdate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update", abstract: "Change an institution's fields (only the flags given).",
        discussion: "Reads the institution, applies the flags, and writes it back with its version; a concurrent change makes this fail with ABORTED.")
    @OptionGroup var update: EntityUpdateOptions<InstitutionFieldOptions>

    func run() async throws { try await update.run("Institution", service: .policy, detail: { InstitutionTable.detail($0, $1) }) }
}

struct InstitutionErase: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase", abstract: "Erase an institution's personal data (its contact persons) for GDPR.")
    @OptionGroup var erase: EraseOptions

    func run() async throws { try await erase.run("EraseInstitutionPersonalData", service: .policy) }
}

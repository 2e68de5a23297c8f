import ArgumentParser
import Foundation

/// `tibsctl sme create|get|list|update|delete|export|erase`.
struct SmeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sme", abstract: "Register and manage SMEs in the registry.",
        subcommands: [SmeCreate.self, SmeGet.self, SmeList.self, SmeUpdate.self, SmeDelete.self, SmeExport.self, SmeErase.self])
}

/// The SmeFields flags of create and update. On update, only the flags given change.
struct SmeFieldOptions: ParsableArguments {
    @Option(name: .customLong("from"), help: "JSON file with SmeFields (protobuf JSON); flags given as well override it.")
    var fromFile: String?
    @Option(name: .customLong("legal-name")) var legalName: String?
    @Option(help: "ISO 3166-1 alpha-2 country; default: from --region.") var country: String?
    @Option(help: "NUTS code of the SME's region, e.g. LV008.") var region: String?
    @Option(name: .customLong("registration-id"), help: "VAT or company register id.") var registrationID: String?
    @Option(help: "Staff headcount (annual work units).") var headcount: UInt32?
    @Option(name: .customLong("turnover"), help: "Annual turnover in EUR.") var turnover: UInt64?
    @Option(name: .customLong("balance-sheet"), help: "Balance sheet total in EUR.") var balanceSheet: UInt64?
    @Option(help: "NACE codes, comma-separated: NACE Rev. 2.1 unless code@2 names Rev. 2 (62.10,K or 62.01@2,J@2).") var nace: String?
    @Option(help: "S3 areas, comma-separated.") var s3: String?
    @Option var description: String?
    @Option(help: "ISO 639-1 languages, comma-separated (lv,en).") var languages: String?
    @Option var website: String?
    @Option(name: .customLong("broker"), help: "Assigned broker id.") var brokerID: String?
    @Option(name: .customLong("contact-name"), help: "A contact person (needs --consent).") var contactName: String?
    @Option(name: .customLong("contact-email")) var contactEmail: String?
    @Option(name: .customLong("contact-phone")) var contactPhone: String?
    @Flag(name: .long, help: "The contact person consented to being recorded.") var consent = false

    /// Applies the given flags on top of `base` (the --from file, or the SME's current fields on update).
    /// Contact flags without `--contact-name` are a usage error: they would otherwise be dropped unseen.
    func fields(base: JSONValue) throws -> JSONValue {
        if contactName == nil {
            let orphans = [("--consent", consent), ("--contact-email", contactEmail != nil), ("--contact-phone", contactPhone != nil)]
                .filter(\.1).map(\.0)
            if !orphans.isEmpty {
                throw CLIFailure.usage("\(orphans.joined(separator: ", ")) describe\(orphans.count == 1 ? "s" : "") a contact person: pass --contact-name as well")
            }
        }
        var fields = base
        if let fromFile {
            fields = try JSONValue.parse(RequestInput.file(fromFile).readAll())
        }
        let simple: [(String, JSONValue?)] = [
            ("legalName", legalName.map(JSONValue.string)), ("registrationId", registrationID.map(JSONValue.string)),
            ("headcount", headcount.map { .number(String($0)) }), ("annualTurnoverEur", turnover.map { .string(String($0)) }),
            ("balanceSheetTotalEur", balanceSheet.map { .string(String($0)) }), ("naceCodes", codes(nace)), ("s3Areas", codes(s3)),
            ("description", description.map(JSONValue.string)), ("languages", strings(languages)),
            ("website", website.map(JSONValue.string)), ("assignedBrokerId", brokerID.map(JSONValue.string)),
        ]
        for (key, value) in simple { if let value { fields = fields.setting([key], value) } }
        if let region {
            fields = fields.setting(["region"], regionRef(nuts: region, country: country))
        } else if let country {
            fields = fields.setting(["region", "country"], .string(country.uppercased()))
        }
        if let contactName {
            let contact = object([("name", .string(contactName)), ("email", contactEmail.map(JSONValue.string)),
                                  ("phone", contactPhone.map(JSONValue.string)), ("consentGiven", .bool(consent))])
            fields = fields.setting(["contacts"], .array([contact]))
        }
        return fields
    }
}

enum SmeTable {
    static func rows(_ smes: [JSONValue], _ registry: RegistryClient) -> Table {
        Table(header: ["ID", "LEGAL NAME", "COUNTRY", "REGION", "SIZE", "STAGE", "VERSION"], rows: smes.map { sme in
            [sme["id"]?.cell ?? "-", sme[path: "fields", "legalName"]?.cell ?? "-", sme[path: "fields", "region", "country"]?.cell ?? "-",
             sme[path: "fields", "region", "nutsCode"]?.cell ?? "-", registry.short(sme["sizeClass"], "SizeClass"),
             registry.short(sme["stage"], "InternationalisationStage"), sme["version"]?.cell ?? "-"]
        })
    }

    /// One SME as "key  value" lines.
    static func detail(_ sme: JSONValue, _ registry: RegistryClient) -> Table {
        var rows: [[String]] = [["id", sme["id"]?.cell ?? "-"]]
        let fields = sme["fields"] ?? .object([])
        rows.append(["legal name", fields["legalName"]?.cell ?? "-"])
        rows.append(["region", "\(fields[path: "region", "nutsCode"]?.cell ?? "-") (\(fields[path: "region", "country"]?.cell ?? "-"))"])
        rows.append(["registration id", fields["registrationId"]?.cell ?? "-"])
        rows.append(["size", "\(registry.short(sme["sizeClass"], "SizeClass")) (headcount \(fields["headcount"]?.cell ?? "0"), turnover \(fields["annualTurnoverEur"]?.cell ?? "0") EUR)"])
        rows.append(["stage", registry.short(sme["stage"], "InternationalisationStage")])
        if case .array(let items)? = fields["naceCodes"] { rows.append(["NACE", items.compactMap { $0["code"]?.cell }.joined(separator: ", ")]) }
        if case .array(let items)? = fields["s3Areas"] { rows.append(["S3 areas", items.compactMap { $0["code"]?.cell }.joined(separator: ", ")]) }
        if let languages = fields["languages"] { rows.append(["languages", languages.cell]) }
        if let website = fields["website"] { rows.append(["website", website.cell]) }
        if let broker = fields["assignedBrokerId"] { rows.append(["broker", broker.cell]) }
        if case .array(let contacts)? = fields["contacts"] {
            for contact in contacts {
                rows.append(["contact", [contact["name"], contact["email"], contact["phone"]].compactMap { $0?.cell }.joined(separator: ", ")])
            }
        }
        if sme["contactsWithheld"] == .bool(true) { rows.append(["contacts", "withheld (your token may not see personal data)"]) }
        if sme["personalDataErased"] == .bool(true) { rows.append(["personal data", "erased"]) }
        if let description = fields["description"] { rows.append(["description", description.cell]) }
        rows.append(["version", sme["version"]?.cell ?? "-"])
        rows.append(["updated", sme["updatedAt"]?.cell ?? "-"])
        return Table(header: ["FIELD", "VALUE"], rows: rows, maxCell: 100)
    }
}

struct SmeCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Register an SME.")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var fields: SmeFieldOptions
    @OptionGroup var idempotency: IdempotencyOptions

    func run() async throws {
        let smeFields = try fields.fields(base: .object([]))
        try await RegistryClient.with(connection) { registry in
            let sme = try await registry.unary("CreateSme", .object([JSONMember("fields", smeFields)]),
                                               metadata: idempotency.metadata)
            printJSONOrTable(sme, asJSON: output.json) { SmeTable.detail(sme, registry) }
        }
    }
}

struct SmeGet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Show one SME.")
    @OptionGroup var show: ShowOptions

    func run() async throws { try await show.run("GetSme", service: .registry, detail: { SmeTable.detail($0, $1) }) }
}

struct SmeList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List SMEs, filtered.")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Option var country: String?
    @Option(help: "NUTS code; includes its sub-regions.") var region: String?
    @Option(help: "An S3 area code.") var s3: String?
    @Option(help: "NACE section letter or code prefix.") var nace: String?
    @Option(help: "micro, small or medium.") var size: String?
    @Option(help: "Internationalisation stage, e.g. exploring.") var stage: String?
    @Option(name: .customLong("broker")) var brokerID: String?
    @Option(help: "Words matched as prefixes over name and description.") var text: String?
    @OptionGroup var page: PageOptions

    func run() async throws {
        try await RegistryClient.with(connection) { registry in
            let request = object([
                ("page", page.request),
                ("country", country.map { .string($0.uppercased()) }), ("region", region.map { .string($0.uppercased()) }),
                ("s3Area", s3.map(JSONValue.string)), ("nacePrefix", nace.map(JSONValue.string)),
                ("sizeClass", try size.map { try registry.enumValue("SizeClass", $0, flag: "--size") }),
                ("stage", try stage.map { try registry.enumValue("InternationalisationStage", $0, flag: "--stage") }),
                ("assignedBrokerId", brokerID.map(JSONValue.string)), ("text", text.map(JSONValue.string)),
            ])
            try await registry.list("ListSmes", request, items: "smes", all: page.all, json: output.json) { SmeTable.rows($0, registry) }
        }
    }
}

struct SmeUpdate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update", abstract: "Change an SME's fields (only the flags given).",
        discussion: "Reads the SME, applies the flags, and writes it back with its version; a concurrent change makes this fail with ABORTED.")
    @OptionGroup var update: EntityUpdateOptions<SmeFieldOptions>

    func run() async throws { try await update.run("Sme", service: .registry, detail: { SmeTable.detail($0, $1) }) }
}

/// SME fields need no server to build (they are checked before `sme create` connects).
extension SmeFieldOptions: EntityFieldFlags {
    func fields(base: JSONValue, _ registry: ServiceClient) throws -> JSONValue { try fields(base: base) }
}

struct SmeExport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Everything the registry holds on one SME, as JSON (data portability).")
    @OptionGroup var connection: ConnectionOptions
    @Option(help: "Write to this file instead of standard output.") var out: String?
    @Argument(help: "The SME id.") var id: String

    func run() async throws {
        let export = try await RegistryClient.with(connection) { registry in
            try await registry.unary("ExportSme", .object([JSONMember("id", .string(id))]))
        }
        if let out {
            // Personal data: readable by its owner only, also when the file was there before.
            let written = FileManager.default.createFile(atPath: out, contents: Data((export.prettyText + "\n").utf8),
                                                         attributes: [.posixPermissions: 0o600])
            guard written, (try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: out)) != nil else {
                throw CLIFailure.local("cannot write \(out)")
            }
            Console.err("exported \(id) to \(out)")
        } else {
            Console.out(export.prettyText)
        }
    }
}

struct SmeErase: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase", abstract: "Erase an SME's personal data (contact persons) for GDPR.")
    @OptionGroup var erase: EraseOptions

    func run() async throws { try await erase.run("EraseSmePersonalData", service: .registry) }
}

struct SmeDelete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete an SME with its needs, offers, surveys and contact persons.",
        discussion: "Cannot be undone: needs --yes. With --expected-version N only version N is deleted (a concurrent change fails with ABORTED); without it, whatever the version. A missing SME exits 7.")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Option(name: .customLong("expected-version"), help: "Delete only if the SME is at this version (default: any).")
    var expectedVersion: UInt64?
    @Flag(help: "Confirm: deleting cannot be undone.") var yes = false
    @Argument(help: "The SME id.") var id: String

    func validate() throws {
        guard yes else { throw CLIFailure.usage("deleting an SME (with its needs, offers and surveys) cannot be undone: add --yes") }
    }

    func run() async throws {
        try await RegistryClient.with(connection) { registry in
            let request = object([("id", .string(id)), ("expectedVersion", expectedVersion.map { .string(String($0)) })])
            let deleted = try await registry.unary("DeleteSme", request)
            if output.json {
                Console.out(deleted.prettyText)
            } else {
                Console.out("deleted SME \(TerminalText.escape(deleted["id"]?.cell ?? id)) with its needs, offers, surveys and contact persons")
            }
        }
    }
}

import ArgumentParser
import Foundation

/// `tibsctl provider create|get|list|update`: the catalogue's providers (universities, technology
/// centres, clusters, support agencies).
struct ProviderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "provider", abstract: "Register and manage resource providers in the catalogue.",
        subcommands: [ProviderCreate.self, ProviderGet.self, ProviderList.self, ProviderUpdate.self])
}

/// The ProviderFields flags of create and update. On update, only the flags given change.
struct ProviderFieldOptions: EntityFieldFlags {
    @Option(name: .customLong("from"), help: "JSON file with ProviderFields (protobuf JSON); flags given as well override it.")
    var fromFile: String?
    @Option var name: String?
    @Option(help: "research-institute, university, technology-centre, cluster, support-agency or other.") var kind: String?
    @Option(help: "ISO 3166-1 alpha-2 country; default: from --region.") var country: String?
    @Option(help: "NUTS code of the provider's region, e.g. LV008.") var region: String?
    @Option var website: String?
    @Option var description: String?
    @OptionGroup var contact: ContactOptions

    func fields(base: JSONValue, _ catalogue: ServiceClient) throws -> JSONValue {
        var fields = base
        if let fromFile { fields = try JSONValue.parse(RequestInput.file(fromFile).readAll()) }
        let simple: [(String, JSONValue?)] = [
            ("name", name.map(JSONValue.string)),
            ("kind", try kind.map { try catalogue.enumValue("ProviderKind", $0, flag: "--kind") }),
            ("website", website.map(JSONValue.string)), ("description", description.map(JSONValue.string)),
        ]
        for (key, value) in simple { if let value { fields = fields.setting([key], value) } }
        if let region {
            fields = fields.setting(["region"], regionRef(nuts: region, country: country))
        } else if let country {
            fields = fields.setting(["region", "country"], .string(country.uppercased()))
        }
        if let person = contact.json { fields = fields.setting(["contacts"], .array([person])) }
        return fields
    }
}

enum ProviderTable {
    static func rows(_ providers: [JSONValue], _ catalogue: ServiceClient) -> Table {
        Table(header: ["ID", "NAME", "KIND", "COUNTRY", "REGION", "VERSION"], rows: providers.map { provider in
            [provider["id"]?.cell ?? "-", provider[path: "fields", "name"]?.cell ?? "-", catalogue.short(provider[path: "fields", "kind"], "ProviderKind"),
             provider[path: "fields", "region", "country"]?.cell ?? "-", provider[path: "fields", "region", "nutsCode"]?.cell ?? "-",
             provider["version"]?.cell ?? "-"]
        })
    }

    /// One provider as "key  value" lines.
    static func detail(_ provider: JSONValue, _ catalogue: ServiceClient) -> Table {
        let fields = provider["fields"] ?? .object([])
        var rows: [[String]] = [
            ["id", provider["id"]?.cell ?? "-"], ["name", fields["name"]?.cell ?? "-"],
            ["kind", catalogue.short(fields["kind"], "ProviderKind")],
            ["region", "\(fields[path: "region", "nutsCode"]?.cell ?? "-") (\(fields[path: "region", "country"]?.cell ?? "-"))"],
        ]
        if let website = fields["website"] { rows.append(["website", website.cell]) }
        rows += contactRows(provider)
        if let description = fields["description"] { rows.append(["description", description.cell]) }
        rows.append(["version", provider["version"]?.cell ?? "-"])
        rows.append(["updated", provider["updatedAt"]?.cell ?? "-"])
        return Table(header: ["FIELD", "VALUE"], rows: rows, maxCell: 100)
    }
}

struct ProviderCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Register a provider.")
    @OptionGroup var create: EntityCreateOptions<ProviderFieldOptions>

    func run() async throws { try await create.run("Provider", service: .catalogue, detail: { ProviderTable.detail($0, $1) }) }
}

struct ProviderGet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Show one provider.")
    @OptionGroup var show: ShowOptions

    func run() async throws { try await show.run("GetProvider", service: .catalogue, detail: { ProviderTable.detail($0, $1) }) }
}

struct ProviderList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List providers, filtered.")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Option var country: String?
    @Option(help: "NUTS code; includes its sub-regions.") var region: String?
    @Option(help: "research-institute, university, technology-centre, cluster, support-agency or other.") var kind: String?
    @OptionGroup var page: PageOptions

    func run() async throws {
        try await ServiceClient.with(connection, service: .catalogue) { catalogue in
            let request = object([
                ("page", page.request), ("country", country.map { .string($0.uppercased()) }),
                ("region", region.map { .string($0.uppercased()) }),
                ("kind", try kind.map { try catalogue.enumValue("ProviderKind", $0, flag: "--kind") }),
            ])
            try await catalogue.list("ListProviders", request, items: "providers", all: page.all, json: output.json) {
                ProviderTable.rows($0, catalogue)
            }
        }
    }
}

struct ProviderUpdate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update", abstract: "Change a provider's fields (only the flags given).",
        discussion: "Reads the provider, applies the flags, and writes it back with its version; a concurrent change makes this fail with ABORTED.")
    @OptionGroup var update: EntityUpdateOptions<ProviderFieldOptions>

    func run() async throws { try await update.run("Provider", service: .catalogue, detail: { ProviderTable.detail($0, $1) }) }
}

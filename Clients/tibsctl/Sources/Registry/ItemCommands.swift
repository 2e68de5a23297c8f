import ArgumentParser
import Foundation

/// `tibsctl need add|list` and `tibsctl offer add|list`: the same shape, different kinds.
enum ItemKind: String, Sendable {
    case need, offer

    var capitalised: String { rawValue == "need" ? "Need" : "Offer" }
    var kindEnum: String { rawValue == "need" ? "NeedKind" : "OfferKind" }
    var listField: String { rawValue == "need" ? "needs" : "offers" }
}

struct NeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "need", abstract: "What SMEs seek.", subcommands: [NeedAdd.self, NeedList.self])
}

struct OfferCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "offer", abstract: "What SMEs can bring.", subcommands: [OfferAdd.self, OfferList.self])
}

struct ItemFieldOptions: ParsableArguments {
    @Option(name: .customLong("from"), help: "JSON file with the fields (protobuf JSON); flags override it.") var fromFile: String?
    @Option(help: "The kind, e.g. technology, expertise, funding.") var kind: String?
    @Option var title: String?
    @Option var description: String?
    @Option(help: "Comma-separated.") var keywords: String?
    @Option(help: "S3 areas, comma-separated.") var s3: String?
    @Option(help: "NACE codes, comma-separated.") var nace: String?
    @Option(help: "Wanted countries (ISO alpha-2), comma-separated.") var countries: String?
    @Option(help: "Technology readiness level 1..9.") var trl: UInt32?
    @Option(help: "open, fulfilled or withdrawn.") var status: String?

    func fields(_ registry: RegistryClient, _ item: ItemKind) throws -> JSONValue {
        var fields: JSONValue = .object([])
        if let fromFile { fields = try JSONValue.parse(RequestInput.file(fromFile).readAll()) }
        let members: [(String, JSONValue?)] = [
            ("kind", try kind.map { try registry.enumValue(item.kindEnum, $0, flag: "--kind") }),
            ("title", title.map(JSONValue.string)), ("description", description.map(JSONValue.string)),
            ("keywords", strings(keywords)), ("s3Areas", codes(s3)), ("naceCodes", codes(nace)),
            ("wantedCountries", strings(countries?.uppercased())), ("trl", trl.map { .number(String($0)) }),
            ("status", try status.map { try registry.enumValue("ItemStatus", $0, flag: "--status") }),
        ]
        for (key, value) in members { if let value { fields = fields.setting([key], value) } }
        return fields
    }
}

struct ItemListOptions: ParsableArguments {
    @Option(name: .customLong("sme")) var smeID: String?
    @Option(help: "NUTS code; includes sub-regions.") var region: String?
    @Option(help: "open, fulfilled or withdrawn.") var status: String?
    @Option var s3: String?
    @Option(name: .customLong("page-size")) var pageSize: UInt32?
    @Flag(help: "Follow every page.") var all = false
}

enum ItemRun {
    static func add(_ item: ItemKind, smeID: String, options: ItemFieldOptions, idempotencyKey: String?,
                    connection: ConnectionOptions, json: Bool) async throws {
        try await RegistryClient.with(connection) { registry in
            let request = JSONValue.object([JSONMember("smeId", .string(smeID)), JSONMember("fields", try options.fields(registry, item))])
            let result = try await registry.unary("Add" + item.capitalised, request,
                                                  metadata: idempotencyKey.map { ["idempotency-key": $0] } ?? [:])
            printJSONOrTable(result, asJSON: json) { table([result], registry, item) }
        }
    }

    static func list(_ item: ItemKind, options: ItemListOptions, connection: ConnectionOptions, json: Bool) async throws {
        try await RegistryClient.with(connection) { registry in
            let filter = object([
                ("smeId", options.smeID.map(JSONValue.string)), ("region", options.region.map { .string($0.uppercased()) }),
                ("status", try options.status.map { try registry.enumValue("ItemStatus", $0, flag: "--status") }),
                ("s3Area", options.s3.map(JSONValue.string)),
            ])
            var items: [JSONValue] = []
            try await registry.pages("List" + item.capitalised + "s", object([("page", pageRequest(size: options.pageSize)), ("filter", filter)]),
                                     all: options.all) { page in
                if json { Console.out(page.compactText) }
                if case .array(let found)? = page[item.listField] { items += found }
            }
            if !json { Console.out(table(items, registry, item).render()) }
        }
    }

    static func table(_ items: [JSONValue], _ registry: RegistryClient, _ item: ItemKind) -> Table {
        Table(header: ["ID", "SME", "KIND", "TITLE", "REGION", "TRL", "STATUS"], rows: items.map { entry in
            [entry["id"]?.cell ?? "-", entry["smeId"]?.cell ?? "-", registry.short(entry[path: "fields", "kind"], item.kindEnum),
             entry[path: "fields", "title"]?.cell ?? "-", entry[path: "region", "nutsCode"]?.cell ?? "-",
             entry[path: "fields", "trl"]?.cell ?? "-", registry.short(entry[path: "fields", "status"], "ItemStatus")]
        })
    }
}

struct NeedAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Record what an SME seeks.")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var fields: ItemFieldOptions
    @Option(name: .customLong("idempotency-key")) var idempotencyKey: String?
    @Argument(help: "The SME id.") var smeID: String
    func run() async throws {
        try await ItemRun.add(.need, smeID: smeID, options: fields, idempotencyKey: idempotencyKey, connection: connection, json: output.json)
    }
}

struct NeedList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List needs, filtered.")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var filter: ItemListOptions
    func run() async throws { try await ItemRun.list(.need, options: filter, connection: connection, json: output.json) }
}

struct OfferAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Record what an SME can bring.")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var fields: ItemFieldOptions
    @Option(name: .customLong("idempotency-key")) var idempotencyKey: String?
    @Argument(help: "The SME id.") var smeID: String
    func run() async throws {
        try await ItemRun.add(.offer, smeID: smeID, options: fields, idempotencyKey: idempotencyKey, connection: connection, json: output.json)
    }
}

struct OfferList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List offers, filtered.")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var filter: ItemListOptions
    func run() async throws { try await ItemRun.list(.offer, options: filter, connection: connection, json: output.json) }
}

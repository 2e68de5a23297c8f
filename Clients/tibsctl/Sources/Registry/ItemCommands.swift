import ArgumentParser
import Foundation

/// `tibsctl need add|update|list` and `tibsctl offer add|update|list`: the same shape, different kinds.
enum ItemKind: String, Sendable {
    case need, offer

    var capitalised: String { rawValue == "need" ? "Need" : "Offer" }
    var kindEnum: String { rawValue == "need" ? "NeedKind" : "OfferKind" }
    var listField: String { rawValue == "need" ? "needs" : "offers" }
}

struct NeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "need", abstract: "What SMEs seek.", subcommands: [NeedAdd.self, NeedUpdate.self, NeedList.self])
}

struct OfferCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "offer", abstract: "What SMEs can bring.", subcommands: [OfferAdd.self, OfferUpdate.self, OfferList.self])
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

    /// Applies the flags given on top of `base` (empty on add, the stored fields on update).
    func fields(_ registry: RegistryClient, _ item: ItemKind, base: JSONValue = .object([])) throws -> JSONValue {
        var fields = base
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
    @OptionGroup var page: PageOptions
}

/// The flags of `need update ID --sme SME_ID` and `offer update …`. The registry has no Get for a
/// posting: the SME's postings are read (ListNeeds/ListOffers by SME) to find its fields and version.
struct ItemUpdateOptions: ParsableArguments {
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var fields: ItemFieldOptions
    @Option(name: .customLong("sme"), help: "The SME it belongs to (the SME column of `need list` / `offer list`).") var smeID: String
    @Option(name: .customLong("expected-version"), help: "Fail unless it is at this version (default: the version just read).")
    var expectedVersion: UInt64?
    @Argument(help: "The need or offer id.") var id: String
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

    static func updateConfiguration(_ item: ItemKind) -> CommandConfiguration {
        CommandConfiguration(
            commandName: "update", abstract: "Change \(item == .need ? "a need" : "an offer")'s fields (only the flags given).",
            discussion: "Reads the \(item.rawValue) among its SME's (--sme), applies the flags, and writes it back with its version; a concurrent change makes this fail with ABORTED.")
    }

    /// Reads the posting among its SME's, applies the flags given and writes it back with its version.
    static func update(_ item: ItemKind, _ options: ItemUpdateOptions) async throws {
        try await RegistryClient.with(options.connection) { registry in
            var current: JSONValue?
            let filter = JSONValue.object([JSONMember("smeId", .string(options.smeID))])
            try await registry.pages("List" + item.capitalised + "s", object([("page", pageRequest(size: 500)), ("filter", filter)]), all: true) { page in
                if current == nil, case .array(let found)? = page[item.listField] {
                    current = found.first { $0["id"] == .string(options.id) }
                }
            }
            guard let current else {
                throw CLIFailure(.notFound, "NOT_FOUND: SME \(options.smeID) has no \(item.rawValue) \(options.id)")
            }
            let updated = try await registry.update(item.capitalised, id: options.id, current: current, expectedVersion: options.expectedVersion) {
                try options.fields.fields(registry, item, base: $0)
            }
            printJSONOrTable(updated, asJSON: options.output.json) { table([updated], registry, item) }
        }
    }

    static func list(_ item: ItemKind, options: ItemListOptions, connection: ConnectionOptions, json: Bool) async throws {
        try await RegistryClient.with(connection) { registry in
            let filter = object([
                ("smeId", options.smeID.map(JSONValue.string)), ("region", options.region.map { .string($0.uppercased()) }),
                ("status", try options.status.map { try registry.enumValue("ItemStatus", $0, flag: "--status") }),
                ("s3Area", options.s3.map(JSONValue.string)),
            ])
            try await registry.list("List" + item.capitalised + "s", object([("page", options.page.request), ("filter", filter)]),
                                    items: item.listField, all: options.page.all, json: json) { table($0, registry, item) }
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

struct NeedUpdate: AsyncParsableCommand {
    static let configuration = ItemRun.updateConfiguration(.need)
    @OptionGroup var update: ItemUpdateOptions
    func run() async throws { try await ItemRun.update(.need, update) }
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

struct OfferUpdate: AsyncParsableCommand {
    static let configuration = ItemRun.updateConfiguration(.offer)
    @OptionGroup var update: ItemUpdateOptions
    func run() async throws { try await ItemRun.update(.offer, update) }
}

struct OfferList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List offers, filtered.")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var filter: ItemListOptions
    func run() async throws { try await ItemRun.list(.offer, options: filter, connection: connection, json: output.json) }
}

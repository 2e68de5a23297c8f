import ArgumentParser
import Foundation

/// `tibsctl resource create|get|list|update|submit|publish|retire`: the catalogue's resources and
/// their review walk (draft → submitted → published → retired; docs/catalogue.md).
struct ResourceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resource", abstract: "Draft, review and find resources and support programmes in the catalogue.",
        subcommands: [ResourceCreate.self, ResourceGet.self, ResourceList.self, ResourceUpdate.self,
                      ResourceSubmit.self, ResourcePublish.self, ResourceRetire.self])
}

struct ResourceCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Draft a resource of a provider.")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var fields: ResourceFieldOptions
    @Option(name: .customLong("provider"), help: "The provider id.") var providerID: String
    @OptionGroup var idempotency: IdempotencyOptions

    func run() async throws {
        try await ServiceClient.with(connection, service: .catalogue) { catalogue in
            let request = JSONValue.object([JSONMember("providerId", .string(providerID)),
                                            JSONMember("fields", try fields.fields(base: .object([]), catalogue))])
            let resource = try await catalogue.unary("CreateResource", request, metadata: idempotency.metadata)
            printJSONOrTable(resource, asJSON: output.json) { ResourceTable.detail(resource, catalogue) }
        }
    }
}

struct ResourceGet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Show one resource with its completeness checks.")
    @OptionGroup var show: ShowOptions

    func run() async throws { try await show.run("GetResource", service: .catalogue, detail: { ResourceTable.detail($0, $1) }) }
}

struct ResourceList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List resources, filtered (default: published ones whose window has not closed).")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "expertise, equipment, facility, technology, service, training, support-programme or funding-instrument.")
    var kind: String?
    @Option(name: .customLong("provider"), help: "A provider id.") var providerID: String?
    @Option(help: "The provider's country.") var country: String?
    @Option(help: "NUTS code; includes its sub-regions.") var region: String?
    @Option(help: "An S3 area code.") var s3: String?
    @Option(help: "NACE section letter or code prefix.") var nace: String?
    @Option(name: .customLong("trl-min")) var trlMin: UInt32?
    @Option(name: .customLong("trl-max")) var trlMax: UInt32?
    @Flag(help: "Only resources open to SMEs of other countries.") var transnational = false
    @Option(name: .customLong("valid-on"), help: "YYYY-MM-DD: usable on that day.") var validOn: String?
    @Option(help: "ISO 639-1 language.") var language: String?
    @Option(help: "Words matched as prefixes over title, description and keywords.") var text: String?
    @Option(help: "draft, submitted, published or retired (default: published).") var status: String?
    @Flag(name: .customLong("include-closed"), help: "Include programmes whose window has closed.") var includeClosed = false
    @OptionGroup var page: PageOptions

    func run() async throws {
        try await ServiceClient.with(connection, service: .catalogue) { catalogue in
            let request = object([
                ("page", page.request),
                ("kind", try kind.map { try catalogue.enumValue("ResourceKind", $0, flag: "--kind") }),
                ("providerId", providerID.map(JSONValue.string)), ("country", country.map { .string($0.uppercased()) }),
                ("region", region.map { .string($0.uppercased()) }), ("s3Area", s3.map(JSONValue.string)),
                ("nacePrefix", nace.map(JSONValue.string)), ("trlMin", trlMin.map { .number(String($0)) }),
                ("trlMax", trlMax.map { .number(String($0)) }), ("transnationalOnly", transnational ? .bool(true) : nil),
                ("validOn", validOn.map(JSONValue.string)), ("language", language.map(JSONValue.string)),
                ("text", text.map(JSONValue.string)),
                ("status", try status.map { try catalogue.enumValue("ReviewStatus", $0, flag: "--status") }),
                ("includeClosed", includeClosed ? .bool(true) : nil),
            ])
            try await catalogue.list("ListResources", request, items: "resources", all: page.all, json: output.json) {
                ResourceTable.rows($0, catalogue)
            }
        }
    }
}

struct ResourceUpdate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update", abstract: "Change a resource's fields (only the flags given); its review status is kept.",
        discussion: "Reads the resource, applies the flags, and writes it back with its version; a concurrent change makes this fail with ABORTED.")
    @OptionGroup var update: EntityUpdateOptions<ResourceFieldOptions>

    func run() async throws { try await update.run("Resource", service: .catalogue, detail: { ResourceTable.detail($0, $1) }) }
}

/// The flags of one review step (submit, publish, retire).
struct ReviewStepOptions: ParsableArguments {
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Option(name: .customLong("expected-version"), help: "Fail unless the resource is at this version (default: the version just read).")
    var expectedVersion: UInt64?
    @Option(help: "Kept in the audit log.") var note: String?
    @Argument(help: "The resource id.") var id: String

    /// Reads the resource (for its version unless given) and takes the step.
    func run(_ method: String) async throws {
        try await ServiceClient.with(connection, service: .catalogue) { catalogue in
            var expected = expectedVersion.map { JSONValue.string(String($0)) }
            if expected == nil {
                expected = version(nil, try await catalogue.unary("GetResource", .object([JSONMember("id", .string(id))])))
            }
            let resource = try await catalogue.unary(method, object([
                ("id", .string(id)), ("expectedVersion", expected), ("note", note.map(JSONValue.string))]))
            printJSONOrTable(resource, asJSON: output.json) { ResourceTable.detail(resource, catalogue) }
        }
    }
}

struct ResourceSubmit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "submit", abstract: "Send a draft to review (draft → submitted).")
    @OptionGroup var step: ReviewStepOptions
    func run() async throws { try await step.run("SubmitResource") }
}

struct ResourcePublish: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish", abstract: "Publish a submitted resource (submitted → published): admins and the region's brokers.",
        discussion: "Refused with FAILED_PRECONDITION, one line per missing item, when the resource is not complete enough (docs/catalogue.md, Review).")
    @OptionGroup var step: ReviewStepOptions
    func run() async throws { try await step.run("PublishResource") }
}

struct ResourceRetire: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "retire", abstract: "Take a resource out of the catalogue (→ retired).")
    @OptionGroup var step: ReviewStepOptions
    func run() async throws { try await step.run("RetireResource") }
}

import ArgumentParser
import Foundation

/// `tibsctl survey record|list` and `tibsctl broker register|list`.
struct SurveyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "survey", abstract: "The internationalisation survey.", subcommands: [SurveyRecord.self, SurveyList.self])
}

struct SurveyRecord: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record", abstract: "Record one survey interview for an SME.",
        discussion: "Coded answers take codes of the survey code lists, comma-separated; --from takes a SurveyAnswers JSON file for everything else (support used, texts).")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Option(name: .customLong("from"), help: "JSON file with SurveyAnswers; flags override it.") var fromFile: String?
    @Option(name: .customLong("conducted-on"), help: "YYYY-MM-DD (default today).") var conductedOn: String?
    @Option(help: "none, occasional or regular.") var experience: String?
    @Option(help: "domestic-only, exploring, first-foreign-contracts, regular-exporter, established-abroad.") var stage: String?
    @Option(name: .customLong("success-reasons")) var successReasons: String?
    @Option(name: .customLong("failure-reasons")) var failureReasons: String?
    @Option var advantages: String?
    @Option var barriers: String?
    @Option(name: .customLong("barriers-text")) var barriersText: String?
    @Option(name: .customLong("expected-support")) var expectedSupport: String?
    @Option(name: .customLong("idempotency-key")) var idempotencyKey: String?
    @Argument(help: "The SME id.") var smeID: String

    func run() async throws {
        try await RegistryClient.with(connection) { registry in
            var answers: JSONValue = .object([])
            if let fromFile { answers = try JSONValue.parse(RequestInput.file(fromFile).readAll()) }
            let today = Date().formatted(.iso8601.year().month().day())
            let members: [(String, JSONValue?)] = [
                ("conductedOn", conductedOn.map(JSONValue.string) ?? (answers["conductedOn"] == nil ? .string(today) : nil)),
                ("experience", try experience.map { try registry.enumValue("ForeignPartnerExperience", $0, flag: "--experience") }),
                ("stage", try stage.map { try registry.enumValue("InternationalisationStage", $0, flag: "--stage") }),
                ("successReasons", codes(successReasons)), ("failureReasons", codes(failureReasons)),
                ("advantages", codes(advantages)), ("barriers", codes(barriers)),
                ("barriersText", barriersText.map(JSONValue.string)), ("expectedSupport", codes(expectedSupport)),
            ]
            for (key, value) in members { if let value { answers = answers.setting([key], value) } }
            let survey = try await registry.unary("RecordSurvey", .object([JSONMember("smeId", .string(smeID)), JSONMember("answers", answers)]),
                                                  metadata: idempotencyKey.map { ["idempotency-key": $0] } ?? [:])
            printJSONOrTable(survey, asJSON: output.json) { SurveyTable.rows([survey], registry) }
        }
    }
}

enum SurveyTable {
    static func rows(_ surveys: [JSONValue], _ registry: RegistryClient) -> Table {
        Table(header: ["ID", "SME", "CONDUCTED", "STAGE", "EXPERIENCE", "BARRIERS", "RECORDED BY"], rows: surveys.map { survey in
            let barriers: String
            if case .array(let items)? = survey[path: "answers", "barriers"] { barriers = items.compactMap { $0["code"]?.cell }.joined(separator: ",") } else { barriers = "-" }
            return [survey["id"]?.cell ?? "-", survey["smeId"]?.cell ?? "-", survey[path: "answers", "conductedOn"]?.cell ?? "-",
                    registry.short(survey[path: "answers", "stage"], "InternationalisationStage"),
                    registry.short(survey[path: "answers", "experience"], "ForeignPartnerExperience"), barriers,
                    survey["recordedBy"]?.cell ?? "-"]
        })
    }
}

struct SurveyList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List survey interviews.")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Option(name: .customLong("sme")) var smeID: String?
    @Option var region: String?
    @Option(name: .customLong("from"), help: "YYYY-MM-DD, inclusive.") var from: String?
    @Option(name: .customLong("to"), help: "YYYY-MM-DD, inclusive.") var to: String?
    @OptionGroup var page: PageOptions

    func run() async throws {
        try await RegistryClient.with(connection) { registry in
            let request = object([("page", page.request), ("smeId", smeID.map(JSONValue.string)), ("region", region.map { .string($0.uppercased()) }),
                                  ("conductedFrom", from.map(JSONValue.string)), ("conductedTo", to.map(JSONValue.string))])
            try await registry.list("ListSurveys", request, items: "surveys", all: page.all, json: output.json) { SurveyTable.rows($0, registry) }
        }
    }
}

struct BrokerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broker", abstract: "Innovation brokers and their regions.", subcommands: [BrokerRegister.self, BrokerList.self])
}

enum BrokerTable {
    static func rows(_ brokers: [JSONValue]) -> Table {
        Table(header: ["ID", "SUBJECT", "NAME", "ORGANISATION", "EMAIL", "REGIONS"], rows: brokers.map { broker in
            let regions: String
            if case .array(let items)? = broker["regions"] { regions = items.compactMap { $0["nutsCode"]?.cell }.joined(separator: ",") } else { regions = "-" }
            return [broker["id"]?.cell ?? "-", broker["subject"]?.cell ?? "-", broker["displayName"]?.cell ?? "-",
                    broker["organisation"]?.cell ?? "-", broker["email"]?.cell ?? "-", regions]
        })
    }
}

struct BrokerRegister: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "register", abstract: "Register a broker (admins only).")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "The token subject the broker signs in with.") var subject: String
    @Option(name: .customLong("name")) var displayName: String
    @Option var organisation: String?
    @Option var email: String?
    @Option(help: "NUTS codes the broker serves, comma-separated.") var regions: String

    func run() async throws {
        try await RegistryClient.with(connection) { registry in
            let request = object([
                ("subject", .string(subject)), ("displayName", .string(displayName)), ("organisation", organisation.map(JSONValue.string)),
                ("email", email.map(JSONValue.string)), ("regions", .array(splitList(regions).map { regionRef(nuts: $0, country: nil) })),
            ])
            let broker = try await registry.unary("RegisterBroker", request)
            printJSONOrTable(broker, asJSON: output.json) { BrokerTable.rows([broker]) }
        }
    }
}

struct BrokerList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List brokers.")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "Brokers serving this NUTS code.") var region: String?
    @OptionGroup var page: PageOptions

    func run() async throws {
        try await RegistryClient.with(connection) { registry in
            let request = object([("page", page.request), ("region", region.map { .string($0.uppercased()) })])
            try await registry.list("ListBrokers", request, items: "brokers", all: page.all, json: output.json) { BrokerTable.rows($0) }
        }
    }
}

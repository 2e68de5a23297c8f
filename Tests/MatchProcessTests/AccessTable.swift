import Foundation

/// Who may call each method and what each caller may see: the authorisation table that
/// `AuthorizationTableTests` holds every server to. Every method a server's Reflection/Describe
/// lists needs a row here; a method without one fails the test, so a new method gets its rule
/// written down (and tested) the day it is served.
enum AccessTable {
    /// The callers that must be kept out of something: a valid token of a role without the right,
    /// or of a broker whose regions hold none of the demo data (Stockholm, outside every partner region).
    enum Reader: String, CaseIterable, Sendable {
        case analyst, integrator, strangerBroker = "broker of another region"
    }

    /// What one of ``Reader`` gets from a method.
    enum Answer: Sendable, Equatable {
        /// The documented answer (or, where the data is theirs to miss, NOT_FOUND or
        /// PERMISSION_DENIED); answered data never holds personal data withheld from them.
        case reads
        /// PERMISSION_DENIED, and nothing changes.
        case refused
        /// A bulk import: the call answers OK with every row rejected, and nothing changes.
        case rowsRejected
    }

    struct Rule: Sendable {
        /// No token at all is needed (health): a bad token is ignored, not refused.
        var tokenless = false
        var answers: [Reader: Answer]

        func answer(for reader: Reader) -> Answer { answers[reader] ?? .reads }

        /// Any verified token.
        static let anyToken = Rule(answers: [:])
        static let tokenNotNeeded = Rule(tokenless: true, answers: [:])
        /// Admins, services and the brokers of the region the request names or the entity lies in.
        static let regionWriters = Rule(answers: [.analyst: .refused, .integrator: .refused, .strangerBroker: .refused])
        /// Admins only (or admins and services): every reader is refused.
        static let admins = regionWriters
        static let importers = Rule(answers: [.analyst: .refused, .integrator: .refused, .strangerBroker: .rowsRejected])
        /// Admins and brokers (any region): analysts and integrators are refused.
        static let brokers = Rule(answers: [.analyst: .refused, .integrator: .refused])
    }

    static let registry = "/tibs.registry.v1.SmeRegistry/"
    static let catalogue = "/tibs.catalogue.v1.ResourceCatalogue/"
    static let policy = "/tibs.policy.v1.PolicyInfluence/"
    static let match = "/tibs.match.v1.Matchmaking/"

    /// docs/registry.md, docs/catalogue.md, docs/policy.md, docs/match.md and docs/PROTOCOL.md (built-ins).
    static let rules: [String: Rule] = {
        var rules: [String: Rule] = [:]
        func set(_ prefix: String, _ rule: Rule, _ methods: [String]) {
            for method in methods { rules[prefix + method] = rule }
        }
        set(registry, .anyToken, ["ListSmes", "ListNeeds", "GetSme", "ListOffers", "ListSurveys", "ListBrokers"])
        set(registry, .regionWriters, ["CreateSme", "UpdateSme", "AddNeed", "UpdateNeed", "AddOffer", "UpdateOffer", "RecordSurvey",
                                       "ExportSme", "EraseSmePersonalData", "DeleteSme"])
        set(registry, .admins, ["RegisterBroker", "WatchChanges"])
        set(registry, .importers, ["ImportSmes"])

        set(catalogue, .anyToken, ["GetProvider", "ListProviders", "GetResource", "ListResources"])
        set(catalogue, .regionWriters, ["CreateProvider", "UpdateProvider", "CreateResource", "UpdateResource", "SubmitResource",
                                        "PublishResource", "RetireResource", "ExportProvider", "EraseProviderPersonalData"])
        set(catalogue, .admins, ["WatchChanges"])
        set(catalogue, .importers, ["ImportResources"])

        set(policy, .anyToken, ["ListInstitutions", "GetInstitution", "GetRegionalPriorities", "ListRegionalStrategies", "GetBarrierReport",
                                "GetSurveyReport", "GetPolicyIssue", "ListPolicyIssues", "ListInfluenceActions", "GetInfluenceReport"])
        set(policy, .admins, ["CreateInstitution", "UpdateInstitution", "EraseInstitutionPersonalData", "SetRegionalStrategy", "WatchChanges"])
        set(policy, .regionWriters, ["RaisePolicyIssue", "AddInfluenceAction", "AdvanceInfluenceAction"])

        set(match, .anyToken, ["FindMatches", "GetMatch", "ListMatches", "ListOverdue", "ListFollowUpsDue", "GetFlowReport"])
        set(match, .regionWriters, ["ProposeMatch", "AdvanceMatch", "RecordOutcome", "RecordFollowUp"])
        set(match, .brokers, ["WatchNewCandidates"])
        set(match, Rule(answers: [.integrator: .refused]), ["ListLikelyDuplicates"])
        set(match, .admins, ["WatchChanges"])

        rules["/tibs.health.v1.Health/Check"] = .tokenNotNeeded
        rules["/tibs.reflection.v1.Reflection/Describe"] = .anyToken
        rules["/tibs.codes.v1.CodeLists/ListCodes"] = .anyToken
        rules["/tibs.admin.v1.Admin/Backup"] = .admins
        return rules
    }()

    /// Whose contact persons a reader must never see (docs: registry and catalogue contacts are
    /// for admins and the region's brokers; institution contacts for admins and analysts).
    enum PersonalData: String, CaseIterable, Sendable {
        case smeContacts = "SME contact persons"
        case catalogueContacts = "provider and resource contact persons"
        case institutionContacts = "institution contact persons"

        func isWithheld(from reader: AccessTable.Reader) -> Bool {
            switch self {
            case .smeContacts, .catalogueContacts: true
            case .institutionContacts: reader != .analyst
            }
        }

        /// The kind of contact a service's requests and demo data carry.
        static func of(method: String) -> PersonalData? {
            if method.hasPrefix(registry) { return .smeContacts }
            if method.hasPrefix(catalogue) { return .catalogueContacts }
            if method.hasPrefix(policy) { return .institutionContacts }
            return nil
        }
    }
}

import Foundation
import TIBSProto

/// The hand-written policy demo file (Services/Policy/Demo/demo-policy.json): institutions,
/// regional S3 strategy versions, and policy issues with their influence actions, in a compact
/// form for people to write, mapped to the policy service's requests here. Action dates are days
/// before the day the loader runs, so the demo always has a recent, an overdue and answered actions.
struct PolicyDemoData: Decodable {
    /// [from_month, to_month] of the evidence the issues are raised on and the summary reports.
    var evidencePeriod: [String]
    var institutions: [DemoInstitution]
    var strategies: [DemoStrategy]
    var issues: [DemoIssue]

    static func load(_ path: String) throws -> PolicyDemoData { try demoFile(path) }

    var period: Tibs_Policy_V1_Period {
        .with { $0.fromMonth = evidencePeriod.first ?? ""; $0.toMonth = evidencePeriod.last ?? "" }
    }
}

struct DemoInstitution: Decodable {
    /// Stable name for idempotency keys and for the actions that address the institution.
    var key: String
    var name: String
    var kind: String
    var level: String
    var country: String?
    var region: String?
    var website: String?
    var contacts: [DemoContact]?

    var fields: Tibs_Policy_V1_InstitutionFields {
        .with {
            $0.name = name
            $0.kind = PolicyDemoMapping.institutionKinds[kind] ?? .unspecified
            $0.level = PolicyDemoMapping.levels[level] ?? .unspecified
            $0.country = country ?? ""
            $0.region = region ?? ""
            $0.website = website ?? ""
            $0.contacts = (contacts ?? []).map(PolicyDemoMapping.contact)
        }
    }
}

/// `["bioeconomy", 0.9]`: an S3 area and its weight.
struct DemoPriority: Decodable {
    var area: String
    var weight: Double

    init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        area = try container.decode(String.self)
        weight = try container.decode(Double.self)
    }
}

struct DemoStrategy: Decodable {
    var region: String
    var validFrom: String
    var validTo: String?
    var documentTitle: String
    var documentUrl: String
    var priorities: [DemoPriority]

    /// Stable name for the idempotency key: a region has one version per start date in the demo.
    var key: String { "demo-strategy-\(region)-\(validFrom)" }

    var fields: Tibs_Policy_V1_RegionalStrategyFields {
        .with {
            $0.region = region
            $0.validFrom = validFrom
            $0.validTo = validTo ?? ""
            $0.documentTitle = documentTitle
            $0.documentURL = documentUrl
            $0.priorities = priorities.map { priority in
                .with { $0.s3Area = .with { $0.code = priority.area }; $0.weight = priority.weight }
            }
        }
    }
}

struct DemoIssue: Decodable {
    var key: String
    var title: String
    var barriers: [String]
    var regions: [String]
    var statement: String
    var requestedChange: String
    var actions: [DemoAction]

    func fields(period: Tibs_Policy_V1_Period) -> Tibs_Policy_V1_PolicyIssueFields {
        .with {
            $0.barriers = barriers.map { code in .with { $0.code = code } }
            $0.regions = regions
            $0.title = title
            $0.statement = statement
            $0.requestedChange = requestedChange
            $0.evidencePeriod = period
        }
    }
}

/// `["acknowledged", 140, "note"]`: a step of an action's walk, days before the load day.
struct DemoStep: Decodable {
    var status: String
    var daysAgo: Int
    var note: String

    init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        status = try container.decode(String.self)
        daysAgo = try container.decode(Int.self)
        note = try container.decode(String.self)
    }

    var to: Tibs_Policy_V1_ActionStatus { PolicyDemoMapping.statuses[status] ?? .unspecified }
}

struct DemoDocument: Decodable {
    var title: String
    var url: String?
    var reference: String?
}

struct DemoAction: Decodable {
    var key: String
    var kind: String
    /// The key of the institution addressed.
    var institution: String
    var submittedDaysAgo: Int
    var summary: String
    var documents: [DemoDocument]?
    var steps: [DemoStep]

    func fields(institutionID: String, today: Date) -> Tibs_Policy_V1_InfluenceActionFields {
        .with {
            $0.kind = PolicyDemoMapping.actionKinds[kind] ?? .unspecified
            $0.institutionID = institutionID
            $0.submittedOn = CatalogueDemoMapping.day(today, plus: -submittedDaysAgo)
            $0.summary = summary
            $0.documents = (documents ?? []).map { document in
                .with { $0.title = document.title; $0.url = document.url ?? ""; $0.reference = document.reference ?? "" }
            }
        }
    }
}

/// Demo form → policy messages.
enum PolicyDemoMapping {
    static let institutionKinds: [String: Tibs_Policy_V1_InstitutionKind] = [
        "ministry": .ministry, "regional_council": .regionalCouncil, "development_agency": .developmentAgency,
        "managing_authority": .managingAuthority, "eu_body": .euBody, "other": .other,
    ]
    static let levels: [String: Tibs_Policy_V1_GovernanceLevel] = ["eu": .eu, "national": .national, "regional": .regional]
    static let actionKinds: [String: Tibs_Policy_V1_ActionKind] = [
        "recommendation": .recommendation, "consultation_response": .consultationResponse, "meeting": .meeting,
        "position_paper": .positionPaper, "letter": .letter,
    ]
    static let statuses: [String: Tibs_Policy_V1_ActionStatus] = [
        "submitted": .submitted, "acknowledged": .acknowledged, "under_consideration": .underConsideration, "adopted": .adopted,
        "partly_adopted": .partlyAdopted, "rejected": .rejected, "no_response": .noResponse,
    ]

    static func contact(_ contact: DemoContact) -> Tibs_Common_V1_ContactPerson {
        .with {
            $0.name = contact.name
            $0.email = contact.email ?? ""
            $0.phone = contact.phone ?? ""
            $0.jobTitle = contact.jobTitle ?? ""
            $0.consentGiven = true
        }
    }
}

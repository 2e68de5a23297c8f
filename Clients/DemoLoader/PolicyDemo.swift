import Foundation
import TIBSDomain
import TIBSProto
import TIBSRPC

/// Method paths of the policy service (the client does not link the service).
enum PolicyPaths {
    static let base = "/tibs.policy.v1.PolicyInfluence/"
    static let createInstitution = base + "CreateInstitution"
    static let listInstitutions = base + "ListInstitutions"
    static let setRegionalStrategy = base + "SetRegionalStrategy"
    static let getRegionalPriorities = base + "GetRegionalPriorities"
    static let listRegionalStrategies = base + "ListRegionalStrategies"
    static let getBarrierReport = base + "GetBarrierReport"
    static let raisePolicyIssue = base + "RaisePolicyIssue"
    static let listPolicyIssues = base + "ListPolicyIssues"
    static let addInfluenceAction = base + "AddInfluenceAction"
    static let advanceInfluenceAction = base + "AdvanceInfluenceAction"
    static let listInfluenceActions = base + "ListInfluenceActions"
    static let getInfluenceReport = base + "GetInfluenceReport"
}

/// Loads the policy demo: institutions, strategy versions, then each issue with its actions
/// walked to the state the demo gives them. Idempotent beyond the 24-hour life of idempotency
/// keys: institutions are matched by name, strategy versions by region and start date, issues by
/// title and actions by institution and summary before anything is created, and an action is only
/// moved forward from the status it has now, so a second run changes nothing.
struct PolicyDemoLoad {
    let client: RPCClient
    let data: PolicyDemoData

    func run() async throws {
        let today = Date()
        var created = (institutions: 0, strategies: 0, issues: 0, actions: 0, steps: 0)

        var institutionIDs: [String: String] = [:]
        let listedInstitutions = Dictionary(try await PolicyReads.institutions(client).map { ($0.fields.name, $0.id) },
                                            uniquingKeysWith: { first, _ in first })
        for demo in data.institutions {
            if let id = listedInstitutions[demo.name] { institutionIDs[demo.key] = id; continue }
            let made: Tibs_Policy_V1_Institution = try await client.unary(
                PolicyPaths.createInstitution, Tibs_Policy_V1_CreateInstitutionRequest.with { $0.fields = demo.fields },
                metadata: ["idempotency-key": "demo-institution-\(demo.key)"])
            institutionIDs[demo.key] = made.id
            created.institutions += 1
        }

        let listedStrategies = Set(try await PolicyReads.strategies(client).map { "\($0.fields.region) \($0.fields.validFrom)" })
        for demo in data.strategies where !listedStrategies.contains("\(demo.region) \(demo.validFrom)") {
            let _: Tibs_Policy_V1_RegionalStrategy = try await client.unary(
                PolicyPaths.setRegionalStrategy, Tibs_Policy_V1_SetRegionalStrategyRequest.with { $0.fields = demo.fields },
                metadata: ["idempotency-key": demo.key])
            created.strategies += 1
        }

        let listedIssues = Dictionary(try await PolicyReads.issues(client).map { ($0.fields.title, $0.id) }, uniquingKeysWith: { first, _ in first })
        for demo in data.issues {
            let issueID: String
            if let id = listedIssues[demo.title] {
                issueID = id
            } else {
                let raised: Tibs_Policy_V1_PolicyIssue = try await client.unary(
                    PolicyPaths.raisePolicyIssue, Tibs_Policy_V1_RaisePolicyIssueRequest.with { $0.fields = demo.fields(period: data.period) },
                    metadata: ["idempotency-key": "demo-issue-\(demo.key)"])
                issueID = raised.id
                created.issues += 1
            }
            let listedActions = try await PolicyReads.actions(client, issueID: issueID)
            for action in demo.actions {
                guard let institutionID = institutionIDs[action.institution] else {
                    throw DemoDataError("action \(action.key) addresses the unknown institution \(action.institution)")
                }
                var current: Tibs_Policy_V1_InfluenceAction
                if let listed = listedActions.first(where: { $0.fields.institutionID == institutionID && $0.fields.summary == action.summary }) {
                    current = listed
                } else {
                    current = try await client.unary(
                        PolicyPaths.addInfluenceAction, Tibs_Policy_V1_AddInfluenceActionRequest.with {
                            $0.issueID = issueID; $0.fields = action.fields(institutionID: institutionID, today: today); $0.note = "demo data"
                        }, metadata: ["idempotency-key": "demo-action-\(action.key)"])
                    created.actions += 1
                }
                // Only the steps after the status the action has now: a second run finds it walked.
                let done = action.steps.firstIndex { $0.to == current.status }.map { $0 + 1 } ?? 0
                for step in action.steps.dropFirst(done) {
                    current = try await client.unary(PolicyPaths.advanceInfluenceAction, Tibs_Policy_V1_AdvanceInfluenceActionRequest.with {
                        $0.id = current.id
                        $0.expectedVersion = current.version
                        $0.to = step.to
                        $0.onDate = CatalogueDemoMapping.day(today, plus: -step.daysAgo)
                        $0.note = step.note.isEmpty ? "demo data" : step.note
                    })
                    created.steps += 1
                }
            }
        }
        Swift.print("policy demo data: \(created.institutions) institutions, \(created.strategies) strategy versions, \(created.issues) issues "
                    + "and \(created.actions) influence actions created, \(created.steps) action steps taken")
    }
}

/// A demo file that contradicts itself.
struct DemoDataError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

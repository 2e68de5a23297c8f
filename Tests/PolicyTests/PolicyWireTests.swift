import Foundation
import Testing
import TIBSIdentity
import TIBSPolicy
import TIBSProto
import TIBSRPC
import TIBSTestSupport

/// A few methods over TLS as `tibs-policy` serves them (``withService(_:clock:_:)``): statuses,
/// violation paths and the shapes clients read.
@Suite struct PolicyWireTests {
    static let ministry = Tibs_Policy_V1_InstitutionFields.with {
        $0.name = "Ministry of Economics"
        $0.kind = .ministry
        $0.level = .national
        $0.country = "LV"
        $0.contacts = [.with { $0.name = "Ilze Kalniņa"; $0.email = "ilze@example.lv"; $0.consentGiven = true }]
    }

    @discardableResult
    func refused(_ code: StatusCode, fields: [String]? = nil, sourceLocation: SourceLocation = #_sourceLocation,
                 _ body: () async throws -> Void) async -> RPCError? {
        let error = await #expect(throws: RPCError.self, sourceLocation: sourceLocation) { try await body() }
        #expect(error?.code == code, "\(String(describing: error))", sourceLocation: sourceLocation)
        if let fields { #expect(error?.violations.map(\.field) == fields, "\(String(describing: error))", sourceLocation: sourceLocation) }
        return error
    }

    @Test func institutionsOverTheWire() async throws {
        try await withService(PolicyService.definition()) { service in
            let admin = try service.client(.admin), broker = try service.client(.broker, regions: ["LV006"]), analyst = try service.client(.analyst)
            let request = Tibs_Policy_V1_CreateInstitutionRequest.with { $0.fields = Self.ministry }
            let created: Tibs_Policy_V1_Institution = try await admin.unary(PolicyMethods.createInstitution, request, metadata: ["idempotency-key": "i-1"])
            let again: Tibs_Policy_V1_Institution = try await admin.unary(PolicyMethods.createInstitution, request, metadata: ["idempotency-key": "i-1"])
            #expect(again.id == created.id && created.version == 1)
            #expect(created.fields.contacts.first?.hasConsentRecordedAt == true)
            let seen: Tibs_Policy_V1_Institution = try await broker.unary(PolicyMethods.getInstitution, Tibs_Policy_V1_GetInstitutionRequest.with { $0.id = created.id })
            #expect(seen.contactsWithheld && seen.fields.contacts.isEmpty)
            let byAnalyst: Tibs_Policy_V1_Institution = try await analyst.unary(PolicyMethods.getInstitution, Tibs_Policy_V1_GetInstitutionRequest.with { $0.id = created.id })
            #expect(!byAnalyst.contactsWithheld && byAnalyst.fields.contacts.count == 1)
            await refused(.permissionDenied) {
                let _: Tibs_Policy_V1_Institution = try await broker.unary(PolicyMethods.createInstitution, request)
            }
            await refused(.invalidArgument, fields: ["fields.region"]) {
                var fields = Self.ministry
                fields.region = "LV006"
                let _: Tibs_Policy_V1_Institution = try await admin.unary(PolicyMethods.createInstitution, Tibs_Policy_V1_CreateInstitutionRequest.with { $0.fields = fields })
            }
            await refused(.invalidArgument, fields: ["fields.level"]) {
                var fields = Self.ministry
                fields.level = .UNRECOGNIZED(9)
                let _: Tibs_Policy_V1_Institution = try await admin.unary(PolicyMethods.createInstitution, Tibs_Policy_V1_CreateInstitutionRequest.with { $0.fields = fields })
            }
            await refused(.aborted) {
                let _: Tibs_Policy_V1_Institution = try await admin.unary(PolicyMethods.updateInstitution, Tibs_Policy_V1_UpdateInstitutionRequest.with {
                    $0.id = created.id; $0.expectedVersion = 5; $0.fields = Self.ministry
                })
            }
            let listed: Tibs_Policy_V1_ListInstitutionsResponse = try await analyst.unary(PolicyMethods.listInstitutions,
                                                                                         Tibs_Policy_V1_ListInstitutionsRequest.with { $0.country = "lv" })
            #expect(listed.institutions.map(\.id) == [created.id] && listed.page.totalSize == 1)
            for client in [admin, broker, analyst] { await client.close() }
        }
    }

    @Test func reportsIssuesAndActionsOverTheWire() async throws {
        try await withService(PolicyService.definition()) { service in
            let admin = try service.client(.admin), broker = try service.client(.broker, regions: ["LV006"])
            let institution: Tibs_Policy_V1_Institution = try await admin.unary(PolicyMethods.createInstitution,
                                                                                Tibs_Policy_V1_CreateInstitutionRequest.with { $0.fields = Self.ministry })
            let report: Tibs_Policy_V1_BarrierReport = try await broker.unary(PolicyMethods.getBarrierReport, Tibs_Policy_V1_GetBarrierReportRequest.with {
                $0.period = .with { $0.fromMonth = "2026-01"; $0.toMonth = "2026-06" }
                $0.groupByLevel = 2
            })
            #expect(report.previousPeriod.fromMonth == "2025-07" && report.previousPeriod.toMonth == "2025-12")
            #expect(report.surveysInPeriod == 0 && report.hasSync && report.sync.upstreams.isEmpty)
            await refused(.invalidArgument, fields: ["filter.region", "period", "group_by_level"]) {
                let _: Tibs_Policy_V1_BarrierReport = try await broker.unary(PolicyMethods.getBarrierReport, Tibs_Policy_V1_GetBarrierReportRequest.with {
                    $0.filter.region = "XX9"
                    $0.groupByLevel = 4
                })
            }
            let issueFields = Tibs_Policy_V1_PolicyIssueFields.with {
                $0.barriers = [.with { $0.code = "financing" }]
                $0.regions = ["LV006"]
                $0.title = "Export finance gap"
                $0.statement = "Financing is the first barrier."
                $0.requestedChange = "A guarantee line."
                $0.evidencePeriod = .with { $0.fromMonth = "2026-01"; $0.toMonth = "2026-06" }
            }
            let issue: Tibs_Policy_V1_PolicyIssue = try await broker.unary(PolicyMethods.raisePolicyIssue,
                                                                           Tibs_Policy_V1_RaisePolicyIssueRequest.with { $0.fields = issueFields })
            #expect(issue.version == 1 && issue.evidence.hasReport && issue.evidence.request.filter.region == "LV006")
            #expect(issue.evidence.report.barriers.isEmpty && issue.evidence.report.regions.map(\.region) == ["LV006"])
            await refused(.permissionDenied) {
                var elsewhere = issueFields
                elsewhere.regions = ["EE001"]
                let _: Tibs_Policy_V1_PolicyIssue = try await broker.unary(PolicyMethods.raisePolicyIssue,
                                                                           Tibs_Policy_V1_RaisePolicyIssueRequest.with { $0.fields = elsewhere })
            }
            let today = String(ISO8601DateFormatter().string(from: Date()).prefix(10))
            let action: Tibs_Policy_V1_InfluenceAction = try await broker.unary(PolicyMethods.addInfluenceAction, Tibs_Policy_V1_AddInfluenceActionRequest.with {
                $0.issueID = issue.id
                $0.fields = .with { $0.kind = .letter; $0.institutionID = institution.id; $0.submittedOn = today }
                $0.note = "sent"
            })
            #expect(action.status == .submitted && action.history.count == 1 && action.history[0].from == .unspecified && !action.overdue)
            let error = await refused(.failedPrecondition) {
                let _: Tibs_Policy_V1_InfluenceAction = try await broker.unary(PolicyMethods.advanceInfluenceAction, Tibs_Policy_V1_AdvanceInfluenceActionRequest.with {
                    $0.id = action.id; $0.expectedVersion = 1; $0.to = .rejected
                })
            }
            #expect(error?.detail.contains("SUBMITTED") == true && error?.detail.contains("REJECTED") == true)
            await refused(.invalidArgument, fields: ["to"]) {
                let _: Tibs_Policy_V1_InfluenceAction = try await broker.unary(PolicyMethods.advanceInfluenceAction, Tibs_Policy_V1_AdvanceInfluenceActionRequest.with {
                    $0.id = action.id; $0.expectedVersion = 1
                })
            }
            let advanced: Tibs_Policy_V1_InfluenceAction = try await broker.unary(PolicyMethods.advanceInfluenceAction, Tibs_Policy_V1_AdvanceInfluenceActionRequest.with {
                $0.id = action.id; $0.expectedVersion = 1; $0.to = .acknowledged
            })
            #expect(advanced.version == 2 && advanced.firstResponseOn == today)
            let influence: Tibs_Policy_V1_InfluenceReport = try await broker.unary(PolicyMethods.getInfluenceReport, Tibs_Policy_V1_GetInfluenceReportRequest())
            #expect(influence.total.actions == 1 && influence.total.open == 1 && influence.overdueAfterDays == 90)
            #expect(influence.institutions.map(\.institutionName) == ["Ministry of Economics"])
            await refused(.notFound) {
                let _: Tibs_Policy_V1_RegionalStrategy = try await broker.unary(PolicyMethods.getRegionalPriorities,
                                                                               Tibs_Policy_V1_GetRegionalPrioritiesRequest.with { $0.region = "LV006" })
            }
            for client in [admin, broker] { await client.close() }
        }
    }

    @Test func everyRoleReadsTheListsAndReports() async throws {
        try await withService(PolicyService.definition()) { service in
            for role in Role.allCases {
                let client = try service.client(role, regions: role == .broker ? ["LV006"] : [])
                let _: Tibs_Policy_V1_ListInstitutionsResponse = try await client.unary(PolicyMethods.listInstitutions, Tibs_Policy_V1_ListInstitutionsRequest())
                let _: Tibs_Policy_V1_ListRegionalStrategiesResponse = try await client.unary(PolicyMethods.listRegionalStrategies,
                                                                                             Tibs_Policy_V1_ListRegionalStrategiesRequest())
                let _: Tibs_Policy_V1_ListPolicyIssuesResponse = try await client.unary(PolicyMethods.listPolicyIssues, Tibs_Policy_V1_ListPolicyIssuesRequest())
                let _: Tibs_Policy_V1_ListInfluenceActionsResponse = try await client.unary(PolicyMethods.listInfluenceActions,
                                                                                           Tibs_Policy_V1_ListInfluenceActionsRequest())
                let _: Tibs_Policy_V1_InfluenceReport = try await client.unary(PolicyMethods.getInfluenceReport, Tibs_Policy_V1_GetInfluenceReportRequest())
                let _: Tibs_Policy_V1_BarrierReport = try await client.unary(PolicyMethods.getBarrierReport, Tibs_Policy_V1_GetBarrierReportRequest.with {
                    $0.period = .with { $0.fromMonth = "2026-01"; $0.toMonth = "2026-01" }
                })
                if role != .admin {
                    await refused(.permissionDenied) {
                        let _: Tibs_Policy_V1_RegionalStrategy = try await client.unary(PolicyMethods.setRegionalStrategy, Tibs_Policy_V1_SetRegionalStrategyRequest())
                    }
                }
                await client.close()
            }
        }
    }
}

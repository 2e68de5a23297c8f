import Foundation
import Testing
import TIBSDomain
import TIBSIdentity
import TIBSProto
import TIBSRegistry
import TIBSRPC
import TIBSTestSupport

@Suite struct SurveyAndBrokerTests {
    private func sme(_ client: RPCClient) async throws -> Tibs_Registry_V1_Sme {
        try await client.unary(RegistryMethods.createSme, Tibs_Registry_V1_CreateSmeRequest.with { $0.fields = Fixtures.sme() })
    }

    private func record(_ client: RPCClient, _ smeID: String, _ answers: Tibs_Registry_V1_SurveyAnswers) async throws -> Tibs_Registry_V1_Survey {
        try await client.unary(RegistryMethods.recordSurvey, Tibs_Registry_V1_RecordSurveyRequest.with { $0.smeID = smeID; $0.answers = answers })
    }

    @Test func severalSurveysPerSMEAreKeptAndTheNewestInterviewSetsTheStage() async throws {
        try await withRegistry { registry in
            let broker = try registry.client(.broker, regions: ["LV008"], subject: "anna@vidzeme")
            let owner = try await sme(broker)
            let later = try await record(broker, owner.id, Fixtures.survey(on: "2025-09-01", stage: .stageFirstForeignContracts))
            _ = try await record(broker, owner.id, Fixtures.survey(on: "2024-03-12", stage: .stageExploring))  // older interview, recorded later
            #expect(later.recordedBy == "anna@vidzeme" && later.answers.barriers.map(\.version) == ["2026-11", "2026-11"])
            let surveys: Tibs_Registry_V1_ListSurveysResponse = try await broker.unary(RegistryMethods.listSurveys, Tibs_Registry_V1_ListSurveysRequest.with {
                $0.smeID = owner.id
            })
            #expect(surveys.surveys.count == 2)
            let read: Tibs_Registry_V1_Sme = try await broker.unary(RegistryMethods.getSme, Tibs_Registry_V1_GetSmeRequest.with { $0.id = owner.id })
            #expect(read.stage == .stageFirstForeignContracts)
            let dated: Tibs_Registry_V1_ListSurveysResponse = try await broker.unary(RegistryMethods.listSurveys, Tibs_Registry_V1_ListSurveysRequest.with {
                $0.conductedFrom = "2025-01-01"; $0.conductedTo = "2025-12-31"
            })
            #expect(dated.surveys.map(\.id) == [later.id])
            await broker.close()
        }
    }

    @Test(arguments: [
        ("answers.conducted_on", { @Sendable (a: inout Tibs_Registry_V1_SurveyAnswers) in a.conductedOn = "14.10.2025" }),
        ("answers.conducted_on", { a in a.conductedOn = "2025-02-30" }),
        ("answers.conducted_on", { a in a.conductedOn = "2999-01-01" }),
        ("answers.experience", { a in a.experience = .experienceUnspecified }),
        ("answers.stage", { a in a.stage = .stageUnspecified }),
        ("answers.barriers[0].code", { a in a.barriers = [Fixtures.code("bad-weather")] }),
        ("answers.barriers[1].code", { a in a.barriers = [Fixtures.code("financing"), Fixtures.code("financing")] }),
        ("answers.barriers[0].version", { a in a.barriers = [Fixtures.code("financing", "2019")] }),
        ("answers.success_reasons[0].code", { a in a.successReasons = [Fixtures.code("financing")] }),
        ("answers.advantages[0].code", { a in a.advantages = [Fixtures.code("luck")] }),
        ("answers.expected_support[0].code", { a in a.expectedSupport = [Fixtures.code("b2b-matchmaking")] }),
        ("answers.support_used[0].usefulness", { a in a.supportUsed[0].usefulness = 6 }),
        ("answers.support_used[0].form.code", { a in a.supportUsed[0].form = Fixtures.code("partner-search") }),
        ("answers.barriers_text", { a in a.barriersText = String(repeating: "b", count: 2_001) }),
    ] as [(String, @Sendable (inout Tibs_Registry_V1_SurveyAnswers) -> Void)])
    func aBrokenSurveyRuleIsInvalidArgumentAndStoresNothing(field: String, breakRule: @Sendable (inout Tibs_Registry_V1_SurveyAnswers) -> Void) async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            let owner = try await sme(admin)
            var answers = Fixtures.survey()
            breakRule(&answers)
            try await expectUnchanged(registry.store) {
                let error = await expectRPCError(.invalidArgument) { _ = try await record(admin, owner.id, answers) }
                #expect(error?.violations.map(\.field).contains(field) == true, "\(String(describing: error))")
            }
            await admin.close()
        }
    }

    @Test func surveysOfUnknownSMEsAreNotFoundAndOfOtherRegionsDenied() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            let owner = try await sme(admin)
            let stranger = try registry.client(.broker, regions: ["LT01"])
            try await expectUnchanged(registry.store) {
                await expectRPCError(.notFound) { _ = try await record(admin, "01936f4c-6d2e-7a31-9b0c-4d5e6f708192", Fixtures.survey()) }
                await expectRPCError(.permissionDenied) { _ = try await record(stranger, owner.id, Fixtures.survey()) }
            }
            await stranger.close()
            await admin.close()
        }
    }

    @Test func anAdminRegistersBrokersAndAnyoneListsThemByRegion() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            let podlaskie: Tibs_Registry_V1_Broker = try await admin.unary(RegistryMethods.registerBroker, Tibs_Registry_V1_RegisterBrokerRequest.with {
                $0.subject = "marek@podlaskie"; $0.displayName = "Marek Nowak"; $0.organisation = "Podlaska Fundacja Rozwoju"
                $0.email = "marek.nowak@example.pl"; $0.regions = [Fixtures.region("PL", "PL84")]
            })
            let _: Tibs_Registry_V1_Broker = try await admin.unary(RegistryMethods.registerBroker, Tibs_Registry_V1_RegisterBrokerRequest.with {
                $0.subject = "jens@syddanmark"; $0.displayName = "Jens Holm"; $0.regions = [Fixtures.region("DK", "DK03")]
            })
            let integrator = try registry.client(.integrator)
            let listed: Tibs_Registry_V1_ListBrokersResponse = try await integrator.unary(RegistryMethods.listBrokers, Tibs_Registry_V1_ListBrokersRequest.with {
                $0.region = "PL841"
            })
            #expect(listed.brokers.map(\.id) == [podlaskie.id])
            await integrator.close()
            await admin.close()
        }
    }

    @Test func brokerRegistrationIsForAdminsAndSubjectsAreUnique() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            let request = Tibs_Registry_V1_RegisterBrokerRequest.with {
                $0.subject = "anna@vidzeme"; $0.displayName = "Anna Ozola"; $0.regions = [Fixtures.region("LV", "LV008")]
            }
            let _: Tibs_Registry_V1_Broker = try await admin.unary(RegistryMethods.registerBroker, request)
            let broker = try registry.client(.broker, regions: ["LV008"])
            try await expectUnchanged(registry.store) {
                await expectRPCError(.alreadyExists) { let _: Tibs_Registry_V1_Broker = try await admin.unary(RegistryMethods.registerBroker, request) }
                await expectRPCError(.permissionDenied) { let _: Tibs_Registry_V1_Broker = try await broker.unary(RegistryMethods.registerBroker, request) }
                await expectRPCError(.invalidArgument, fields: ["email", "regions[0].nuts_code"]) {
                    let _: Tibs_Registry_V1_Broker = try await admin.unary(RegistryMethods.registerBroker, Tibs_Registry_V1_RegisterBrokerRequest.with {
                        $0.subject = "x"; $0.displayName = "X"; $0.email = "not-mail"; $0.regions = [Fixtures.region("LV", "PL84")]
                    })
                }
            }
            await broker.close()
            await admin.close()
        }
    }

    @Test func anAssignedBrokerMustServeTheSMEsRegion() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            let hamburg: Tibs_Registry_V1_Broker = try await admin.unary(RegistryMethods.registerBroker, Tibs_Registry_V1_RegisterBrokerRequest.with {
                $0.subject = "lena@hamburg"; $0.displayName = "Lena Schulz"; $0.regions = [Fixtures.region("DE", "DE60")]
            })
            var fields = Fixtures.sme()
            fields.assignedBrokerID = hamburg.id
            try await expectUnchanged(registry.store) {
                await expectRPCError(.invalidArgument, fields: ["fields.assigned_broker_id"]) {
                    let _: Tibs_Registry_V1_Sme = try await admin.unary(RegistryMethods.createSme, Tibs_Registry_V1_CreateSmeRequest.with { $0.fields = fields })
                }
            }
            await admin.close()
        }
    }
}

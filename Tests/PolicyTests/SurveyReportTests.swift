import Foundation
import Testing
import TIBSPolicy
import TIBSProto
import TIBSRPC
import TIBSTestSupport

/// GetSurveyReport over the wire, on evidence applied as the follower applies it.
@Suite struct SurveyReportTests {
    static let method = "/tibs.policy.v1.PolicyInfluence/GetSurveyReport"

    /// Two SMEs: sme-1 (small, LV, ict) surveyed twice — exploring in March, first contracts in
    /// September; sme-2 (micro, LT, energy) once.
    static func seed(_ events: EvidenceEvents) async throws {
        try await events.upsert(EvidenceEvents.sme("sme-1", size: .small, s3: ["ict"]))
        try await events.upsert(EvidenceEvents.sme("sme-2", country: "LT", nuts: "LT011", size: .micro, s3: ["energy", "ict"]))
        try await events.upsert(EvidenceEvents.survey("survey-1", sme: "sme-1", on: "2025-03-10", stage: .stageExploring,
                                                      barriers: ["finding-reliable-partners", "regulation-and-standards"],
                                                      support: [("b2b-matchmaking", 2)]))
        try await events.upsert(EvidenceEvents.survey("survey-2", sme: "sme-1", on: "2025-09-01", stage: .stageFirstForeignContracts,
                                                      barriers: ["finding-reliable-partners"], support: [("b2b-matchmaking", 4)]))
        try await events.upsert(EvidenceEvents.survey("survey-3", sme: "sme-2", on: "2025-05-20", country: "LT", nuts: "LT011",
                                                      stage: .stageExploring, barriers: ["language-and-culture"], support: []))
    }

    static func request(every: Bool = false, breakdown: [String] = [], filter: Tibs_Policy_V1_EvidenceFilter = .init(),
                        from: String = "2025-01", to: String = "2025-12") -> Tibs_Policy_V1_GetSurveyReportRequest {
        .with {
            $0.period = .with { $0.fromMonth = from; $0.toMonth = to }
            $0.everySurvey = every
            $0.breakdown = breakdown
            $0.filter = filter
        }
    }

    static func question(_ report: Tibs_Policy_V1_SurveyReport, _ name: String) -> Tibs_Policy_V1_QuestionDistribution? {
        report.questions.first { $0.question == name }
    }

    @Test func theLatestSurveyPerSMECountsOnceAndEverySurveyShowsMovementBetweenStages() async throws {
        try await withService(PolicyService.definition()) { service in
            try await Self.seed(EvidenceEvents(store: service.store))
            let client = try service.client(.analyst)
            let latest: Tibs_Policy_V1_SurveyReport = try await client.unary(Self.method, Self.request())
            #expect(latest.surveys == 2 && latest.smes == 2)
            let stages = try #require(Self.question(latest, "stage"))
            #expect(stages.respondents == 2)
            #expect(Set(stages.answers.map(\.code.code)) == ["first-foreign-contracts", "exploring"])
            #expect(stages.answers.allSatisfy { $0.count == 1 && $0.share == 0.5 })

            let every: Tibs_Policy_V1_SurveyReport = try await client.unary(Self.method, Self.request(every: true))
            #expect(every.surveys == 3 && every.smes == 2 && every.everySurvey)
            let everyStage = try #require(Self.question(every, "stage"))
            #expect(everyStage.answers.first?.code.code == "exploring" && everyStage.answers.first?.count == 2)
            let barriers = try #require(Self.question(every, "barrier"))
            #expect(barriers.respondents == 3)
            #expect(barriers.answers.map(\.code.code) == ["finding-reliable-partners", "language-and-culture", "regulation-and-standards"])
            #expect(barriers.answers[0].count == 2 && abs(barriers.answers[0].share - 2.0 / 3.0) < 1e-9)
            #expect(barriers.answers[0].label == "Difficulty finding reliable partners abroad")
            #expect(!barriers.answers[0].code.version.isEmpty)
            // Support forms: two ratings of b2b-matchmaking (2 and 4); sme-2 used none.
            let support = try #require(Self.question(every, "support-form"))
            #expect(support.respondents == 2)
            #expect(support.answers.first?.meanUsefulness == 3 && support.answers.first?.share == 1)
            #expect(Self.question(every, "barrier")?.answers.allSatisfy { $0.meanUsefulness == 0 } == true)
            // Every question is listed, in the research's order, answered or not.
            #expect(every.questions.map(\.question) == ["experience", "stage", "success-reason", "failure-reason", "advantage", "barrier",
                                                        "support-form", "expected-support"])
            #expect(Self.question(every, "failure-reason")?.respondents == 0)
            await client.close()
        }
    }

    @Test func breakdownsGroupBySurveyPlaceAndTheSMEsCurrentFacts() async throws {
        try await withService(PolicyService.definition()) { service in
            try await Self.seed(EvidenceEvents(store: service.store))
            let client = try service.client(.analyst)
            let report: Tibs_Policy_V1_SurveyReport = try await client.unary(Self.method, Self.request(
                every: true, breakdown: ["country", "s3_area", "size_class", "stage", "region"]))
            let groups = report.breakdowns.map { "\($0.dimension)=\($0.value):\($0.surveys)" }
            #expect(groups == ["country=LT:1", "country=LV:2", "s3_area=energy:1", "s3_area=ict:3", "size_class=SIZE_CLASS_MICRO:1",
                               "size_class=SIZE_CLASS_SMALL:2", "stage=STAGE_EXPLORING:2", "stage=STAGE_FIRST_FOREIGN_CONTRACTS:1",
                               "region=LT011:1", "region=LV008:2"])
            let lt = try #require(report.breakdowns.first { $0.value == "LT" })
            #expect(lt.questions.first { $0.question == "barrier" }?.answers.map(\.code.code) == ["language-and-culture"])
            await client.close()
        }
    }

    @Test func filtersSelectSurveysBeforeTheLatestPerSMEIsTaken() async throws {
        try await withService(PolicyService.definition()) { service in
            let events = EvidenceEvents(store: service.store)
            try await Self.seed(events)
            let client = try service.client(.analyst)
            func report(_ filter: Tibs_Policy_V1_EvidenceFilter, every: Bool = false) async throws -> Tibs_Policy_V1_SurveyReport {
                try await client.unary(Self.method, Self.request(every: every, filter: filter))
            }
            #expect(try await report(.with { $0.country = "LV" }).surveys == 1)
            #expect(try await report(.with { $0.region = "LT" }).smes == 1)
            #expect(try await report(.with { $0.s3Area = "energy" }).surveys == 1)
            #expect(try await report(.with { $0.sizeClass = .small }, every: true).surveys == 2)
            // sme-1's exploring survey is its latest among exploring ones.
            let exploring = try await report(.with { $0.stage = .stageExploring })
            #expect(exploring.surveys == 2 && exploring.smes == 2)
            // An SME update moves its surveys to its new size class.
            try await events.upsert(EvidenceEvents.sme("sme-1", size: .medium, s3: ["ict"]), kind: .updated)
            #expect(try await report(.with { $0.sizeClass = .small }, every: true).surveys == 0)
            #expect(try await report(.with { $0.sizeClass = .medium }, every: true).surveys == 2)
            // A period before the surveys counts none and still lists every question.
            let empty: Tibs_Policy_V1_SurveyReport = try await client.unary(Self.method, Self.request(from: "2020-01", to: "2020-12"))
            #expect(empty.surveys == 0 && empty.questions.count == 8 && empty.questions.allSatisfy { $0.respondents == 0 })
            await client.close()
        }
    }

    @Test func unknownFiltersBreakdownsAndPeriodsAreInvalidArgumentNamingTheirFields() async throws {
        try await withService(PolicyService.definition()) { service in
            let client = try service.client(.analyst)
            func violations(_ request: Tibs_Policy_V1_GetSurveyReportRequest) async throws -> [String] {
                do {
                    let _: Tibs_Policy_V1_SurveyReport = try await client.unary(Self.method, request)
                    return []
                } catch let error as RPCError {
                    #expect(error.code == .invalidArgument)
                    return error.violations.map(\.field)
                }
            }
            #expect(try await violations(Self.request(breakdown: ["colour"])) == ["breakdown"])
            #expect(try await violations(Self.request(breakdown: ["region", "region"])) == ["breakdown"])
            #expect(try await violations(Self.request(filter: .with { $0.region = "XX999" })) == ["filter.region"])
            #expect(try await violations(Self.request(filter: .with { $0.s3Area = "no-such-area" })) == ["filter.s3_area"])
            #expect(try await violations(Self.request(filter: .with { $0.country = "ZZ" })) == ["filter.country"])
            #expect(try await violations(Self.request(from: "2025-06", to: "2025-01")) == ["period.to_month"])
            #expect(try await violations(Self.request(from: "", to: "")).first?.hasPrefix("period") == true)
            await client.close()
        }
    }

    @Test func theReportNeedsAToken() async throws {
        try await withService(PolicyService.definition()) { service in
            let client = try makeTestClient(port: service.port, token: nil)
            await #expect(throws: RPCError.self) {
                let _: Tibs_Policy_V1_SurveyReport = try await client.unary(Self.method, Self.request())
            }
            await client.close()
        }
    }
}

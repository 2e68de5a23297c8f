import Foundation
import Testing
import TIBSIdentity
import TIBSProto
import TIBSRegistry
import TIBSRPC
import TIBSStore
import TIBSTestSupport

@Suite struct CreateSmeTests {
    let create = RegistryMethods.createSme

    @Test func aBrokerRegistersAnSMEOfItsRegionAndReadsItBack() async throws {
        try await withRegistry { registry in
            let broker = try registry.client(.broker, regions: ["LV008"])
            let created: Tibs_Registry_V1_Sme = try await broker.unary(create, Tibs_Registry_V1_CreateSmeRequest.with { $0.fields = Fixtures.sme() })
            #expect(created.version == 1)
            #expect(created.sizeClass == .small)
            #expect(created.fields.region.nutsVersion == "2021")
            #expect(created.fields.s3Areas.map(\.version) == ["2026-11", "2026-11"])
            #expect(created.fields.contacts.first?.hasConsentRecordedAt == true)
            let read: Tibs_Registry_V1_Sme = try await broker.unary(RegistryMethods.getSme, Tibs_Registry_V1_GetSmeRequest.with { $0.id = created.id })
            #expect(read == created)
            await broker.close()
        }
    }

    @Test func idsAreUUIDv7AndGrowWithEachCreate() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            var ids: [String] = []
            for index in 0..<5 {
                let sme: Tibs_Registry_V1_Sme = try await admin.unary(create, Tibs_Registry_V1_CreateSmeRequest.with {
                    $0.fields = Fixtures.sme(registration: "LV4000000000\(index)")
                })
                ids.append(sme.id)
            }
            #expect(ids.allSatisfy { $0.count == 36 && Array($0)[14] == "7" })
            #expect(ids == ids.sorted())
            await admin.close()
        }
    }

    /// One broken rule per case: the violation names the field, and nothing is stored.
    @Test(arguments: [
        ("fields.legal_name", { @Sendable (f: inout Tibs_Registry_V1_SmeFields) in f.legalName = "  " }),
        ("fields.legal_name", { f in f.legalName = String(repeating: "A", count: 201) }),
        ("fields.region.country", { f in f.region.country = "XX" }),
        ("fields.region.nuts_code", { f in f.region.nutsCode = "PL84" }),
        ("fields.region.nuts_code", { f in f.region.nutsCode = "LV999" }),
        ("fields.region.nuts_code", { f in f.region.nutsCode = "LV" }),
        ("fields.region.nuts_version", { f in f.region.nutsVersion = "2016" }),
        ("fields.registration_id", { f in f.registrationID = "" }),
        ("fields.registration_id", { f in f.registrationID = "LV#4000!" }),
        ("fields.headcount", { f in f.headcount = 0 }),
        ("fields.headcount", { f in f.headcount = 250 }),
        ("fields.annual_turnover_eur", { f in f.annualTurnoverEur = 60_000_000; f.balanceSheetTotalEur = 44_000_000 }),
        ("fields.nace_codes", { f in f.naceCodes = [] }),
        ("fields.nace_codes[0].code", { f in f.naceCodes = [Fixtures.code("99.99", "2")] }),
        ("fields.nace_codes[0].version", { f in f.naceCodes = [Fixtures.code("62.01", "1.1")] }),
        ("fields.nace_codes[1].code", { f in f.naceCodes = [Fixtures.code("62.01", "2"), Fixtures.code("6201", "2")] }),
        ("fields.s3_areas[0].code", { f in f.s3Areas = [Fixtures.code("space-mining")] }),
        ("fields.s3_areas[0].version", { f in f.s3Areas = [Fixtures.code("ict", "2019-01")] }),
        ("fields.description", { f in f.description_p = String(repeating: "x", count: 4_001) }),
        ("fields.languages[1]", { f in f.languages = ["lv", "Latvian"] }),
        ("fields.website", { f in f.website = "gaujadata dot lv" }),
        ("fields.assigned_broker_id", { f in f.assignedBrokerID = "not-a-uuid" }),
        ("fields.assigned_broker_id", { f in f.assignedBrokerID = "01936f4c-6d2e-7a31-9b0c-4d5e6f708192" }),
        ("fields.contacts[0].name", { f in f.contacts[0].name = "" }),
        ("fields.contacts[0].email", { f in f.contacts[0].email = "ilze(at)example.lv" }),
        ("fields.contacts[0].phone", { f in f.contacts[0].phone = "call me" }),
        ("fields.contacts[0].consent_given", { f in f.contacts[0].consentGiven = false }),
    ] as [(String, @Sendable (inout Tibs_Registry_V1_SmeFields) -> Void)])
    func aBrokenFieldRuleIsInvalidArgumentNamingTheFieldAndStoresNothing(field: String, breakRule: @Sendable (inout Tibs_Registry_V1_SmeFields) -> Void) async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            var fields = Fixtures.sme()
            breakRule(&fields)
            let request = Tibs_Registry_V1_CreateSmeRequest.with { $0.fields = fields }
            try await expectUnchanged(registry.store) {
                let error = await expectRPCError(.invalidArgument) {
                    let _: Tibs_Registry_V1_Sme = try await admin.unary(create, request)
                }
                #expect(error?.violations.map(\.field).contains(field) == true, "\(String(describing: error))")
                #expect(error?.violations.allSatisfy { !$0.description.isEmpty } == true)
            }
            await admin.close()
        }
    }

    @Test func everyBrokenRuleIsReportedInOneAnswer() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            var fields = Fixtures.sme()
            fields.legalName = ""
            fields.region.country = "Latvia"
            fields.website = "ftp://x"
            await expectRPCError(.invalidArgument, fields: ["fields.legal_name", "fields.region.country", "fields.website"]) {
                let _: Tibs_Registry_V1_Sme = try await admin.unary(create, Tibs_Registry_V1_CreateSmeRequest.with { $0.fields = fields })
            }
            await admin.close()
        }
    }

    @Test func aSecondSMEWithTheSameRegistrationIdInTheCountryIsAlreadyExists() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            let _: Tibs_Registry_V1_Sme = try await admin.unary(create, Tibs_Registry_V1_CreateSmeRequest.with { $0.fields = Fixtures.sme() })
            // The same company written differently is the same company.
            let again = Tibs_Registry_V1_CreateSmeRequest.with { $0.fields = Fixtures.sme(registration: "lv 4000-324.5652", name: "Other name SIA") }
            try await expectUnchanged(registry.store) {
                await expectRPCError(.alreadyExists) {
                    let _: Tibs_Registry_V1_Sme = try await admin.unary(create, again)
                }
            }
            await admin.close()
        }
    }

    /// Group commit runs the creates of one batch without a savepoint each: a create refused
    /// inside the transaction (taken registration id, unknown broker) must still fail alone.
    @Test func createsRefusedInsideOneGroupCommitFailAloneAndTheOthersAreStoredWithFeedAndAudit() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            let store = registry.store
            // Hold the writer until every create below has queued, so they commit as one batch.
            let holding = Gate(), release = Gate()
            let holder = Task { try await store.write { _ in holding.open(); release.wait() } }
            try await holding.opened()
            let unknownBroker = "01936f4c-6d2e-7a31-9b0c-4d5e6f708192"
            let outcomes = await withTaskGroup(of: (Int, Result<Tibs_Registry_V1_Sme, any Error>).self) { group in
                for index in 0..<40 {
                    group.addTask {
                        var fields = generatedSME(index % 34)  // 34...39 repeat the registration ids of 0...5
                        if (20..<24).contains(index) { fields.assignedBrokerID = unknownBroker }
                        do {
                            let sme: Tibs_Registry_V1_Sme = try await admin.unary(create, Tibs_Registry_V1_CreateSmeRequest.with { $0.fields = fields })
                            return (index, .success(sme))
                        } catch {
                            return (index, .failure(error))
                        }
                    }
                }
                // Every create waits behind the held writer (event: the committer's queue is full).
                // Bounded generously (40 calls over TLS on two loaded cores, or under a sanitizer);
                // a timeout is named here rather than showing up later as a smaller batch.
                let queued = (try? await waitFor("40 queued creates", timeout: .seconds(300)) { store.queuedGroupWrites == 40 }) != nil
                #expect(queued, "the 40 creates never queued behind the held writer")
                release.open()
                var outcomes: [Int: Result<Tibs_Registry_V1_Sme, any Error>] = [:]
                for await (index, result) in group { outcomes[index] = result }
                return outcomes
            }
            release.open()
            try await holder.value

            var created: Set<String> = []
            for (index, result) in outcomes {
                switch result {
                case .success(let sme):
                    #expect(!(20..<24).contains(index))
                    created.insert(sme.id)
                case .failure(let error):
                    let code = (error as? RPCError)?.code
                    if (20..<24).contains(index) {
                        #expect(code == .invalidArgument, "\(index): \(error)")
                    } else {
                        #expect(code == .alreadyExists, "\(index): \(error)")
                        #expect(index % 34 < 6)
                    }
                }
            }
            // 34 companies, 4 of them refused for the broker; each repeated id stored once.
            #expect(created.count == 30)
            let counts = try await DatabaseSnapshot.take(store).counts
            #expect(counts["smes"] == 30 && counts["sme_contacts"] == 30 && counts["change_feed"] == 30 && counts["audit_log"] == 30)
            let fed = try await store.read { db in try String.fetchSet(db, sql: "SELECT entity_id FROM change_feed") }
            #expect(fed == created)
            let stats = store.groupCommitStats
            #expect(stats.largestBatch == 40, "the creates did not share one transaction")
            #expect(stats.isolatedReruns == 0, "refusals before any write need no savepoints")
            await admin.close()
        }
    }

    @Test func theSameRegistrationIdInAnotherCountryIsADifferentCompany() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            let _: Tibs_Registry_V1_Sme = try await admin.unary(create, Tibs_Registry_V1_CreateSmeRequest.with { $0.fields = Fixtures.sme(registration: "12345678") })
            let other: Tibs_Registry_V1_Sme = try await admin.unary(create, Tibs_Registry_V1_CreateSmeRequest.with {
                $0.fields = Fixtures.sme(registration: "12345678", country: "DK", nuts: "DK03")
            })
            #expect(other.fields.region.country == "DK")
            await admin.close()
        }
    }

    @Test(arguments: [Role.analyst, Role.integrator])
    func readOnlyRolesCannotCreate(role: Role) async throws {
        try await withRegistry { registry in
            let reader = try registry.client(role)
            try await expectUnchanged(registry.store) {
                await expectRPCError(.permissionDenied) {
                    let _: Tibs_Registry_V1_Sme = try await reader.unary(create, Tibs_Registry_V1_CreateSmeRequest.with { $0.fields = Fixtures.sme() })
                }
            }
            await reader.close()
        }
    }

    @Test func aBrokerCannotCreateAnSMEOutsideItsRegions() async throws {
        try await withRegistry { registry in
            let broker = try registry.client(.broker, regions: ["PL84"])
            try await expectUnchanged(registry.store) {
                await expectRPCError(.permissionDenied) {
                    let _: Tibs_Registry_V1_Sme = try await broker.unary(create, Tibs_Registry_V1_CreateSmeRequest.with { $0.fields = Fixtures.sme() })
                }
            }
            await broker.close()
        }
    }

    @Test func aBrokerOfANUTS2RegionWritesItsNUTS3Regions() async throws {
        try await withRegistry { registry in
            let broker = try registry.client(.broker, regions: ["PL84"])
            let sme: Tibs_Registry_V1_Sme = try await broker.unary(create, Tibs_Registry_V1_CreateSmeRequest.with {
                $0.fields = Fixtures.sme(registration: "PL5420300990", country: "PL", nuts: "PL841", name: "Podlaski Len Sp. z o.o.")
            })
            #expect(sme.fields.region.nutsCode == "PL841")
            await broker.close()
        }
    }

    @Test func withoutATokenTheCallIsUnauthenticated() async throws {
        try await withRegistry { registry in
            let anonymous = try makeTestClient(port: registry.port, token: nil)
            try await expectUnchanged(registry.store) {
                await expectRPCError(.unauthenticated) {
                    let _: Tibs_Registry_V1_Sme = try await anonymous.unary(create, Tibs_Registry_V1_CreateSmeRequest.with { $0.fields = Fixtures.sme() })
                }
            }
            await anonymous.close()
        }
    }

    @Test func theSameIdempotencyKeyAndBodyReturnsTheFirstSMEInsteadOfASecond() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            let request = Tibs_Registry_V1_CreateSmeRequest.with { $0.fields = Fixtures.sme() }
            let first: Tibs_Registry_V1_Sme = try await admin.unary(create, request, metadata: ["idempotency-key": "import-42"])
            try await expectUnchanged(registry.store) {
                let second: Tibs_Registry_V1_Sme = try await admin.unary(create, request, metadata: ["idempotency-key": "import-42"])
                #expect(second == first)
            }
            await admin.close()
        }
    }

    @Test func anIdempotencyKeyReusedForAnotherBodyIsFailedPrecondition() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            let _: Tibs_Registry_V1_Sme = try await admin.unary(create, Tibs_Registry_V1_CreateSmeRequest.with { $0.fields = Fixtures.sme() },
                                                                metadata: ["idempotency-key": "k1"])
            let other = Tibs_Registry_V1_CreateSmeRequest.with { $0.fields = Fixtures.sme(registration: "LV40000000999") }
            try await expectUnchanged(registry.store) {
                await expectRPCError(.failedPrecondition) {
                    let _: Tibs_Registry_V1_Sme = try await admin.unary(create, other, metadata: ["idempotency-key": "k1"])
                }
            }
            await admin.close()
        }
    }

    @Test func getSmeOfAnUnknownIdIsNotFoundAndOfAMalformedIdInvalidArgument() async throws {
        try await withRegistry { registry in
            let analyst = try registry.client(.analyst)
            await expectRPCError(.notFound) {
                let _: Tibs_Registry_V1_Sme = try await analyst.unary(RegistryMethods.getSme, Tibs_Registry_V1_GetSmeRequest.with {
                    $0.id = "01936f4c-6d2e-7a31-9b0c-4d5e6f708192"
                })
            }
            await expectRPCError(.invalidArgument, fields: ["id"]) {
                let _: Tibs_Registry_V1_Sme = try await analyst.unary(RegistryMethods.getSme, Tibs_Registry_V1_GetSmeRequest.with { $0.id = "42" })
            }
            await analyst.close()
        }
    }
}

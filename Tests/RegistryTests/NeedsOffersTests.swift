import Foundation
import Testing
import TIBSIdentity
import TIBSProto
import TIBSRegistry
import TIBSRPC
import TIBSTestSupport

@Suite struct NeedsOffersTests {
    private func sme(_ client: RPCClient) async throws -> Tibs_Registry_V1_Sme {
        try await client.unary(RegistryMethods.createSme, Tibs_Registry_V1_CreateSmeRequest.with { $0.fields = Fixtures.sme() })
    }

    private func addNeed(_ client: RPCClient, _ smeID: String, _ fields: Tibs_Registry_V1_NeedFields = Fixtures.need()) async throws -> Tibs_Registry_V1_Need {
        try await client.unary(RegistryMethods.addNeed, Tibs_Registry_V1_AddNeedRequest.with { $0.smeID = smeID; $0.fields = fields })
    }

    @Test func aNeedIsAddedOpenWithTheSMEsRegionAndListed() async throws {
        try await withRegistry { registry in
            let broker = try registry.client(.broker, regions: ["LV008"])
            let owner = try await sme(broker)
            let need = try await addNeed(broker, owner.id)
            #expect(need.fields.status == .open && need.version == 1 && need.region.nutsCode == "LV008")
            #expect(need.fields.s3Areas.first?.version == "2026-11" && need.fields.trl == 6)
            let listed: Tibs_Registry_V1_ListNeedsResponse = try await broker.unary(RegistryMethods.listNeeds, Tibs_Registry_V1_ListNeedsRequest.with {
                $0.filter.smeID = owner.id
            })
            #expect(listed.needs == [need])
            await broker.close()
        }
    }

    @Test func anOfferIsAddedAndListedApartFromNeeds() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            let owner = try await sme(admin)
            _ = try await addNeed(admin, owner.id)
            let offer: Tibs_Registry_V1_Offer = try await admin.unary(RegistryMethods.addOffer, Tibs_Registry_V1_AddOfferRequest.with {
                $0.smeID = owner.id; $0.fields = Fixtures.offer()
            })
            let offers: Tibs_Registry_V1_ListOffersResponse = try await admin.unary(RegistryMethods.listOffers, Tibs_Registry_V1_ListOffersRequest())
            #expect(offers.offers.map(\.id) == [offer.id])
            #expect(offers.offers.first?.fields.kind == .productOrService)
            await admin.close()
        }
    }

    @Test func updatingANeedToFulfilledBumpsItsVersionAndAnUnspecifiedStatusKeepsIt() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            let need = try await addNeed(admin, try await sme(admin).id)
            var fields = need.fields
            fields.status = .fulfilled
            let done: Tibs_Registry_V1_Need = try await admin.unary(RegistryMethods.updateNeed, Tibs_Registry_V1_UpdateNeedRequest.with {
                $0.id = need.id; $0.expectedVersion = 1; $0.fields = fields
            })
            #expect(done.fields.status == .fulfilled && done.version == 2)
            fields.status = .unspecified
            fields.title = "Partner for smart water metering pilots (2026)"
            let retitled: Tibs_Registry_V1_Need = try await admin.unary(RegistryMethods.updateNeed, Tibs_Registry_V1_UpdateNeedRequest.with {
                $0.id = need.id; $0.expectedVersion = 2; $0.fields = fields
            })
            #expect(retitled.fields.status == .fulfilled && retitled.version == 3)
            let open: Tibs_Registry_V1_ListNeedsResponse = try await admin.unary(RegistryMethods.listNeeds, Tibs_Registry_V1_ListNeedsRequest.with {
                $0.filter.status = .open
            })
            #expect(open.needs.isEmpty)
            await admin.close()
        }
    }

    @Test func aStaleNeedUpdateIsAbortedAndChangesNothing() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            let need = try await addNeed(admin, try await sme(admin).id)
            try await expectUnchanged(registry.store) {
                await expectRPCError(.aborted) {
                    let _: Tibs_Registry_V1_Need = try await admin.unary(RegistryMethods.updateNeed, Tibs_Registry_V1_UpdateNeedRequest.with {
                        $0.id = need.id; $0.expectedVersion = 5; $0.fields = need.fields
                    })
                }
            }
            await admin.close()
        }
    }

    @Test(arguments: [
        ("fields.kind", { @Sendable (f: inout Tibs_Registry_V1_NeedFields) in f.kind = .unspecified }),
        ("fields.title", { f in f.title = "" }),
        ("fields.keywords[1]", { f in f.keywords = ["ok", " "] }),
        ("fields.s3_areas[0].code", { f in f.s3Areas = [Fixtures.code("unknown-area")] }),
        ("fields.nace_codes[0].code", { f in f.naceCodes = [Fixtures.code("00.00", "2")] }),
        ("fields.wanted_countries[0]", { f in f.wantedCountries = ["Denmark"] }),
        ("fields.wanted_countries[1]", { f in f.wantedCountries = ["DK", "DK"] }),
    ] as [(String, @Sendable (inout Tibs_Registry_V1_NeedFields) -> Void)])
    func aBrokenNeedRuleIsInvalidArgumentAndStoresNothing(field: String, breakRule: @Sendable (inout Tibs_Registry_V1_NeedFields) -> Void) async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            let owner = try await sme(admin)
            var fields = Fixtures.need()
            breakRule(&fields)
            try await expectUnchanged(registry.store) {
                let error = await expectRPCError(.invalidArgument) { _ = try await addNeed(admin, owner.id, fields) }
                #expect(error?.violations.map(\.field).contains(field) == true, "\(String(describing: error))")
            }
            await admin.close()
        }
    }

    @Test func aTRLAboveNineIsInvalidArgument() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            let owner = try await sme(admin)
            var offer = Fixtures.offer()
            offer.trl = 10
            try await expectUnchanged(registry.store) {
                await expectRPCError(.invalidArgument, fields: ["fields.trl"]) {
                    let _: Tibs_Registry_V1_Offer = try await admin.unary(RegistryMethods.addOffer, Tibs_Registry_V1_AddOfferRequest.with {
                        $0.smeID = owner.id; $0.fields = offer
                    })
                }
            }
            await admin.close()
        }
    }

    @Test func aNeedForAnUnknownSMEIsNotFound() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            try await expectUnchanged(registry.store) {
                await expectRPCError(.notFound) { _ = try await addNeed(admin, "01936f4c-6d2e-7a31-9b0c-4d5e6f708192") }
            }
            await admin.close()
        }
    }

    @Test func aBrokerOfAnotherRegionCannotAddOrChangeNeeds() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            let owner = try await sme(admin)
            let need = try await addNeed(admin, owner.id)
            let stranger = try registry.client(.broker, regions: ["FI1C4"])
            try await expectUnchanged(registry.store) {
                await expectRPCError(.permissionDenied) { _ = try await addNeed(stranger, owner.id) }
                await expectRPCError(.permissionDenied) {
                    let _: Tibs_Registry_V1_Need = try await stranger.unary(RegistryMethods.updateNeed, Tibs_Registry_V1_UpdateNeedRequest.with {
                        $0.id = need.id; $0.expectedVersion = 1; $0.fields = need.fields
                    })
                }
            }
            await stranger.close()
            await admin.close()
        }
    }
}

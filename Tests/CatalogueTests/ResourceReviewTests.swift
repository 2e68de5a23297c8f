import Foundation
import Testing
import TIBSCatalogue
import TIBSProto
import TIBSRPC
import TIBSTestSupport

/// Resources over the wire: drafting, the review walk, visibility before publication.
@Suite struct ResourceReviewTests {
    @Test func aResourceWalksFromDraftToPublishedToRetiredAndEveryStepIsOnTheFeed() async throws {
        try await withCatalogue { catalogue in
            let broker = CatalogueCalls(client: try catalogue.client(.broker, regions: ["FI1C4"]))
            let provider = try await broker.createProvider()
            let draft = try await broker.createResource(provider.id)
            #expect(draft.status == .draft && draft.completenessPercent == 100 && draft.region.nutsCode == "FI1C4")
            let submitted = try await broker.step(CatalogueMethods.submitResource, draft)
            let published = try await broker.step(CatalogueMethods.publishResource, submitted)
            #expect(published.status == .published && published.hasPublishedAt && published.version == 3)
            let retired = try await broker.step(CatalogueMethods.retireResource, published, note: "line decommissioned")
            #expect(retired.status == .retired && retired.retiredReason == "retired by broker-tester: line decommissioned")
            let feed = try await catalogue.store.read { db in try catalogue.store.feed.read(db, after: 0, limit: 100) }
            #expect(feed.filter { $0.entityID == draft.id }.map(\.kind) == [.created, .updated, .updated, .updated])
            let payload = try Tibs_Catalogue_V1_Resource(serializedBytes: try #require(feed.last).payload)
            #expect(payload.status == .retired && !payload.fields.hasContact, "the feed never carries the contact person")
            await broker.client.close()
        }
    }

    @Test func stepsThatDoNotApplyAreFailedPreconditionNamingBothStatesAndChangeNothing() async throws {
        try await withCatalogue { catalogue in
            let admin = CatalogueCalls(client: try catalogue.client(.admin))
            let provider = try await admin.createProvider()
            let draft = try await admin.createResource(provider.id)
            try await unchanged(catalogue.store) {
                let error = await refusal(.failedPrecondition) { _ = try await admin.step(CatalogueMethods.publishResource, draft) }
                #expect(error?.detail.contains("is draft; publish was asked") == true, "\(String(describing: error))")
            }
            let retired = try await admin.step(CatalogueMethods.retireResource, draft)
            try await unchanged(catalogue.store) {
                for path in [CatalogueMethods.submitResource, CatalogueMethods.publishResource, CatalogueMethods.retireResource] {
                    await refusal(.failedPrecondition) { _ = try await admin.step(path, retired) }
                }
                await refusal(.aborted) { _ = try await admin.step(CatalogueMethods.retireResource, draft) }
            }
            await admin.client.close()
        }
    }

    @Test func publishingAnIncompleteResourceNamesEveryMissingItem() async throws {
        try await withCatalogue { catalogue in
            let admin = CatalogueCalls(client: try catalogue.client(.admin))
            let provider = try await admin.createProvider()
            var fields = CatalogueFixtures.resource(kind: .supportProgramme, title: "Innovation voucher Kymenlaakso")
            fields.description_p = "Vouchers."
            fields.keywords = []
            fields.clearValidity()
            let submitted = try await admin.step(CatalogueMethods.submitResource, try await admin.createResource(provider.id, fields))
            #expect(submitted.completenessPercent == 50)
            try await unchanged(catalogue.store) {
                let error = await refusal(.failedPrecondition, fields: ["fields.description", "fields.keywords", "fields.validity"]) {
                    _ = try await admin.step(CatalogueMethods.publishResource, submitted)
                }
                #expect(error?.detail.contains("50 %") == true)
            }
            await admin.client.close()
        }
    }

    @Test func onlyAdminsAndTheRegionsBrokersPublishAndOutsidersDoNotSeeDrafts() async throws {
        try await withCatalogue { catalogue in
            let admin = CatalogueCalls(client: try catalogue.client(.admin))
            let service = CatalogueCalls(client: try catalogue.client(.service))
            let stranger = CatalogueCalls(client: try catalogue.client(.broker, regions: ["PL84"]))
            let integrator = CatalogueCalls(client: try catalogue.client(.integrator))
            let provider = try await admin.createProvider()
            let submitted = try await admin.step(CatalogueMethods.submitResource, try await admin.createResource(provider.id))
            try await unchanged(catalogue.store) {
                await refusal(.permissionDenied) { _ = try await service.step(CatalogueMethods.publishResource, submitted) }
                await refusal(.permissionDenied) { _ = try await stranger.step(CatalogueMethods.publishResource, submitted) }
                await refusal(.permissionDenied) { _ = try await integrator.createResource(provider.id) }
                await refusal(.notFound) { _ = try await integrator.get(submitted.id) }
                await refusal(.permissionDenied) { _ = try await integrator.list { $0.status = .submitted } }
            }
            #expect(try await integrator.list().resources.isEmpty)
            let published = try await admin.step(CatalogueMethods.publishResource, submitted)
            let seen = try await integrator.get(published.id)
            #expect(seen.status == .published && seen.contactWithheld && !seen.fields.hasContact)
            #expect(try await integrator.list().resources.map(\.id) == [published.id])
            #expect(try await admin.list { $0.status = .published; $0.region = "FI1C4" }.resources.map(\.id) == [published.id])
            for client in [admin.client, service.client, stranger.client, integrator.client] { await client.close() }
        }
    }

    static let badResources: [(String, [String], @Sendable (inout Tibs_Catalogue_V1_ResourceFields) -> Void)] = [
        ("no kind", ["fields.kind"], { $0.kind = .unspecified }),
        ("an unknown cost model number", ["fields.cost_model"], { $0.costModel = .UNRECOGNIZED(9) }),
        ("TRL 10", ["fields.trl.max"], { $0.trl.max = 10 }),
        ("TRL range upside down", ["fields.trl.max"], { $0.trl = .with { $0.min = 7; $0.max = 3 } }),
        ("co-funding at 0 %", ["fields.co_funding_rate_percent"], { $0.coFundingRatePercent = 0 }),
        ("a rate without co-funding", ["fields.co_funding_rate_percent"], { $0.costModel = .fee }),
        ("eligible countries on a regional resource", ["fields.eligible_countries"], { $0.accessScope = .regional; $0.eligibleCountries = ["LV"] }),
        ("a deadline before the opening", ["fields.validity.closes_on"], { $0.validity.closesOn = "2023-08-01" }),
        ("not a day", ["fields.validity.opens_on"], { $0.validity.opensOn = "2023-02-30" }),
        ("an unknown S3 area", ["fields.s3_areas[0].code"], { $0.s3Areas = [.with { $0.code = "space-mining" }] }),
        ("a bidi override in the title", ["fields.title"], { $0.title = "Pilot \u{202E}enil" }),
        ("21 keywords", ["fields.keywords"], { $0.keywords = (0...20).map { "k\($0)" } }),
        ("a contact without consent", ["fields.contact.consent_given"], { $0.contact.consentGiven = false }),
    ]

    @Test(arguments: badResources)
    func aBrokenResourceIsInvalidArgumentNamingTheFieldAndNothingIsStored(
        _ why: String, fields: [String], breakIt: @Sendable (inout Tibs_Catalogue_V1_ResourceFields) -> Void
    ) async throws {
        try await withCatalogue { catalogue in
            let admin = CatalogueCalls(client: try catalogue.client(.admin))
            let provider = try await admin.createProvider()
            var resource = CatalogueFixtures.resource()
            breakIt(&resource)
            try await unchanged(catalogue.store) {
                await refusal(.invalidArgument, fields: fields) { _ = try await admin.createResource(provider.id, resource) }
            }
            await admin.client.close()
        }
    }

    @Test func aCreateUnderAnIdempotencyKeyIsAnsweredOnceAndReplayed() async throws {
        try await withCatalogue { catalogue in
            let admin = CatalogueCalls(client: try catalogue.client(.admin))
            let provider = try await admin.createProvider()
            let first = try await admin.createResource(provider.id, metadata: ["idempotency-key": "r-1"])
            let again = try await admin.createResource(provider.id, metadata: ["idempotency-key": "r-1"])
            #expect(first == again)
            await refusal(.alreadyExists) { _ = try await admin.createResource(provider.id) }
            await admin.client.close()
        }
    }
}

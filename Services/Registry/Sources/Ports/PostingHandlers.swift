import Foundation
import SwiftProtobuf
import TIBSDomain
import TIBSProto
import TIBSServiceApp
import TIBSServiceKit
import TIBSRPC

/// AddNeed, UpdateNeed, ListNeeds, AddOffer, UpdateOffer, ListOffers: one implementation,
/// two sides.
enum PostingHandlers {
    static func register(on router: inout RPCRouter, app: RegistryApp) {
        router.unary(RegistryMethods.addNeed, access: .writers) { (request: Tibs_Registry_V1_AddNeedRequest, context) in
            let posting = try await add(.need, request.smeID, EntityMapping.posting(request.fields, kind: CommonMapping.kind(request.fields.kind)),
                                        request, context, app)
            return try PortSupport.answer(posting, EntityMapping.need)
        }
        router.unary(RegistryMethods.addOffer, access: .writers) { (request: Tibs_Registry_V1_AddOfferRequest, context) in
            let posting = try await add(.offer, request.smeID, EntityMapping.posting(request.fields, kind: CommonMapping.kind(request.fields.kind)),
                                        request, context, app)
            return try PortSupport.answer(posting, EntityMapping.offer)
        }
        router.unary(RegistryMethods.updateNeed, access: .writers) { (request: Tibs_Registry_V1_UpdateNeedRequest, context) in
            EntityMapping.need(try await update(.need, request.id, request.expectedVersion,
                                                EntityMapping.posting(request.fields, kind: CommonMapping.kind(request.fields.kind)), context, app))
        }
        router.unary(RegistryMethods.updateOffer, access: .writers) { (request: Tibs_Registry_V1_UpdateOfferRequest, context) in
            EntityMapping.offer(try await update(.offer, request.id, request.expectedVersion,
                                                 EntityMapping.posting(request.fields, kind: CommonMapping.kind(request.fields.kind)), context, app))
        }
        router.unary(RegistryMethods.listNeeds, access: .authenticated) { (request: Tibs_Registry_V1_ListNeedsRequest, _) in
            let (page, info) = try await list(.need, request.page, request.filter, app)
            return Tibs_Registry_V1_ListNeedsResponse.with { $0.needs = page.items.map(EntityMapping.need); $0.page = info }
        }
        router.unary(RegistryMethods.listOffers, access: .authenticated) { (request: Tibs_Registry_V1_ListOffersRequest, _) in
            let (page, info) = try await list(.offer, request.page, request.filter, app)
            return Tibs_Registry_V1_ListOffersResponse.with { $0.offers = page.items.map(EntityMapping.offer); $0.page = info }
        }
    }

    typealias Mapped = MappedPosting

    /// A missing kind or a TRL out of range is reported together with every other broken
    /// rule of the fields.
    private static func checkKind(_ mapped: Mapped, side: PostingSide, _ app: RegistryApp) throws {
        guard !mapped.kindGiven || !mapped.trlValid else { return }
        var v = Validator()
        if !mapped.kindGiven { v.add(field: "fields.kind", "is required: what the \(side.rawValue) is about") }
        if !mapped.trlValid { v.add(field: "fields.trl", "must be a technology readiness level from 1 to 9, or 0 when not applicable") }
        v.collect(under: "fields") { () throws(ValidationErrors) in _ = try app.rules.validate(mapped.fields, side: side) }
        try v.throwIfAny()
    }

    private static func add(_ side: PostingSide, _ smeID: String, _ mapped: Mapped, _ request: some SwiftProtobuf.Message,
                            _ context: CallContext, _ app: RegistryApp) async throws -> Created<Posting> {
        let sme = try PortSupport.id(smeID, field: "sme_id")
        try checkKind(mapped, side: side, app)
        let caller = try PortSupport.caller(context)
        let ticket = try PortSupport.ticket(context, request)
        return try await PortSupport.under("fields") {
            try await app.addPosting(side, smeID: sme, mapped.fields, by: caller, idempotency: ticket)
        }
    }

    private static func update(_ side: PostingSide, _ rawID: String, _ version: UInt64, _ mapped: Mapped,
                               _ context: CallContext, _ app: RegistryApp) async throws -> Posting {
        let id = try PortSupport.id(rawID)
        let expected = try PortSupport.expectedVersion(version)
        try checkKind(mapped, side: side, app)
        let caller = try PortSupport.caller(context)
        return try await PortSupport.under("fields") {
            try await app.updatePosting(side, id: id, expectedVersion: expected, mapped.fields, keepStatus: !mapped.statusGiven, by: caller)
        }
    }

    private static func list(_ side: PostingSide, _ pageRequest: Tibs_Common_V1_PageRequest, _ request: Tibs_Registry_V1_ListItemsRequest,
                             _ app: RegistryApp) async throws -> (Page<Posting>, Tibs_Common_V1_PageInfo) {
        var filter = PostingFilter()
        filter.smeID = request.smeID
        filter.region = request.region
        filter.status = CommonMapping.status(request.status)
        filter.s3Area = request.s3Area
        filter = try filter.validated(codes: app.rules.codes)
        let (page, fingerprint) = try PortSupport.page(pageRequest, listing: side.rawValue, filter: filter)
        let result = try await app.listPostings(side, filter, page: page)
        return (result, PortSupport.pageInfo(result, fingerprint: fingerprint))
    }
}

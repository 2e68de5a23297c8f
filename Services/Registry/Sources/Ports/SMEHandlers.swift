import Foundation
import TIBSDomain
import TIBSProto
import TIBSServiceApp
import TIBSServiceKit
import TIBSRPC

/// CreateSme, GetSme, UpdateSme, ListSmes, DeleteSme, ExportSme, EraseSmePersonalData.
enum SMEHandlers {
    static func register(on router: inout RPCRouter, app: RegistryApp) {
        router.unary(RegistryMethods.createSme, access: .writers) { (request: Tibs_Registry_V1_CreateSmeRequest, context) in
            let caller = try PortSupport.caller(context)
            let created = try await PortSupport.under("fields") {
                try await app.createSME(EntityMapping.profile(request.fields), by: caller,
                                        idempotency: try PortSupport.ticket(context, request))
            }
            return try PortSupport.answer(created, EntityMapping.proto)
        }

        router.unary(RegistryMethods.getSme, access: .authenticated) { (request: Tibs_Registry_V1_GetSmeRequest, context) in
            EntityMapping.proto(try await app.getSME(id: try PortSupport.id(request.id), for: try context.requirePrincipal()))
        }

        router.unary(RegistryMethods.updateSme, access: .writers) { (request: Tibs_Registry_V1_UpdateSmeRequest, context) in
            let id = try PortSupport.id(request.id)
            let expected = try PortSupport.expectedVersion(request.expectedVersion)
            let caller = try PortSupport.caller(context)
            let view = try await PortSupport.under("fields") {
                try await app.updateSME(id: id, expectedVersion: expected, EntityMapping.profile(request.fields), by: caller)
            }
            return EntityMapping.proto(view)
        }

        router.unary(RegistryMethods.listSmes, access: .authenticated) { (request: Tibs_Registry_V1_ListSmesRequest, context) in
            var filter = SMEFilter()
            filter.country = request.country
            filter.region = request.region
            filter.s3Area = request.s3Area
            filter.nacePrefix = request.nacePrefix
            filter.sizeClass = CommonMapping.sizeClass(request.sizeClass)
            filter.stage = CommonMapping.stage(request.stage)
            filter.assignedBrokerID = request.assignedBrokerID
            filter.text = request.text
            filter = try filter.validated(codes: app.rules.codes)
            let (page, fingerprint) = try PortSupport.page(request.page, listing: "sme", filter: filter)
            let result = try await app.listSMEs(filter, page: page, for: try context.requirePrincipal())
            return Tibs_Registry_V1_ListSmesResponse.with {
                $0.smes = result.items.map(EntityMapping.proto)
                $0.page = PortSupport.pageInfo(result, fingerprint: fingerprint)
            }
        }

        router.unary(RegistryMethods.deleteSme, access: .writers) { (request: Tibs_Registry_V1_DeleteSmeRequest, context) in
            let id = try PortSupport.id(request.id)
            try await app.deleteSME(id: id, expectedVersion: Int64(clamping: request.expectedVersion), by: try PortSupport.caller(context))
            return Tibs_Registry_V1_DeleteSmeResponse.with { $0.id = id }
        }

        router.unary(RegistryMethods.exportSme, access: .roles([.admin, .broker])) { (request: Tibs_Registry_V1_ExportSmeRequest, context) in
            let export = try await app.exportSME(id: try PortSupport.id(request.id), for: try context.requirePrincipal())
            return Tibs_Registry_V1_SmeExport.with {
                $0.sme = EntityMapping.proto(SMEView(sme: export.sme, contactsWithheld: false))
                $0.needs = export.needs.map(EntityMapping.need)
                $0.offers = export.offers.map(EntityMapping.offer)
                $0.surveys = export.surveys.map(SurveyMapping.proto)
                $0.exportedAt = CommonMapping.timestamp(export.exportedAt)
            }
        }

        router.unary(RegistryMethods.eraseSmePersonalData, access: .writers) { (request: Tibs_Registry_V1_EraseSmePersonalDataRequest, context) in
            let id = try PortSupport.id(request.id)
            let result = try await app.erasePersonalData(id: id, by: try PortSupport.caller(context))
            return Tibs_Registry_V1_EraseSmePersonalDataResponse.with {
                $0.id = id
                $0.contactsErased = UInt32(result.contactsErased)
                $0.version = UInt64(result.version)
            }
        }
    }
}

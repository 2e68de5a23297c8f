import Foundation
import TIBSDomain
import TIBSProto
import TIBSRPC
import TIBSServiceApp
import TIBSServiceKit

/// CreateProvider, GetProvider, UpdateProvider, ListProviders, ExportProvider, EraseProviderPersonalData.
enum ProviderHandlers {
    static func register(on router: inout RPCRouter, app: CatalogueApp) {
        router.unary(CatalogueMethods.createProvider, access: .writers) { (request: Tibs_Catalogue_V1_CreateProviderRequest, context) in
            let caller = try PortSupport.caller(context)
            let (profile, kindGiven) = CatalogueMapping.profile(request.fields)
            let created = try await PortSupport.under("fields") {
                try await app.createProvider(profile, kindGiven: kindGiven, by: caller, idempotency: try PortSupport.ticket(context, request))
            }
            return try PortSupport.answer(created, CatalogueMapping.proto)
        }

        router.unary(CatalogueMethods.getProvider, access: .authenticated) { (request: Tibs_Catalogue_V1_GetProviderRequest, context) in
            CatalogueMapping.proto(try await app.getProvider(id: try PortSupport.id(request.id), for: try context.requirePrincipal()))
        }

        router.unary(CatalogueMethods.updateProvider, access: .writers) { (request: Tibs_Catalogue_V1_UpdateProviderRequest, context) in
            let id = try PortSupport.id(request.id)
            let expected = try PortSupport.expectedVersion(request.expectedVersion)
            let caller = try PortSupport.caller(context)
            let (profile, kindGiven) = CatalogueMapping.profile(request.fields)
            let view = try await PortSupport.under("fields") {
                try await app.updateProvider(id: id, expectedVersion: expected, profile, kindGiven: kindGiven, by: caller)
            }
            return CatalogueMapping.proto(view)
        }

        router.unary(CatalogueMethods.listProviders, access: .authenticated) { (request: Tibs_Catalogue_V1_ListProvidersRequest, context) in
            var filter = ProviderFilter()
            filter.country = request.country
            filter.region = request.region
            filter.kind = CommonMapping.providerKind(request.kind)
            filter = try filter.validated(codes: app.rules.codes)
            let (page, fingerprint) = try PortSupport.page(request.page, listing: "provider", filter: filter)
            let result = try await app.listProviders(filter, page: page, for: try context.requirePrincipal())
            return Tibs_Catalogue_V1_ListProvidersResponse.with {
                $0.providers = result.items.map(CatalogueMapping.proto)
                $0.page = PortSupport.pageInfo(result, fingerprint: fingerprint)
            }
        }

        router.unary(CatalogueMethods.exportProvider, access: .roles([.admin, .broker])) { (request: Tibs_Catalogue_V1_ExportProviderRequest, context) in
            let export = try await app.exportProvider(id: try PortSupport.id(request.id), for: try context.requirePrincipal())
            return Tibs_Catalogue_V1_ProviderExport.with {
                $0.provider = CatalogueMapping.proto(ProviderView(provider: export.provider, contactsWithheld: false))
                $0.resources = export.resources.map { CatalogueMapping.proto(ResourceView(resource: $0, contactWithheld: false)) }
                $0.exportedAt = CommonMapping.timestamp(export.exportedAt)
            }
        }

        router.unary(CatalogueMethods.eraseProviderPersonalData, access: .writers) {
            (request: Tibs_Catalogue_V1_EraseProviderPersonalDataRequest, context) in
            let id = try PortSupport.id(request.id)
            let result = try await app.eraseProviderPersonalData(id: id, by: try PortSupport.caller(context))
            return Tibs_Catalogue_V1_EraseProviderPersonalDataResponse.with {
                $0.id = id
                $0.contactsErased = UInt32(result.contactsErased)
                $0.version = UInt64(result.version)
            }
        }
    }
}

import Foundation
import TIBSDomain
import TIBSProto
import TIBSRPC
import TIBSServiceApp
import TIBSServiceKit

/// CreateInstitution, GetInstitution, UpdateInstitution, ListInstitutions, EraseInstitutionPersonalData.
enum InstitutionHandlers {
    static func register(on router: inout RPCRouter, app: PolicyApp) {
        router.unary(PolicyMethods.createInstitution, access: .admins) { (request: Tibs_Policy_V1_CreateInstitutionRequest, context) in
            let caller = try PortSupport.caller(context)
            let created = try await PortSupport.under("fields") {
                try await app.createInstitution(PolicyMapping.fields(request.fields), by: caller, idempotency: try PortSupport.ticket(context, request))
            }
            return try PortSupport.answer(created, PolicyMapping.proto)
        }

        router.unary(PolicyMethods.getInstitution, access: .authenticated) { (request: Tibs_Policy_V1_GetInstitutionRequest, context) in
            PolicyMapping.proto(try await app.getInstitution(id: try PortSupport.id(request.id), for: try context.requirePrincipal()))
        }

        router.unary(PolicyMethods.updateInstitution, access: .admins) { (request: Tibs_Policy_V1_UpdateInstitutionRequest, context) in
            let id = try PortSupport.id(request.id)
            let expected = try PortSupport.expectedVersion(request.expectedVersion)
            let caller = try PortSupport.caller(context)
            let view = try await PortSupport.under("fields") {
                try await app.updateInstitution(id: id, expectedVersion: expected, PolicyMapping.fields(request.fields), by: caller)
            }
            return PolicyMapping.proto(view)
        }

        router.unary(PolicyMethods.listInstitutions, access: .authenticated) { (request: Tibs_Policy_V1_ListInstitutionsRequest, context) in
            let filter = try InstitutionFilter(country: request.country, region: request.region, kind: CommonMapping.domain(request.kind),
                                               level: CommonMapping.domain(request.level)).validated(codes: app.rules.codes)
            let (page, fingerprint) = try PortSupport.page(request.page, listing: "institution", filter: filter)
            let result = try await app.listInstitutions(filter, page: page, for: try context.requirePrincipal())
            return Tibs_Policy_V1_ListInstitutionsResponse.with {
                $0.institutions = result.items.map(PolicyMapping.proto)
                $0.page = PortSupport.pageInfo(result, fingerprint: fingerprint)
            }
        }

        router.unary(PolicyMethods.eraseInstitutionPersonalData, access: .admins) {
            (request: Tibs_Policy_V1_EraseInstitutionPersonalDataRequest, context) in
            let id = try PortSupport.id(request.id)
            let result = try await app.eraseInstitutionPersonalData(id: id, by: try PortSupport.caller(context))
            return Tibs_Policy_V1_EraseInstitutionPersonalDataResponse.with {
                $0.id = id
                $0.contactsErased = UInt32(result.contactsErased)
                $0.version = UInt64(result.version)
            }
        }
    }
}

import Foundation
import TIBSDomain
import TIBSProto
import TIBSRPC
import TIBSServiceApp
import TIBSServiceKit

/// SetRegionalStrategy, GetRegionalPriorities, ListRegionalStrategies.
enum StrategyHandlers {
    static func register(on router: inout RPCRouter, app: PolicyApp) {
        router.unary(PolicyMethods.setRegionalStrategy, access: .admins) { (request: Tibs_Policy_V1_SetRegionalStrategyRequest, context) in
            let caller = try PortSupport.caller(context)
            let created = try await PortSupport.under("fields") {
                try await app.setRegionalStrategy(PolicyMapping.input(request.fields), by: caller, idempotency: try PortSupport.ticket(context, request))
            }
            return try PortSupport.answer(created, PolicyMapping.proto)
        }

        router.unary(PolicyMethods.getRegionalPriorities, access: .authenticated) { (request: Tibs_Policy_V1_GetRegionalPrioritiesRequest, _) in
            var v = Validator()
            let region = NUTS.normalize(request.region)
            if v.require(region, field: "region") {
                _ = v.nutsFilter(region, codes: app.rules.codes, field: "region")
            }
            let date = app.rules.day(request.date, field: "date", required: false, &v)
            try v.throwIfAny()
            return PolicyMapping.proto(try await app.regionalPriorities(region: region, on: date))
        }

        router.unary(PolicyMethods.listRegionalStrategies, access: .authenticated) { (request: Tibs_Policy_V1_ListRegionalStrategiesRequest, _) in
            let filter = try StrategyFilter(region: request.region).validated(codes: app.rules.codes)
            let (page, fingerprint) = try PortSupport.page(request.page, listing: "strategy", filter: filter)
            let result = try await app.listRegionalStrategies(filter, page: page)
            return Tibs_Policy_V1_ListRegionalStrategiesResponse.with {
                $0.strategies = result.items.map(PolicyMapping.proto)
                $0.page = PortSupport.pageInfo(result, fingerprint: fingerprint)
            }
        }
    }
}

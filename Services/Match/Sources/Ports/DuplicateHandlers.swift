import TIBSDomain
import TIBSProto
import TIBSRPC
import TIBSServiceApp
import TIBSServiceKit

/// ListLikelyDuplicates: admins, brokers and analysts; paged, optionally for one country.
enum DuplicateHandlers {
    static func register(on router: inout RPCRouter, replica: MatchReplica) {
        router.unary(MatchMethods.listLikelyDuplicates, access: .roles([.admin, .broker, .analyst])) {
            (request: Tibs_Match_V1_ListLikelyDuplicatesRequest, _) in
            var v = Validator()
            let filter = DuplicateFilter(country: v.countryFilter(request.country, field: "country"))
            try v.throwIfAny()
            let (page, fingerprint) = try PortSupport.page(request.page, listing: "duplicate", filter: filter)
            let result = replica.likelyDuplicates(country: filter.country, page: page)
            return Tibs_Match_V1_ListLikelyDuplicatesResponse.with {
                $0.duplicates = result.items.map(CandidateMapping.proto)
                $0.page = PortSupport.pageInfo(result, fingerprint: fingerprint)
            }
        }
    }
}

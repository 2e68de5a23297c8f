import TIBSDomain
import TIBSIdentity
import TIBSProto
import TIBSRPC
import TIBSServiceApp
import TIBSServiceKit

/// WatchNewCandidates: a stream of the replica's alerts for one need or some regions, until the
/// client cancels. Brokers only for needs and regions in their scope (empty regions: all of
/// theirs); admins anywhere (empty: every region).
enum AlertHandlers {
    static let maxRegions = 50

    static func register(on router: inout RPCRouter, replica: MatchReplica) {
        router.serverStreaming(MatchMethods.watchNewCandidates, access: .roles([.admin, .broker])) {
            (request: Tibs_Match_V1_WatchNewCandidatesRequest, writer: ResponseWriter<Tibs_Match_V1_CandidateAlert>, context) in
            let principal = try context.requirePrincipal()
            let scope = try self.scope(request, principal: principal, replica: replica)
            let subscription = replica.alerts.subscribe(scope)
            defer { replica.alerts.unsubscribe(subscription) }
            for await alert in subscription.alerts {
                try await writer.send(CandidateMapping.proto(alert, replica: replica, principal: principal))
            }
        }
    }

    static func scope(_ request: Tibs_Match_V1_WatchNewCandidatesRequest, principal: Principal, replica: MatchReplica) throws -> AlertScope {
        let needID = TextRules.trimmed(request.needID)
        if !needID.isEmpty {
            guard request.regions.isEmpty else { throw ValidationErrors(field: "regions", "give need_id or regions, not both") }
            let need = try replica.resolveNeed(needID, field: "need_id")
            guard principal.role == .admin || principal.isInScope(region: need.nuts) else {
                throw ServiceError.permissionDenied("\(principal.role.rawValue) '\(principal.subject)' may not watch need \(need.id) of region \(need.nuts)")
            }
            return .need(need.id)
        }
        var v = Validator()
        var regions: Set<String> = []
        if v.check(request.regions.count <= maxRegions, field: "regions", "at most \(maxRegions) regions") {
            for (index, raw) in request.regions.enumerated() {
                let field = Validator.index("regions", index), code = NUTS.normalize(raw)
                if v.check(isNUTSCode(code), field: field, "must be a NUTS code") { regions.insert(code) }
            }
        }
        try v.throwIfAny()
        if principal.role == .admin { return regions.isEmpty ? .everywhere : .regions(regions) }
        if regions.isEmpty {
            guard !principal.regions.isEmpty else { throw ServiceError.permissionDenied("broker '\(principal.subject)' serves no region") }
            return .regions(Set(principal.regions.map { $0.uppercased() }))
        }
        if let outside = regions.sorted().first(where: { !principal.isInScope(region: $0) }) {
            throw ServiceError.permissionDenied("broker '\(principal.subject)' may not watch region \(outside)")
        }
        return .regions(regions)
    }

    /// Two letters, then up to three letters or digits (upper case).
    static func isNUTSCode(_ code: String) -> Bool {
        let scalars = Array(code.unicodeScalars)
        guard (2...5).contains(scalars.count) else { return false }
        return scalars.prefix(2).allSatisfy { ("A"..."Z").contains($0) } && scalars.dropFirst(2).allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
    }
}

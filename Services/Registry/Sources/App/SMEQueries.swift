import Foundation
import GRDB
import TIBSDomain
import TIBSServiceApp
import TIBSIdentity

/// Everything the registry holds on one SME (ExportSme).
public struct SMEExport: Sendable {
    public var sme: SME
    public var needs: [Posting]
    public var offers: [Posting]
    public var surveys: [Survey]
    public var exportedAt: Date
}

extension RegistryApp {
    /// The SME as `principal` may see it; NOT_FOUND when there is none.
    public func getSME(id: String, for principal: Principal) async throws -> SMEView {
        try await store.read { db in
            var sme = try requireSME(db, id)
            if AccessPolicy.maySeeContacts(of: sme.profile.region.nutsCode, principal) {
                sme.profile.contacts = try SMETable.contacts(db, smeID: id, codec: codec)
            }
            return SMEView(sme, for: principal)
        }
    }

    /// One page of SMEs matching `filter` (already validated), each as `principal` may see it.
    public func listSMEs(_ filter: SMEFilter, page: PageRequest, for principal: Principal) async throws -> Page<SMEView> {
        let result = try await store.read { db in
            try SMETable.list(db, filter: filter, page: page, codec: codec) { region in
                AccessPolicy.maySeeContacts(of: region.nutsCode, principal)
            }
        }
        return Page(items: result.items.map { SMEView($0, for: principal) }, nextAfter: result.nextAfter, total: result.total)
    }

    /// Everything held on one SME, contact persons included: for admins and the SME's
    /// region brokers only (data portability).
    public func exportSME(id: String, for principal: Principal) async throws -> SMEExport {
        let now = store.now
        return try await store.read { db in
            let sme = try requireSME(db, id, withContacts: true)
            try AccessPolicy.requireExport(sme.profile.region.nutsCode, by: principal)
            let postings = try PostingTable.all(db, smeID: id, codec: codec)
            return SMEExport(sme: sme, needs: postings.filter { $0.side == .need }, offers: postings.filter { $0.side == .offer },
                             surveys: try SurveyTable.all(db, smeID: id, codec: codec), exportedAt: now)
        }
    }
}

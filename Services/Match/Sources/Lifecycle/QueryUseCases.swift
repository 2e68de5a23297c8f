import Foundation
import GRDB
import TIBSDomain
import TIBSIdentity
import TIBSServiceApp

extension MatchLifecycleApp {
    /// One match as the caller may see it; NOT_FOUND for an unknown id.
    public func getMatch(id: String, by principal: Principal) async throws -> MatchView {
        let codec = self.codec
        guard let match = try await store.read({ db in try MatchTable.load(db, id: id, codec: codec) }) else {
            throw ServiceError.notFound(entity: "match", id: id)
        }
        return MatchDisclosure.view(match, for: principal)
    }

    /// A page of matches in id order (filters validated by the port).
    public func listMatches(_ filter: MatchListFilter, page: PageRequest, by principal: Principal) async throws -> Page<MatchView> {
        let codec = self.codec
        return try await store.read { db in try MatchTable.list(db, filter: filter, page: page, codec: codec) }
            .map { MatchDisclosure.view($0, for: principal) }
    }

    /// Open matches whose `respond_by` is before `onDate` (nil: today), the oldest deadline first,
    /// at most ``LifecycleLimits/listed``. Only matches awaiting a region within `region` (empty:
    /// a broker's own scope; other roles every region) and, with `broker`, a region that broker
    /// serves (``MatchDirectory/brokers(serving:)``).
    public func listOverdue(region: String, broker: String, onDate: CalendarDate?, by principal: Principal) async throws -> [OverdueMatch] {
        let day = onDate ?? today
        let codec = self.codec, directory = self.directory
        let matches = try await store.read { db in
            try MatchTable.overdue(db, before: day, limit: LifecycleLimits.listed, codec: codec) { match in
                guard let awaiting = match.awaiting else { return false }
                let awaited = match.region(of: awaiting)
                if !region.isEmpty { guard NUTS.contains(ancestor: region, descendant: awaited) else { return false } }
                else if principal.role == .broker { guard principal.isInScope(region: awaited) else { return false } }
                if !broker.isEmpty { return directory.brokers(serving: awaited).contains(broker) }
                return true
            }
        }
        return matches.compactMap { match in
            guard let awaiting = match.awaiting, let respondBy = match.respondBy else { return nil }
            return OverdueMatch(view: MatchDisclosure.view(match, for: principal), awaiting: awaiting, respondBy: respondBy,
                                workingDaysLate: respondBy.workingDays(through: day),
                                brokers: directory.brokers(serving: match.region(of: awaiting)))
        }
    }

    /// Follow-ups due on or before `onDate` (nil: today) and not recorded, the earliest first, at
    /// most ``LifecycleLimits/listed``; of matches with either side within `region` (empty: a
    /// broker's own scope, other roles every region).
    public func listFollowUpsDue(region: String, onDate: CalendarDate?, by principal: Principal) async throws -> [FollowUpDue] {
        let day = onDate ?? today
        let codec = self.codec
        let due = try await store.read { db in
            try MatchTable.followUpsDue(db, onOrBefore: day, limit: LifecycleLimits.listed, codec: codec) { match in
                let sides = [match.needRegion.nutsCode, match.candidate.region.nutsCode]
                if !region.isEmpty { return sides.contains { NUTS.contains(ancestor: region, descendant: $0) } }
                if principal.role == .broker { return sides.contains { principal.isInScope(region: $0) } }
                return true
            }
        }
        return due.compactMap { match, months in
            guard let followUp = match.followUps.first(where: { $0.months == months }) else { return nil }
            return FollowUpDue(matchID: match.id, months: months, dueOn: followUp.dueOn, needRegion: match.needRegion,
                               candidateRegion: match.candidate.region)
        }
    }
}

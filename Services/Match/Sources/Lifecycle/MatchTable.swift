import Foundation
import GRDB
import TIBSDomain
import TIBSServiceApp

/// Matches in SQLite (``LifecycleMigrations``). Call inside a store transaction.
enum MatchTable {
    static func save(_ db: Database, _ match: MatchRecord, record: Data, isNew: Bool) throws {
        let reached = match.reached.reduce(0) { $0 | (1 << $1.rawValue) }
        let awaitingNuts = match.awaiting.map { match.region(of: $0) }
        let columns: StatementArguments = [
            match.needID, match.smeID, match.candidate.id, match.needRegion.nutsCode, match.needRegion.country,
            match.candidate.region.nutsCode, match.candidate.region.country, match.state.rawValue, match.state.isFinal,
            awaitingNuts, match.respondBy?.dayNumber, match.proposedOn.dayNumber, match.proposedBy, reached, match.version,
            match.candidate.ownerTeaser, record, match.id,
        ]
        if isNew {
            try db.cachedStatement(sql: """
                INSERT INTO matches (need_id, sme_id, candidate_id, need_nuts, need_country, candidate_nuts, candidate_country, state,
                final, awaiting_nuts, respond_day, proposed_day, proposed_by, reached, version, owner_teaser, record, id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: columns)
        } else {
            try db.cachedStatement(sql: """
                UPDATE matches SET need_id = ?, sme_id = ?, candidate_id = ?, need_nuts = ?, need_country = ?, candidate_nuts = ?,
                candidate_country = ?, state = ?, final = ?, awaiting_nuts = ?, respond_day = ?, proposed_day = ?, proposed_by = ?,
                reached = ?, version = ?, owner_teaser = ?, record = ? WHERE id = ?
                """).execute(arguments: columns)
        }
        for followUp in match.followUps {
            try db.cachedStatement(sql: """
                INSERT INTO match_follow_ups (match_id, months, due_day, done) VALUES (?, ?, ?, ?)
                ON CONFLICT (match_id, months) DO UPDATE SET due_day = excluded.due_day, done = excluded.done
                """).execute(arguments: [match.id, followUp.months, followUp.dueOn.dayNumber, followUp.done])
        }
    }

    static func load(_ db: Database, id: String, codec: any LifecycleCoding) throws -> MatchRecord? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT id, record, owner_teaser FROM matches WHERE id = ?"),
                                         arguments: [id]) else { return nil }
        return try decode(row, codec: codec)
    }

    /// Whether the pair already has a match that is not final.
    static func hasOpen(_ db: Database, needID: String, candidateID: String) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT id FROM matches WHERE need_id = ? AND candidate_id = ? AND final = 0"),
                            arguments: [needID, candidateID])
    }

    static func list(_ db: Database, filter: MatchListFilter, page: PageRequest, codec: any LifecycleCoding) throws -> Page<MatchRecord> {
        var clauses: [String] = []
        var arguments = StatementArguments()
        if !filter.region.isEmpty {
            clauses.append("(substr(need_nuts, 1, ?) = ? OR substr(candidate_nuts, 1, ?) = ?)")
            arguments += [filter.region.count, filter.region, filter.region.count, filter.region]
        }
        if let state = filter.state { clauses.append("state = ?"); arguments += [state.rawValue] }
        if !filter.needID.isEmpty { clauses.append("need_id = ?"); arguments += [filter.needID] }
        if !filter.smeID.isEmpty { clauses.append("sme_id = ?"); arguments += [filter.smeID] }
        return try Paging.fetch(db, table: "matches", columns: "id, record, owner_teaser", clauses: clauses, arguments: arguments,
                                page: page) { try decode($0, codec: codec) }
    }

    /// Open matches whose deadline is before `day`, the oldest deadline first; `keep` filters in
    /// code (region scopes) and the answer stops at `limit`.
    static func overdue(_ db: Database, before day: CalendarDate, limit: Int, codec: any LifecycleCoding,
                        keep: (MatchRecord) -> Bool) throws -> [MatchRecord] {
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT id, record, owner_teaser FROM matches WHERE final = 0 AND respond_day < ? ORDER BY respond_day, id
            """), arguments: [day.dayNumber])
        var result: [MatchRecord] = []
        while result.count < limit, let row = try rows.next() {
            let match = try decode(row, codec: codec)
            if keep(match) { result.append(match) }
        }
        return result
    }

    /// Follow-ups not recorded and due on or before `day`, the earliest first, with their matches.
    static func followUpsDue(_ db: Database, onOrBefore day: CalendarDate, limit: Int, codec: any LifecycleCoding,
                             keep: (MatchRecord) -> Bool) throws -> [(MatchRecord, Int)] {
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT m.id, m.record, m.owner_teaser, f.months FROM match_follow_ups f JOIN matches m ON m.id = f.match_id
            WHERE f.done = 0 AND f.due_day <= ? ORDER BY f.due_day, m.id, f.months
            """), arguments: [day.dayNumber])
        var result: [(MatchRecord, Int)] = []
        while result.count < limit, let row = try rows.next() {
            let match = try decode(row, codec: codec)
            if keep(match) { result.append((match, row["months"])) }
        }
        return result
    }

    /// What the flows report counts, for every match proposed in the period.
    static func forEachProposed(_ db: Database, from: CalendarDate?, to: CalendarDate,
                                _ body: (_ needCountry: String, _ needNuts: String, _ candidateCountry: String, _ candidateNuts: String,
                                         _ proposedBy: String, _ reached: Set<MatchState>) -> Void) throws {
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT need_country, need_nuts, candidate_country, candidate_nuts, proposed_by, reached FROM matches
            WHERE proposed_day >= ? AND proposed_day <= ?
            """), arguments: [from?.dayNumber ?? Int.min, to.dayNumber])
        while let row = try rows.next() {
            let bits: Int = row["reached"]
            let reached = Set(MatchState.allCases.filter { bits & (1 << $0.rawValue) != 0 })
            body(row["need_country"], row["need_nuts"], row["candidate_country"], row["candidate_nuts"], row["proposed_by"], reached)
        }
    }

    private static func decode(_ row: Row, codec: any LifecycleCoding) throws -> MatchRecord {
        let id: String = row["id"], record: Data = row["record"], teaser: String = row["owner_teaser"]
        return try RecordCoding.decode("matches", id) { try codec.decode(record, ownerTeaser: teaser) }
    }
}

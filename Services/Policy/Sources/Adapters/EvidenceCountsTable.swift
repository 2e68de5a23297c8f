import GRDB
import TIBSDomain

/// Reads the materialised counts (`evidence_counts`, kept by ``EvidenceLedger``) for the barrier
/// report. Each query sums one period and its previous period in one pass; the filters are
/// equalities on the primary key's prefix (area, s3) and a month range, so a report touches only
/// the rows of its own area, S3 area and months (docs/policy.md).
enum EvidenceCountsTable {
    /// The sums of one area (``EvidenceFilter/area`` or an issue's region).
    static func sums(_ db: Database, area: String, filter: EvidenceFilter, period: Period) throws -> BarrierSums {
        var clauses = ["area = ?", "s3 = ?", "month BETWEEN ? AND ?"]
        var arguments: StatementArguments = [period.from.description, period.from.description,
                                             area, filter.s3Area.isEmpty ? "*" : filter.s3Area,
                                             period.previous.from.description, period.to.description]
        narrow(&clauses, &arguments, filter)
        var sums = BarrierSums()
        let sql = "SELECT barrier, SUM(CASE WHEN month >= ? THEN n ELSE 0 END), SUM(CASE WHEN month < ? THEN n ELSE 0 END) "
            + "FROM evidence_counts WHERE " + clauses.joined(separator: " AND ") + " GROUP BY barrier"
        for row in try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments) {
            sums.current[row[0]] = row[1]
            sums.previous[row[0]] = row[2]
        }
        return sums
    }

    /// The sums of every region of NUTS `level` within `area` ("" everywhere), by region code.
    static func groups(_ db: Database, within area: String, level: Int, filter: EvidenceFilter, period: Period) throws -> [String: BarrierSums] {
        var clauses = ["s3 = ?", "level = ?"]
        var arguments: StatementArguments = [period.from.description, period.from.description, filter.s3Area.isEmpty ? "*" : filter.s3Area, level]
        if !area.isEmpty {
            clauses.append("area >= ? AND area < ?")
            arguments += [area, area + "~"]
        }
        clauses.append("month BETWEEN ? AND ?")
        arguments += [period.previous.from.description, period.to.description]
        narrow(&clauses, &arguments, filter)
        var groups: [String: BarrierSums] = [:]
        let sql = "SELECT area, barrier, SUM(CASE WHEN month >= ? THEN n ELSE 0 END), SUM(CASE WHEN month < ? THEN n ELSE 0 END) "
            + "FROM evidence_counts WHERE " + clauses.joined(separator: " AND ") + " GROUP BY area, barrier"
        for row in try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments) {
            let region: String = row[0], barrier: String = row[1]
            groups[region, default: BarrierSums()].current[barrier] = row[2]
            groups[region, default: BarrierSums()].previous[barrier] = row[3]
        }
        return groups
    }

    private static func narrow(_ clauses: inout [String], _ arguments: inout StatementArguments, _ filter: EvidenceFilter) {
        if let size = filter.sizeClass { clauses.append("size_class = ?"); arguments += [size.rawValue] }
        if let stage = filter.stage { clauses.append("stage = ?"); arguments += [stage.rawValue] }
    }
}

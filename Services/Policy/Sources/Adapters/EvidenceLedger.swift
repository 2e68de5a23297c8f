import GRDB
import TIBSDomain
import TIBSServiceApp
import TIBSStore

/// The evidence the policy service holds from each followed registry (`upstream`): the facts of
/// its SMEs and surveys (`evidence_smes`, `evidence_surveys`) and the materialised counts the
/// barrier report sums (`evidence_counts`, one row per ``BarrierCountKey``).
///
/// Every function runs inside the caller's transaction and is idempotent: applying the same
/// event twice leaves the same rows. The counts change by the difference between what the old
/// facts contributed and what the new ones do, so they always equal ``recount(_:)``.
/// Counting rules (docs/policy.md): every survey counts, under its own month, country and
/// region, its own stage, and its SME's *current* size class and S3 areas; a survey whose SME is
/// not (yet) known counts with no size class and no S3 area.
public enum EvidenceLedger {
    /// Stores an SME's facts. When its size class or S3 areas change (or it arrives after its
    /// surveys), the counts of its surveys move with it.
    public static func upsertSME(_ db: Database, upstream: String, _ facts: SMEFacts) throws {
        let new = canonical(facts)
        let old = try sme(db, upstream: upstream, id: new.id)
        if old?.sizeClass != new.sizeClass || old?.s3Areas != new.s3Areas {
            var delta: [BarrierCountKey: Int] = [:]
            for survey in try surveys(db, upstream: upstream, smeID: new.id) {
                add(&delta, contributions(of: survey, sme: old), -1)
                add(&delta, contributions(of: survey, sme: new), 1)
            }
            try apply(db, delta)
        }
        try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO evidence_smes (upstream, id, country, region, size_class, s3_index) VALUES (?, ?, ?, ?, ?, ?)
            """).execute(arguments: [upstream, new.id, new.country, new.region, new.sizeClass?.rawValue, RecordCoding.index(new.s3Areas)])
    }

    /// Removes an SME and its surveys (the registry deletes an SME's surveys with it).
    public static func removeSME(_ db: Database, upstream: String, id: String) throws {
        let known = try sme(db, upstream: upstream, id: id)
        var delta: [BarrierCountKey: Int] = [:]
        for survey in try surveys(db, upstream: upstream, smeID: id) {
            add(&delta, contributions(of: survey, sme: known), -1)
        }
        try apply(db, delta)
        try db.cachedStatement(sql: "DELETE FROM evidence_surveys WHERE upstream = ? AND sme_id = ?").execute(arguments: [upstream, id])
        try db.cachedStatement(sql: "DELETE FROM evidence_smes WHERE upstream = ? AND id = ?").execute(arguments: [upstream, id])
    }

    /// Stores a survey's facts, replacing an earlier version's counts with this one's.
    public static func upsertSurvey(_ db: Database, upstream: String, _ facts: SurveyFacts) throws {
        let new = canonical(facts)
        var delta: [BarrierCountKey: Int] = [:]
        if let old = try survey(db, upstream: upstream, id: new.id) {
            add(&delta, contributions(of: old, sme: try sme(db, upstream: upstream, id: old.smeID)), -1)
        }
        add(&delta, contributions(of: new, sme: try sme(db, upstream: upstream, id: new.smeID)), 1)
        try apply(db, delta)
        try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO evidence_surveys (upstream, id, sme_id, country, region, conducted_on, month, stage, barriers)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [upstream, new.id, new.smeID, new.country, new.region, new.conductedOn.description,
                                     Month(new.conductedOn).description, new.stage?.rawValue, RecordCoding.index(new.barriers)])
    }

    /// Removes a survey and its counts; an unknown survey is no change.
    public static func removeSurvey(_ db: Database, upstream: String, id: String) throws {
        guard let old = try survey(db, upstream: upstream, id: id) else { return }
        var delta: [BarrierCountKey: Int] = [:]
        add(&delta, contributions(of: old, sme: try sme(db, upstream: upstream, id: old.smeID)), -1)
        try apply(db, delta)
        try db.cachedStatement(sql: "DELETE FROM evidence_surveys WHERE upstream = ? AND id = ?").execute(arguments: [upstream, id])
    }

    /// Removes everything held from `upstream` and its share of the counts: a resync after the
    /// registry was restored (``FeedFollower``) replays what the registry still has.
    public static func removeUpstream(_ db: Database, upstream: String) throws {
        var smes: [String: SMEFacts] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, country, region, size_class, s3_index FROM evidence_smes WHERE upstream = ?",
                                    arguments: [upstream]) {
            let facts = smeFacts(row)
            smes[facts.id] = facts
        }
        var delta: [BarrierCountKey: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT * FROM evidence_surveys WHERE upstream = ?", arguments: [upstream]) {
            let survey = try surveyFacts(row)
            add(&delta, contributions(of: survey, sme: smes[survey.smeID]), -1)
        }
        try apply(db, delta)
        try db.execute(sql: "DELETE FROM evidence_surveys WHERE upstream = ?", arguments: [upstream])
        try db.execute(sql: "DELETE FROM evidence_smes WHERE upstream = ?", arguments: [upstream])
    }

    /// The counts as the fact tables say they must be, computed from scratch (for tests and checks).
    public static func recount(_ db: Database) throws -> [BarrierCountKey: Int] {
        var smes: [String: SMEFacts] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT upstream, id, country, region, size_class, s3_index FROM evidence_smes") {
            let upstream: String = row["upstream"]
            let facts = smeFacts(row)
            smes[upstream + "\u{0}" + facts.id] = facts
        }
        var counts: [BarrierCountKey: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT * FROM evidence_surveys") {
            let upstream: String = row["upstream"]
            let survey = try surveyFacts(row)
            add(&counts, contributions(of: survey, sme: smes[upstream + "\u{0}" + survey.smeID]), 1)
        }
        return counts.filter { $0.value != 0 }
    }

    /// The materialised counts as stored (for tests and checks against ``recount(_:)``).
    public static func storedCounts(_ db: Database) throws -> [BarrierCountKey: Int] {
        var counts: [BarrierCountKey: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT area, s3, month, size_class, stage, barrier, n FROM evidence_counts") {
            counts[BarrierCountKey(area: row["area"], s3: row["s3"], sizeClass: row["size_class"], stage: row["stage"],
                                   month: row["month"], barrier: row["barrier"])] = row["n"]
        }
        return counts
    }

    /// The areas a survey counts under: everywhere, its country (NUTS prefix), then each
    /// structural prefix of its region code (`LV006` → `LV0`, `LV00`, `LV006`).
    public static func areas(country: String, region: String) -> [String] {
        let region = NUTS.normalize(region)
        let country = Countries.normalize(country)
        let top = country.isEmpty ? String(region.prefix(2)) : Countries.nutsPrefix(forISO: country)
        var areas = [""]
        if !top.isEmpty { areas.append(top) }
        if region.count > 2 {
            for length in 3...min(region.count, 5) where !areas.contains(String(region.prefix(length))) {
                areas.append(String(region.prefix(length)))
            }
        }
        return areas
    }

    // MARK: - Internals

    static func contributions(of survey: SurveyFacts, sme: SMEFacts?) -> [BarrierCountKey] {
        let month = Month(survey.conductedOn).description
        let size = sme?.sizeClass?.rawValue ?? 0
        let stage = survey.stage?.rawValue ?? 0
        var keys: [BarrierCountKey] = []
        for area in areas(country: survey.country, region: survey.region) {
            for s3 in ["*"] + (sme?.s3Areas ?? []) {
                for barrier in [""] + survey.barriers {
                    keys.append(BarrierCountKey(area: area, s3: s3, sizeClass: size, stage: stage, month: month, barrier: barrier))
                }
            }
        }
        return keys
    }

    static func add(_ delta: inout [BarrierCountKey: Int], _ keys: [BarrierCountKey], _ amount: Int) {
        for key in keys { delta[key, default: 0] += amount }
    }

    static func apply(_ db: Database, _ delta: [BarrierCountKey: Int]) throws {
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO evidence_counts (area, s3, month, size_class, stage, barrier, level, n) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (area, s3, month, size_class, stage, barrier) DO UPDATE SET n = n + excluded.n
            """)
        let prune = try db.cachedStatement(sql: """
            DELETE FROM evidence_counts WHERE area = ? AND s3 = ? AND month = ? AND size_class = ? AND stage = ? AND barrier = ? AND n <= 0
            """)
        for (key, amount) in delta where amount != 0 {
            let pk: StatementArguments = [key.area, key.s3, key.month, key.sizeClass, key.stage, key.barrier]
            try upsert.execute(arguments: pk + [key.level, amount])
            if amount < 0 { try prune.execute(arguments: pk) }
        }
    }

    static func canonical(_ facts: SMEFacts) -> SMEFacts {
        var facts = facts
        facts.country = Countries.normalize(facts.country)
        facts.region = NUTS.normalize(facts.region)
        facts.s3Areas = Array(Set(facts.s3Areas.map(S3Areas.normalize).filter { !$0.isEmpty })).sorted()
        return facts
    }

    static func canonical(_ facts: SurveyFacts) -> SurveyFacts {
        var facts = facts
        facts.country = Countries.normalize(facts.country)
        facts.region = NUTS.normalize(facts.region)
        facts.barriers = Array(Set(facts.barriers.map { TextRules.trimmed($0).lowercased() }.filter { !$0.isEmpty })).sorted()
        return facts
    }

    static func sme(_ db: Database, upstream: String, id: String) throws -> SMEFacts? {
        try Row.fetchOne(db.cachedStatement(sql: """
            SELECT id, country, region, size_class, s3_index FROM evidence_smes WHERE upstream = ? AND id = ?
            """), arguments: [upstream, id]).map(smeFacts)
    }

    static func survey(_ db: Database, upstream: String, id: String) throws -> SurveyFacts? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM evidence_surveys WHERE upstream = ? AND id = ?"),
                         arguments: [upstream, id]).map(surveyFacts)
    }

    static func surveys(_ db: Database, upstream: String, smeID: String) throws -> [SurveyFacts] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM evidence_surveys WHERE upstream = ? AND sme_id = ?"),
                         arguments: [upstream, smeID]).map(surveyFacts)
    }

    static func smeFacts(_ row: Row) -> SMEFacts {
        SMEFacts(id: row["id"], country: row["country"], region: row["region"],
                 sizeClass: (row["size_class"] as Int?).flatMap(SizeClass.init(rawValue:)), s3Areas: tokens(row["s3_index"]))
    }

    static func surveyFacts(_ row: Row) throws -> SurveyFacts {
        let id: String = row["id"]
        guard let conductedOn = CalendarDate(row["conducted_on"] as String) else {
            throw StoreError.dataLoss("evidence_surveys \(id) has no valid conducted_on")
        }
        return SurveyFacts(id: id, smeID: row["sme_id"], country: row["country"], region: row["region"], conductedOn: conductedOn,
                           stage: (row["stage"] as Int?).flatMap(InternationalisationStage.init(rawValue:)), barriers: tokens(row["barriers"]))
    }

    /// `,a,b,` → `["a", "b"]` (``RecordCoding/index(_:)`` read back).
    static func tokens(_ index: String) -> [String] {
        index.split(separator: ",").map(String.init)
    }
}

import Foundation
import GRDB
import TIBSDomain
import TIBSServiceApp

/// Needs and offers in one table (`side` tells them apart): they share every field but the
/// kinds allowed, and listing both the same way keeps the SQL in one place.
enum PostingTable {
    /// Returns the stored record, which is also the posting's feed payload.
    @discardableResult
    static func insert(_ db: Database, _ posting: Posting, codec: any RegistryCoding) throws -> Data {
        let record = try codec.encode(posting)
        try db.cachedStatement(sql: """
            INSERT INTO postings (id, side, sme_id, region, status, s3_index, version, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [posting.id, posting.side.rawValue, posting.smeID, posting.region.nutsCode,
                                     posting.fields.status.rawValue, RecordCoding.index(posting.fields.s3Areas.map(\.code)),
                                     posting.version, record])
        return record
    }

    @discardableResult
    static func update(_ db: Database, _ posting: Posting, codec: any RegistryCoding) throws -> Data {
        let record = try codec.encode(posting)
        try db.cachedStatement(sql: "UPDATE postings SET region = ?, status = ?, s3_index = ?, version = ?, record = ? WHERE id = ?")
            .execute(arguments: [posting.region.nutsCode, posting.fields.status.rawValue,
                                 RecordCoding.index(posting.fields.s3Areas.map(\.code)), posting.version, record, posting.id])
        return record
    }

    static func load(_ db: Database, id: String, side: PostingSide, codec: any RegistryCoding) throws -> Posting? {
        guard let record = try Data.fetchOne(db.cachedStatement(sql: "SELECT record FROM postings WHERE id = ? AND side = ?"),
                                             arguments: [id, side.rawValue]) else { return nil }
        return try RecordCoding.decode("postings", id) { try codec.decodePosting(record, side: side) }
    }

    /// Every posting of one SME (both sides), oldest first.
    static func all(_ db: Database, smeID: String, codec: any RegistryCoding) throws -> [Posting] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT id, side, record FROM postings WHERE sme_id = ? ORDER BY id"), arguments: [smeID])
            .map { try decode($0, codec: codec) }
    }

    private static func decode(_ row: Row, codec: any RegistryCoding) throws -> Posting {
        let record: Data = row["record"]
        let side = PostingSide(rawValue: row["side"]) ?? .need
        return try RecordCoding.decode("postings", row["id"]) { try codec.decodePosting(record, side: side) }
    }

    /// Re-stamps the region copied into every posting of an SME that moved; returns each moved
    /// posting with its new record.
    static func moveRegion(_ db: Database, smeID: String, to region: RegionRef, codec: any RegistryCoding) throws -> [(Posting, Data)] {
        var moved: [(Posting, Data)] = []
        for var posting in try all(db, smeID: smeID, codec: codec) where posting.region != region {
            posting.region = region
            moved.append((posting, try update(db, posting, codec: codec)))
        }
        return moved
    }

    static func list(_ db: Database, side: PostingSide, filter: PostingFilter, page: PageRequest,
                     codec: any RegistryCoding) throws -> Page<Posting> {
        var clauses = ["side = ?"]
        var arguments: StatementArguments = [side.rawValue]
        if !filter.smeID.isEmpty { clauses.append("sme_id = ?"); arguments += [filter.smeID] }
        if !filter.region.isEmpty { clauses.append("region LIKE ?"); arguments += [filter.region + "%"] }
        if let status = filter.status { clauses.append("status = ?"); arguments += [status.rawValue] }
        if !filter.s3Area.isEmpty { clauses.append("s3_index LIKE ?"); arguments += ["%,\(filter.s3Area),%"] }
        return try Paging.fetch(db, table: "postings", columns: "id, side, record", clauses: clauses, arguments: arguments, page: page) {
            try decode($0, codec: codec)
        }
    }
}

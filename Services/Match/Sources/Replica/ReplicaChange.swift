/// What one applied feed event does to the replica: a record stored (created, updated, erased:
/// the business data is kept) or one removed (deleted).
enum ReplicaChange: Sendable {
    case upsert(ReplicaRecord)
    case remove(ReplicaTable, id: String)

    var table: ReplicaTable {
        switch self {
        case .upsert(let record): record.table
        case .remove(let table, _): table
        }
    }

    var id: String {
        switch self {
        case .upsert(let record): record.id
        case .remove(_, let id): id
        }
    }
}

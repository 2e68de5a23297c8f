/// What absorbing some changes touched: candidates created, changed or removed, and needs
/// created or changed (alerts look at these).
struct ReplicaDelta: Sendable {
    var candidates: Set<QualifiedID> = []
    var needs: Set<QualifiedID> = []

    mutating func formUnion(_ other: ReplicaDelta) {
        candidates.formUnion(other.candidates)
        needs.formUnion(other.needs)
    }
}

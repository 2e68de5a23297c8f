/// Which needs a `WatchNewCandidates` subscriber hears about.
public enum AlertScope: Sendable, Hashable {
    /// One need.
    case need(QualifiedID)
    /// Every open need of an SME in one of these NUTS regions (sub-regions included).
    case regions(Set<String>)
    /// Every open need (admins).
    case everywhere

    func covers(_ need: NeedProfile) -> Bool {
        switch self {
        case .need(let id): need.id == id
        case .regions(let regions):
            regions.contains { need.nuts.uppercased().hasPrefix($0.uppercased()) }
        case .everywhere: true
        }
    }
}

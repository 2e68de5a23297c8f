import TIBSServiceApp

/// The match service's lifecycle feed entity ("match"); never rename a raw value.
public enum MatchEntityType: String, FeedEntityType {
    case match
}

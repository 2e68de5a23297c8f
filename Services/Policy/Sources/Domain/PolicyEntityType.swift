import TIBSServiceApp

/// The entity types of the policy service's change feed and audit log. Raw values are the feed's
/// `entity_type`: never rename one.
public enum PolicyEntityType: String, FeedEntityType {
    case institution, strategy, issue, action
}

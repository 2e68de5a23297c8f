/// The entity types of one service's change feed and audit log (registry: sme, need, offer,
/// survey, broker). The raw value is the `entity_type` followers filter on: never rename one
/// that has shipped.
public protocol FeedEntityType: RawRepresentable, Sendable, CaseIterable where RawValue == String {}

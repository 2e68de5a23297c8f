import TIBSDomain

/// What happened to one row of a bulk import (any service's).
public enum ImportOutcome: Sendable, Equatable {
    case created(id: String)
    case updated(id: String)
    /// The row equals what is stored: no new version, no feed record.
    case unchanged(id: String)
    /// Nothing of the row was written; violations name the fields (relative to the row's fields).
    case rejected([FieldViolation])
}

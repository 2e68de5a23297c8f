import TIBSDomain

/// What happened to one row of a bulk import (any service's).
public enum ImportOutcome: Sendable, Equatable {
    case created(id: String)
    case updated(id: String)
    /// Nothing of the row was written; violations name the fields (relative to the row's fields).
    case rejected([FieldViolation])
}

/// Why a followed event cannot be used (a payload that does not decode, or names another
/// entity): the event is logged, counted on the status board and skipped.
struct ReplicaRefusal: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}

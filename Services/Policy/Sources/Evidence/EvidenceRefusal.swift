/// Why a followed event could not become evidence: logged and counted, then skipped, so one
/// broken payload never stops the follower (``RegistryEvidence``).
struct EvidenceRefusal: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

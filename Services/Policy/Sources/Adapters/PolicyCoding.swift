import Foundation
import TIBSDomain

/// How the policy service's values become bytes: feed payloads, stored idempotent responses and
/// table records are one wire form (protobuf, implemented by the ports), so a write encodes each
/// value once.
public protocol PolicyCoding: Sendable {
    func payloadType(_ type: PolicyEntityType) -> String
}

import Foundation
import TIBSDomain

/// How the policy service's values become bytes: feed payloads, stored idempotent responses and
/// table records are one wire form (protobuf, implemented by the ports), so a write encodes each
/// value once.
public protocol PolicyCoding: Sendable {
    /// An institution without its contact persons (stored apart, never on the feed).
    func encode(_ institution: Institution) throws -> Data
    func encode(_ contact: ContactPerson) throws -> Data
    /// A create's answer as its caller saw it, stored for idempotent replays (erasure drops it).
    func encode(_ view: InstitutionView) throws -> Data
    func encode(_ strategy: RegionalStrategy) throws -> Data
    /// An issue without its action counts (they are counted when read).
    func encode(_ issue: PolicyIssue) throws -> Data
    /// An action without its overdue flag (it depends on the day it is read).
    func encode(_ action: InfluenceAction) throws -> Data
    func decodeInstitution(_ data: Data) throws -> Institution
    func decodeContact(_ data: Data) throws -> ContactPerson
    func decodeStrategy(_ data: Data) throws -> RegionalStrategy
    func decodeIssue(_ data: Data) throws -> PolicyIssue
    func decodeAction(_ data: Data) throws -> InfluenceAction
    func payloadType(_ type: PolicyEntityType) -> String
}

import Foundation
import SwiftProtobuf
import TIBSDomain
import TIBSProto

/// The protobuf form of the policy service's values: feed payloads, stored idempotent responses
/// and table records. Contact persons are encoded apart and never into an institution's record.
struct ProtoCodec: PolicyCoding {
    func payloadType(_ type: PolicyEntityType) -> String {
        switch type {
        case .institution: Tibs_Policy_V1_Institution.protoMessageName
        case .strategy: Tibs_Policy_V1_RegionalStrategy.protoMessageName
        case .issue: Tibs_Policy_V1_PolicyIssue.protoMessageName
        case .action: Tibs_Policy_V1_InfluenceAction.protoMessageName
        }
    }
}

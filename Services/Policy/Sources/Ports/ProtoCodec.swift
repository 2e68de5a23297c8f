import Foundation
import SwiftProtobuf
import TIBSDomain
import TIBSProto
import TIBSServiceKit

/// The protobuf form of the policy service's values: feed payloads, stored idempotent responses
/// and table records. Contact persons are encoded apart and never into an institution's record.
struct ProtoCodec: PolicyCoding {
    let codes: CodeLists

    init(codes: CodeLists = .bundled) {
        self.codes = codes
    }

    func encode(_ institution: Institution) throws -> Data {
        var copy = institution
        copy.fields.contacts = []
        return try PolicyMapping.proto(InstitutionView(institution: copy, contactsWithheld: true)).serializedBytes()
    }

    func encode(_ contact: ContactPerson) throws -> Data { try CommonMapping.proto(contact).serializedBytes() }
    func encode(_ view: InstitutionView) throws -> Data { try PolicyMapping.proto(view).serializedBytes() }
    func encode(_ strategy: RegionalStrategy) throws -> Data { try PolicyMapping.proto(strategy).serializedBytes() }
    func encode(_ issue: PolicyIssue) throws -> Data {
        var copy = issue
        copy.actions = 0
        copy.openActions = 0
        return try PolicyMapping.proto(copy, codes: codes).serializedBytes()
    }
    func encode(_ action: InfluenceAction) throws -> Data { try PolicyMapping.proto(action).serializedBytes() }

    func decodeInstitution(_ data: Data) throws -> Institution { PolicyMapping.institution(try Tibs_Policy_V1_Institution(serializedBytes: data)) }
    func decodeContact(_ data: Data) throws -> ContactPerson { CommonMapping.contact(try Tibs_Common_V1_ContactPerson(serializedBytes: data)) }
    func decodeStrategy(_ data: Data) throws -> RegionalStrategy { try PolicyMapping.strategy(try Tibs_Policy_V1_RegionalStrategy(serializedBytes: data)) }
    func decodeIssue(_ data: Data) throws -> PolicyIssue { try PolicyMapping.issue(try Tibs_Policy_V1_PolicyIssue(serializedBytes: data)) }
    func decodeAction(_ data: Data) throws -> InfluenceAction { try PolicyMapping.action(try Tibs_Policy_V1_InfluenceAction(serializedBytes: data)) }

    func payloadType(_ type: PolicyEntityType) -> String {
        switch type {
        case .institution: Tibs_Policy_V1_Institution.protoMessageName
        case .strategy: Tibs_Policy_V1_RegionalStrategy.protoMessageName
        case .issue: Tibs_Policy_V1_PolicyIssue.protoMessageName
        case .action: Tibs_Policy_V1_InfluenceAction.protoMessageName
        }
    }
}

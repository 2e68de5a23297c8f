import Foundation
import SwiftProtobuf
import TIBSDomain
import TIBSProto
import TIBSServiceApp
import TIBSServiceKit

/// The protobuf form of the registry's values: feed payloads, stored idempotent responses and
/// the records of its tables.
struct ProtoCodec: RegistryCoding {
    func encode(_ sme: SMEView) throws -> Data { try EntityMapping.proto(sme).serializedBytes() }
    func encode(_ posting: Posting) throws -> Data {
        posting.side == .need ? try EntityMapping.need(posting).serializedBytes() : try EntityMapping.offer(posting).serializedBytes()
    }
    func encode(_ survey: Survey) throws -> Data { try SurveyMapping.proto(survey).serializedBytes() }
    func encode(_ broker: Broker) throws -> Data { try SurveyMapping.proto(broker).serializedBytes() }
    func encode(_ contact: ContactPerson) throws -> Data { try EntityMapping.proto(contact).serializedBytes() }

    func decodeSME(_ data: Data) throws -> SME { EntityMapping.sme(try Tibs_Registry_V1_Sme(serializedBytes: data)) }
    func decodePosting(_ data: Data, side: PostingSide) throws -> Posting {
        switch side {
        case .need: EntityMapping.posting(try Tibs_Registry_V1_Need(serializedBytes: data))
        case .offer: EntityMapping.posting(try Tibs_Registry_V1_Offer(serializedBytes: data))
        }
    }
    func decodeSurvey(_ data: Data) throws -> Survey { SurveyMapping.survey(try Tibs_Registry_V1_Survey(serializedBytes: data)) }
    func decodeBroker(_ data: Data) throws -> Broker { SurveyMapping.broker(try Tibs_Registry_V1_Broker(serializedBytes: data)) }
    func decodeContact(_ data: Data) throws -> ContactPerson {
        EntityMapping.contact(try Tibs_Registry_V1_ContactPerson(serializedBytes: data))
    }

    func payloadType(_ type: EntityType) -> String {
        switch type {
        case .sme: Tibs_Registry_V1_Sme.protoMessageName
        case .need: Tibs_Registry_V1_Need.protoMessageName
        case .offer: Tibs_Registry_V1_Offer.protoMessageName
        case .survey: Tibs_Registry_V1_Survey.protoMessageName
        case .broker: Tibs_Registry_V1_Broker.protoMessageName
        }
    }
}

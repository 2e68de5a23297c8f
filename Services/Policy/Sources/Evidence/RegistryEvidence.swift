import GRDB
import Logging
import SwiftProtobuf
import TIBSProto
import TIBSServiceKit

/// Turns one followed registry's change events into evidence, inside the follower's batch
/// transaction (``FeedFollower/Apply``): SMEs (created, updated, erased → their facts; deleted →
/// gone with their surveys) and surveys (created, updated → their facts and coded answers;
/// deleted → gone). Other entity types are not evidence and pass.
///
/// A payload that does not decode, or decodes to something unusable (no id, no region, a date
/// that is not one), is refused: logged, counted on the status board (the upstream's
/// `refusedEvents`, metric `tibs_follower_refused_total`) and skipped, never a crash nor a
/// stuck follower.
public struct RegistryEvidence: Sendable {
    /// The feed's entity types this follows (the registry's `RegistryEntityType` raw values).
    public static let entityTypes = ["sme", "survey"]

    public let upstream: String
    let board: FollowerStatusBoard
    let logger: Logger

    public init(upstream: String, board: FollowerStatusBoard, logger: Logger) {
        self.upstream = upstream
        self.board = board
        self.logger = logger
    }

    public func apply(_ db: Database, _ event: Tibs_Common_V1_ChangeEvent) throws {
        do {
            switch (event.entityType, event.kind) {
            case ("sme", .created), ("sme", .updated), ("sme", .erased):
                let sme: Tibs_Registry_V1_Sme = try decode(event, RegistryFacts.smePayload)
                let facts = try RegistryFacts.sme(sme)
                guard facts.id == event.entityID else { throw EvidenceRefusal("payload SME \(facts.id) is not entity \(event.entityID)") }
                try EvidenceLedger.upsertSME(db, upstream: upstream, facts)
            case ("sme", .deleted):
                try SurveyAnswerTable.removeAll(db, upstream: upstream, smeID: event.entityID)
                try EvidenceLedger.removeSME(db, upstream: upstream, id: event.entityID)
            case ("survey", .created), ("survey", .updated):
                let survey: Tibs_Registry_V1_Survey = try decode(event, RegistryFacts.surveyPayload)
                let (facts, answers) = try RegistryFacts.survey(survey)
                guard facts.id == event.entityID else { throw EvidenceRefusal("payload survey \(facts.id) is not entity \(event.entityID)") }
                try EvidenceLedger.upsertSurvey(db, upstream: upstream, facts)
                try SurveyAnswerTable.replace(db, upstream: upstream, surveyID: facts.id, answers)
            case ("survey", .deleted), ("survey", .erased):
                try SurveyAnswerTable.remove(db, upstream: upstream, surveyID: event.entityID)
                try EvidenceLedger.removeSurvey(db, upstream: upstream, id: event.entityID)
            case ("sme", _), ("survey", _):
                throw EvidenceRefusal("kind \(event.kind) is not a change the evidence knows")
            default:
                return
            }
        } catch let refusal as EvidenceRefusal {
            board.recordRefusal(upstream, entityType: event.entityType)
            logger.error("refused a followed event: it is not usable evidence", metadata: [
                "upstream": "\(upstream)", "sequence": "\(event.sequence)", "entity_type": "\(event.entityType)",
                "entity_id": "\(event.entityID)", "reason": "\(refusal.description)",
            ])
        }
    }

    /// Drops every SME, survey, answer and count held from this registry, inside a resync's
    /// transaction (``FeedFollower/Reset``): the registry was restored, the replay refills them.
    public func reset(_ db: Database) throws {
        try SurveyAnswerTable.removeUpstream(db, upstream: upstream)
        try EvidenceLedger.removeUpstream(db, upstream: upstream)
    }

    private func decode<Payload: SwiftProtobuf.Message>(_ event: Tibs_Common_V1_ChangeEvent, _ payloadType: String) throws -> Payload {
        guard event.payloadType == payloadType else {
            throw EvidenceRefusal("payload type \(event.payloadType.isEmpty ? "(none)" : event.payloadType), expected \(payloadType)")
        }
        do {
            return try Payload(serializedBytes: event.payload)
        } catch {
            throw EvidenceRefusal("the payload does not decode as \(payloadType): \(error)")
        }
    }
}

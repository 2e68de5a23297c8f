import Foundation
import TIBSDomain
import TIBSProto
import TIBSServiceApp
import TIBSServiceKit

/// proto ⇄ domain for surveys and brokers.
enum SurveyMapping {
    /// The answers; `experience` and `stage` fall back to placeholders when unspecified,
    /// which the handler reports as violations.
    static func answers(_ proto: Tibs_Registry_V1_SurveyAnswers) -> SurveyAnswers {
        let codes = { (list: [Tibs_Common_V1_Code]) in list.map(CommonMapping.code) }
        return SurveyAnswers(
            conductedOn: proto.conductedOn,
            experience: CommonMapping.experience(proto.experience) ?? .none,
            stage: CommonMapping.stage(proto.stage) ?? .domesticOnly,
            successReasons: codes(proto.successReasons), successReasonsText: proto.successReasonsText,
            failureReasons: codes(proto.failureReasons), failureReasonsText: proto.failureReasonsText,
            advantages: codes(proto.advantages), advantagesText: proto.advantagesText,
            barriers: codes(proto.barriers), barriersText: proto.barriersText,
            supportUsed: proto.supportUsed.map {
                SupportUse(form: CommonMapping.code($0.form), usefulness: Int($0.usefulness), note: $0.note)
            },
            expectedSupport: codes(proto.expectedSupport), expectationsText: proto.expectationsText)
    }

    static func proto(_ answers: SurveyAnswers) -> Tibs_Registry_V1_SurveyAnswers {
        .with {
            $0.conductedOn = answers.conductedOn
            $0.experience = CommonMapping.proto(answers.experience)
            $0.stage = CommonMapping.proto(answers.stage)
            $0.successReasons = answers.successReasons.map(CommonMapping.proto)
            $0.successReasonsText = answers.successReasonsText
            $0.failureReasons = answers.failureReasons.map(CommonMapping.proto)
            $0.failureReasonsText = answers.failureReasonsText
            $0.advantages = answers.advantages.map(CommonMapping.proto)
            $0.advantagesText = answers.advantagesText
            $0.barriers = answers.barriers.map(CommonMapping.proto)
            $0.barriersText = answers.barriersText
            $0.supportUsed = answers.supportUsed.map { use in
                .with { $0.form = CommonMapping.proto(use.form); $0.usefulness = UInt32(use.usefulness); $0.note = use.note }
            }
            $0.expectedSupport = answers.expectedSupport.map(CommonMapping.proto)
            $0.expectationsText = answers.expectationsText
        }
    }

    static func proto(_ survey: Survey) -> Tibs_Registry_V1_Survey {
        .with {
            $0.id = survey.id
            $0.smeID = survey.smeID
            $0.region = CommonMapping.proto(survey.region)
            $0.answers = proto(survey.answers)
            $0.recordedBy = survey.recordedBy
            $0.recordedAt = CommonMapping.timestamp(survey.recordedAt)
        }
    }

    static func survey(_ proto: Tibs_Registry_V1_Survey) -> Survey {
        Survey(id: proto.id, smeID: proto.smeID, region: CommonMapping.region(proto.region), answers: answers(proto.answers),
               recordedBy: proto.recordedBy, recordedAt: proto.recordedAt.date)
    }

    static func broker(_ proto: Tibs_Registry_V1_Broker) -> Broker {
        Broker(id: proto.id,
               profile: BrokerProfile(subject: proto.subject, displayName: proto.displayName, organisation: proto.organisation,
                                      email: proto.email, regions: proto.regions.map(CommonMapping.region)),
               createdAt: proto.createdAt.date)
    }

    static func profile(_ request: Tibs_Registry_V1_RegisterBrokerRequest) -> BrokerProfile {
        BrokerProfile(subject: request.subject, displayName: request.displayName, organisation: request.organisation,
                      email: request.email, regions: request.regions.map(CommonMapping.region))
    }

    static func proto(_ broker: Broker) -> Tibs_Registry_V1_Broker {
        .with {
            $0.id = broker.id
            $0.subject = broker.profile.subject
            $0.displayName = broker.profile.displayName
            $0.organisation = broker.profile.organisation
            $0.email = broker.profile.email
            $0.regions = broker.profile.regions.map(CommonMapping.proto)
            $0.createdAt = CommonMapping.timestamp(broker.createdAt)
        }
    }
}

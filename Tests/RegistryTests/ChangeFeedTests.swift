import Foundation
import Testing
import TIBSIdentity
import TIBSProto
import TIBSRegistry
import TIBSRPC
import TIBSTestSupport

@Suite struct RegistryChangeFeedTests {
    @Test func everyMutationAppearsOnWatchChangesInCommitOrder() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            let broker: Tibs_Registry_V1_Broker = try await admin.unary(RegistryMethods.registerBroker, Tibs_Registry_V1_RegisterBrokerRequest.with {
                $0.subject = "anna@vidzeme"; $0.displayName = "Anna Ozola"; $0.regions = [Fixtures.region("LV", "LV008")]
            })
            let sme: Tibs_Registry_V1_Sme = try await admin.unary(RegistryMethods.createSme, Tibs_Registry_V1_CreateSmeRequest.with { $0.fields = Fixtures.sme() })
            var fields = sme.fields
            fields.assignedBrokerID = broker.id
            let _: Tibs_Registry_V1_Sme = try await admin.unary(RegistryMethods.updateSme, Tibs_Registry_V1_UpdateSmeRequest.with {
                $0.id = sme.id; $0.expectedVersion = 1; $0.fields = fields
            })
            let need: Tibs_Registry_V1_Need = try await admin.unary(RegistryMethods.addNeed, Tibs_Registry_V1_AddNeedRequest.with {
                $0.smeID = sme.id; $0.fields = Fixtures.need()
            })
            let offer: Tibs_Registry_V1_Offer = try await admin.unary(RegistryMethods.addOffer, Tibs_Registry_V1_AddOfferRequest.with {
                $0.smeID = sme.id; $0.fields = Fixtures.offer()
            })
            let survey: Tibs_Registry_V1_Survey = try await admin.unary(RegistryMethods.recordSurvey, Tibs_Registry_V1_RecordSurveyRequest.with {
                $0.smeID = sme.id; $0.answers = Fixtures.survey()
            })
            let _: Tibs_Registry_V1_EraseSmePersonalDataResponse = try await admin.unary(RegistryMethods.eraseSmePersonalData, Tibs_Registry_V1_EraseSmePersonalDataRequest.with { $0.id = sme.id })

            let follower = try registry.client(.service)
            let events = try await follower.serverStreaming(RegistryMethods.watchChanges, Tibs_Common_V1_WatchChangesRequest()) {
                (stream: ResponseStream<Tibs_Common_V1_ChangeEvent>) in
                var events: [Tibs_Common_V1_ChangeEvent] = []
                for try await event in stream {
                    events.append(event)
                    if events.count == 7 { break }
                }
                return events
            }
            #expect(events.map(\.sequence) == Array(1...7))
            #expect(events.map { "\($0.entityType) \($0.kind)" } == [
                "broker created", "sme created", "sme updated", "need created", "offer created", "survey created", "sme erased",
            ])
            #expect(events.map(\.entityID) == [broker.id, sme.id, sme.id, need.id, offer.id, survey.id, sme.id])
            #expect(events[3].payloadType == "tibs.registry.v1.Need")
            #expect(try Tibs_Registry_V1_Need(serializedBytes: events[3].payload) == need)
            #expect(events.allSatisfy { $0.actor == "admin-tester" && !$0.requestID.isEmpty })
            await follower.close()
            await admin.close()
        }
    }
}

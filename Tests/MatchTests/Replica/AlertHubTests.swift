import Foundation
import Testing
import TIBSDomain
@testable import TIBSMatch

/// The hub's delivery rules: scopes decide who hears what; a full buffer drops the oldest and counts it.
@Suite struct AlertHubTests {
    func alert(_ need: String, nuts: String, candidate: String) -> CandidateAlert {
        let needProfile = NeedProfile(id: QualifiedID(upstream: "registry-lv", id: need), smeID: QualifiedID(upstream: "registry-lv", id: "sme"),
                                      text: MatchText(title: "Need \(need)"), country: String(nuts.prefix(2)), nuts: nuts)
        let profile = CandidateProfile(id: QualifiedID(upstream: "catalogue-fi", id: candidate), kind: .resource,
                                       ownerID: QualifiedID(upstream: "catalogue-fi", id: "provider"), ownerName: "Provider",
                                       text: MatchText(title: candidate), country: "FI", nuts: "FI1C4")
        var parts = ScoreParts()
        parts.total = 0.5
        return CandidateAlert(need: needProfile, scored: ScoredCandidate(candidate: profile, parts: parts, matchedTerms: []), rank: 1,
                              detectedAt: Date(timeIntervalSince1970: 0), upstreamSequence: 7)
    }

    @Test func aSlowSubscriberLosesTheOldestAndIsToldHowMany() async {
        let hub = AlertHub(bufferLimit: 3)
        let subscription = hub.subscribe(.everywhere)
        hub.publish((1...5).map { alert("n", nuts: "LV006", candidate: "c\($0)") })
        #expect(hub.dropped(subscription) == 2)
        hub.unsubscribe(subscription)
        var received: [String] = []
        for await alert in subscription.alerts { received.append(alert.scored.candidate.id.id) }
        #expect(received == ["c3", "c4", "c5"])
        #expect(hub.subscriberCount == 0)
    }

    @Test func scopesDecideWhoHearsWhat() async {
        let hub = AlertHub()
        let riga = hub.subscribe(.regions(["LV00"])), one = hub.subscribe(.need(QualifiedID(upstream: "registry-lv", id: "n2")))
        #expect(Set(hub.scopes()) == [.regions(["LV00"]), .need(QualifiedID(upstream: "registry-lv", id: "n2"))])
        hub.publish([alert("n1", nuts: "LV006", candidate: "a"), alert("n2", nuts: "LT011", candidate: "b"), alert("n3", nuts: "LV008", candidate: "c")])
        hub.unsubscribe(riga)
        hub.unsubscribe(one)
        var inRiga: [String] = [], forOne: [String] = []
        for await alert in riga.alerts { inRiga.append(alert.scored.candidate.id.id) }
        for await alert in one.alerts { forOne.append(alert.scored.candidate.id.id) }
        #expect(inRiga == ["a", "c"])
        #expect(forOne == ["b"])
    }

    @Test func aCancelledSubscriberStopsAndLeavesTheHub() async throws {
        let hub = AlertHub()
        let subscription = hub.subscribe(.everywhere)
        let reader = Task {
            var count = 0
            for await _ in subscription.alerts { count += 1 }
            return count
        }
        reader.cancel()
        #expect(await reader.value == 0)
        #expect(hub.subscriberCount == 0)
    }
}

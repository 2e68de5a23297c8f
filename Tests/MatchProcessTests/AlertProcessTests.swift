import Foundation
import Testing
import TIBSProto
import TIBSRPC
import TIBSTestSupport

/// Alerts through the real tibs-match over TLS: a `WatchNewCandidates` stream for one need and
/// one for the broker's regions get the resource published upstream that fits the need, with its
/// score parts; one published before it that scores under `--alert-threshold` raises no alert
/// (the streams are ordered by applied sequence, so it would have come first).
@Suite(.serialized) struct AlertProcessTests {
    static let threshold = 0.3

    @Test func aFittingResourceIsAlertedOnBothStreamsAndOneUnderTheThresholdIsNot() async throws {
        let (system, (lv, need, provider, local)) = try await MatchSystem.start(matchArguments: ["--alert-threshold", String(Self.threshold)]) { writer in
            let (lv, need, provider) = try await writer.latvianNeedAndDanishProvider()
            let local = try await writer.createProvider(2, country: "LV", nuts: "LV008")
            return (lv, need, provider, local)
        }
        // The need is known once the replica has synced: the streams open after that.
        try await system.waitUntilServing()
        let broker = try system.matchClient(.broker, regions: ["LV008"], subject: "broker-lv")
        let needWatch = AlertWatch.open(broker, .with { $0.needID = "registry/" + need.id })
        let regionWatch = AlertWatch.open(broker, Tibs_Match_V1_WatchNewCandidatesRequest())
        do {
            // Nothing tells when the server has subscribed a stream: fitting primers are published
            // until each stream has got one, each only once the replica applied the one before.
            var primers: Set<String> = []
            while needWatch.alerts.isEmpty || regionWatch.alerts.isEmpty {
                guard primers.count < 20 else {
                    throw ProcessTestError("no alert for \(primers.count) fitting primers; need stream \(needWatch.status), region stream \(regionWatch.status); "
                                           + "scores: \(try await system.findMatches(sme: lv.id).needs.first?.candidates.map(\.score.total) ?? [])")
                }
                let primer = try await system.writer.publishResource(provider.id, title: "LoRaWAN water meter primer \(primers.count)")
                primers.insert("catalogue/" + primer.id)
                try await system.waitForMatches(sme: lv.id, "the primer to be applied") { answer in
                    MatchProcessTests.candidates(answer, need: need.id)?.contains("catalogue/" + primer.id) ?? false
                }
            }
            try await regionWatch.waitUntil("a primer's alert on the region stream") { !$0.isEmpty }

            // Same country, other S3 area, one shared word ("water"): scored, but under the threshold.
            let unfit = try await system.writer.publishResource(local.id, title: "Bakery oven rental") {
                $0.description_p = "Industrial bakery ovens and proofing rooms for bread and pastry trials, "
                    + "rented by the day to bakeries that test new recipes before a production run; water and power included."
                $0.keywords = ["bakery", "ovens", "pastry"]
                $0.s3Areas = [.with { $0.code = "bioeconomy" }]
            }
            let fit = try await system.writer.publishResource(provider.id, title: "LoRaWAN water meter test-bed")
            let known = primers
            for (name, watch) in [("need", needWatch), ("region", regionWatch)] {
                let alerts = try await watch.waitUntil("the fitting resource's alert on the \(name) stream") { alerts in
                    alerts.contains { $0.candidate.id == "catalogue/" + fit.id }
                }
                let fresh = alerts.filter { !known.contains($0.candidate.id) }
                #expect(fresh.first?.candidate.id == "catalogue/" + fit.id, "\(name): the first new alert is the fitting one: \(fresh.map(\.candidate.id))")
                #expect(!alerts.contains { $0.candidate.id == "catalogue/" + unfit.id }, "\(name): no alert for the resource under the threshold")
                let alert = try #require(fresh.first)
                #expect(alert.needID == "registry/" + need.id && alert.needTitle == need.fields.title)
                #expect(alert.candidate.upstream == "catalogue" && alert.candidate.kind == .resource && alert.candidate.region.country == "DK")
                #expect(alert.candidate.score.total >= Self.threshold && alert.candidate.score.textRelevance > 0, "\(alert.candidate.score)")
                #expect(alert.candidate.score.crossBorder == 1 && alert.candidate.score.s3Overlap == 1)
                #expect(alert.upstreamSequence > 0 && alert.detectedAt.seconds > 0)
                let sequences = alerts.map(\.upstreamSequence)
                #expect(sequences == sequences.sorted(), "\(name): ordered by applied sequence")
            }
            // The unfit resource was scored (it shares a word), only under the threshold.
            let answer = try await system.waitForMatches(sme: lv.id, "both resources to be candidates") { answer in
                MatchProcessTests.candidates(answer, need: need.id)?.contains("catalogue/" + fit.id) ?? false
            }
            let scored = answer.needs.first { $0.needID == "registry/" + need.id }?.candidates.first { $0.id == "catalogue/" + unfit.id }
            let under = try #require(scored, "the resource sharing one word is a candidate")
            #expect(under.score.total < Self.threshold && under.score.textRelevance > 0, "\(under.score)")
        } catch {
            await needWatch.cancel(); await regionWatch.cancel(); await broker.close()
            await system.stop()
            throw error
        }
        await needWatch.cancel(); await regionWatch.cancel(); await broker.close()
        await system.stop()
    }
}

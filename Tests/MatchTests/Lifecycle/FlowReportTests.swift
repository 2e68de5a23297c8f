import Testing
import TIBSDomain
import TIBSMatch

/// Four matches in March and one in February; every number below is counted by hand from them.
@Suite struct FlowReportTests {
    @Test func flowsAndCumulativeFunnels() async throws {
        try await Lifecycle.withApp(clock: DayClock("2026-02-02")) { app, clock in
            _ = try await Lifecycle.propose(app, candidate: "catalogue-ee/gen-old", by: Lifecycle.brokerLV)
            clock.set("2026-03-02")
            // m1 LV006 → LT011: agreement.  m2 LV006 → EE001: declined.  m3 LV006 → EE001 (admin): closed after the introduction.
            // m4 LT011 → LV006 (broker-lt): shortlisted.
            _ = try await Lifecycle.walk(app, try await Lifecycle.propose(app, candidate: FixedDirectory.offerID, by: Lifecycle.brokerLV), to: .agreement)
            _ = try await Lifecycle.walk(app, try await Lifecycle.propose(app, candidate: "catalogue-ee/gen-a", by: Lifecycle.brokerLV), to: .declined)
            _ = try await Lifecycle.walk(app, try await Lifecycle.propose(app, candidate: "catalogue-ee/gen-b", by: Lifecycle.admin),
                                         to: .closedWithoutAgreement)
            _ = try await Lifecycle.walk(app, try await Lifecycle.propose(app, need: FixedDirectory.otherNeedID, candidate: FixedDirectory.localResourceID,
                                                                          by: Lifecycle.brokerLT), to: .shortlisted)

            let march = try await app.flowReport(FlowReportRequest(from: CalendarDate("2026-03-01"), to: app.today, regionLevel: 3))
            #expect(march.flows == [RegionFlow(fromRegion: "LT011", toRegion: "LV006", matches: 1),
                                    RegionFlow(fromRegion: "LV006", toRegion: "EE001", matches: 2, introductions: 1),
                                    RegionFlow(fromRegion: "LV006", toRegion: "LT011", matches: 1, introductions: 1, agreements: 1)])
            let total = march.total
            #expect([total[.proposed], total[.shortlisted], total[.introduced], total[.inDiscussion], total[.agreement],
                     total[.closedWithoutAgreement], total[.declined]] == [4, 3, 2, 1, 1, 1, 1])
            let lv = march.regionFunnelsByKey["LV006"] ?? FunnelCounts()
            #expect([lv[.proposed], lv[.shortlisted], lv[.introduced], lv[.agreement], lv[.declined]] == [3, 2, 2, 1, 1])
            #expect(march.regionFunnelsByKey["LT011"]?[.shortlisted] == 1)
            let brokerLV = march.brokerFunnelsByKey["broker-lv"] ?? FunnelCounts()
            #expect([brokerLV[.proposed], brokerLV[.shortlisted], brokerLV[.agreement], brokerLV[.declined]] == [2, 1, 1, 1])
            #expect(march.brokerFunnels.map(\.0) == ["admin-1", "broker-lt", "broker-lv"])
            #expect(march.brokerFunnelsByKey["admin-1"]?[.closedWithoutAgreement] == 1)

            // Countries, and the whole history: the February match joins LV → EE.
            let all = try await app.flowReport(FlowReportRequest(from: nil, to: app.today, regionLevel: 0))
            #expect(all.flows.map { "\($0.fromRegion)>\($0.toRegion):\($0.matches)/\($0.introductions)/\($0.agreements)" }
                    == ["LT>LV:1/0/0", "LV>EE:3/1/0", "LV>LT:1/1/1"])
            // A period before anything was proposed.
            let empty = try await app.flowReport(FlowReportRequest(from: CalendarDate("2025-01-01"), to: CalendarDate(year2026March: 1).adding(days: -61), regionLevel: 2))
            #expect(empty.flows.isEmpty && empty.total[.proposed] == 0)
        }
    }
}

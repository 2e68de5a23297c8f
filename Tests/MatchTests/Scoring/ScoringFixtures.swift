import TIBSDomain
import TIBSMatch

/// Small builders for the scoring tests: every field the test does not name is neutral.
enum ScoringFixtures {
    static let day = CalendarDate("2026-06-15")!  // reason: a literal valid date

    static func id(_ text: String) -> QualifiedID { QualifiedID(upstream: "test", id: text) }

    static func candidate(_ name: String, title: String, description: String = "", keywords: [String] = [],
                          kind: CandidateKind = .resource, owner: String? = nil, s3: [String] = [], nace: [String] = [],
                          country: String = "DE", nuts: String = "DE300", trl: ClosedRange<Int>? = nil,
                          access: AccessScope = .transnational, eligible: [String] = [], opensOn: String? = nil,
                          closesOn: String? = nil, capacity: Bool = false, stage: Int = 0) -> CandidateProfile {
        CandidateProfile(id: id(name), kind: kind, ownerID: id(owner ?? "owner-\(name)"), ownerName: "Owner \(name)",
                         text: MatchText(title: title, description: description, keywords: keywords), s3Areas: s3, naceCodes: nace,
                         country: country, nuts: nuts, trlMin: trl?.lowerBound, trlMax: trl?.upperBound, access: access,
                         eligibleCountries: eligible, opensOn: opensOn.flatMap(CalendarDate.init),
                         closesOn: closesOn.flatMap(CalendarDate.init), capacityStated: capacity, ownerStage: stage)
    }

    static func need(title: String, description: String = "", keywords: [String] = [], sme: String = "sme-1",
                     s3: [String] = [], nace: [String] = [], trl: Int = 0, country: String = "LV", nuts: String = "LV006",
                     stage: Int = 0, isOpen: Bool = true) -> NeedProfile {
        NeedProfile(id: id("need-1"), smeID: id(sme), text: MatchText(title: title, description: description, keywords: keywords),
                    s3Areas: s3, naceCodes: nace, trl: trl, country: country, nuts: nuts, smeStage: stage, isOpen: isOpen)
    }

    static func index(_ candidates: [CandidateProfile]) -> MatchIndex {
        var index = MatchIndex()
        for candidate in candidates { index.upsert(candidate) }
        return index
    }

    static let noPriorities: PriorityLookup = { _, _ in nil }

    static func filters(kinds: Set<CandidateKind> = [], countries: Set<String> = [], transnationalOnly: Bool = false,
                        minTRL: Int = 0, limit: Int = 20) -> MatchFilters {
        MatchFilters(kinds: kinds, countries: countries, transnationalOnly: transnationalOnly, minTRL: minTRL, limit: limit, onDate: day)
    }
}

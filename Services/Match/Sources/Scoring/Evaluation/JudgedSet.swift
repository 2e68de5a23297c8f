import Foundation
import TIBSDomain

/// The hand-written judged set (Services/Match/Evaluation/judged-set.json): candidates across
/// six countries, regional S3 priorities, and needs with the broker's judgements. Scoring changes
/// are measured on it (``RankingEvaluation``), not assumed.
public struct JudgedSet: Sendable {
    public var onDate: CalendarDate
    public var candidates: [CandidateProfile]
    public var needs: [JudgedNeed]
    public var priorities: [RegionPriorities]

    /// Reads and checks a judged-set file.
    public init(contentsOf url: URL) throws {
        try self.init(data: Data(contentsOf: url))
    }

    /// Reads and checks judged-set JSON: every date a real day, every kind and access scope
    /// known, ids unique, every judged id a candidate of the set.
    public init(data: Data) throws {
        let file = try JSONDecoder().decode(File.self, from: data)
        guard let onDate = CalendarDate(file.onDate) else { throw JudgedSetError.invalidDate(field: "onDate", value: file.onDate) }
        let upstream = file.upstream
        func qualified(_ id: String) -> QualifiedID { QualifiedID(upstream: upstream, id: id) }
        func date(_ text: String?, _ field: String) throws -> CalendarDate? {
            guard let text else { return nil }
            guard let day = CalendarDate(text) else { throw JudgedSetError.invalidDate(field: field, value: text) }
            return day
        }
        var seen = Set<String>()
        var candidates: [CandidateProfile] = []
        for raw in file.candidates {
            guard seen.insert(raw.id).inserted else { throw JudgedSetError.duplicateID(raw.id) }
            guard let kind = Self.kinds[raw.kind] else { throw JudgedSetError.invalidValue(field: "\(raw.id).kind", value: raw.kind) }
            guard let access = Self.scopes[raw.access] else { throw JudgedSetError.invalidValue(field: "\(raw.id).access", value: raw.access) }
            candidates.append(CandidateProfile(
                id: qualified(raw.id), kind: kind, ownerID: qualified(raw.owner), ownerName: raw.ownerName,
                text: MatchText(title: raw.title, description: raw.description, keywords: raw.keywords),
                s3Areas: raw.s3, naceCodes: raw.nace, country: raw.country, nuts: raw.nuts, trlMin: raw.trlMin, trlMax: raw.trlMax,
                access: access, eligibleCountries: raw.eligible, opensOn: try date(raw.opensOn, "\(raw.id).opensOn"),
                closesOn: try date(raw.closesOn, "\(raw.id).closesOn"), capacityStated: raw.capacity, ownerStage: raw.stage))
        }
        var needs: [JudgedNeed] = []
        for raw in file.needs {
            guard seen.insert(raw.id).inserted else { throw JudgedSetError.duplicateID(raw.id) }
            for judged in raw.relevant + raw.wrong where !file.candidates.contains(where: { $0.id == judged }) {
                throw JudgedSetError.unknownCandidate(need: raw.id, candidate: judged)
            }
            let need = NeedProfile(
                id: qualified(raw.id), smeID: qualified(raw.sme),
                text: MatchText(title: raw.title, description: raw.description, keywords: raw.keywords),
                s3Areas: raw.s3, naceCodes: raw.nace, wantedCountries: raw.wantedCountries, trl: raw.trl,
                country: raw.country, nuts: raw.nuts, smeStage: raw.stage)
            needs.append(JudgedNeed(need: need, relevant: raw.relevant.map(qualified), wrong: raw.wrong.map(qualified)))
        }
        self.onDate = onDate
        self.candidates = candidates
        self.needs = needs
        self.priorities = file.priorities.map { RegionPriorities(region: $0.region, weights: $0.weights) }
    }

    /// An index holding every candidate of the set.
    public func index() -> MatchIndex {
        var index = MatchIndex()
        for candidate in candidates { index.upsert(candidate) }
        return index
    }

    /// The priorities of the longest listed region that is a prefix of the NUTS code (the
    /// nearest enclosing region with a strategy); the set's priorities hold on every day.
    public var priorityLookup: PriorityLookup {
        let regions = priorities.sorted { $0.region.count > $1.region.count }
        return { nuts, _ in regions.first { nuts.hasPrefix($0.region) } }
    }

    private static let kinds: [String: CandidateKind] = ["resource": .resource, "programme": .supportProgramme, "offer": .partnerOffer]
    private static let scopes: [String: AccessScope] = ["regional": .regional, "national": .national, "transnational": .transnational]

    private struct File: Decodable {
        var onDate: String
        var upstream: String
        var priorities: [Priorities]
        var candidates: [Candidate]
        var needs: [Need]
    }

    private struct Priorities: Decodable {
        var region: String
        var weights: [String: Double]
    }

    private struct Candidate: Decodable {
        var id, kind, owner, ownerName, country, nuts, title, description, access: String
        var keywords, s3, nace, eligible: [String]
        var capacity: Bool
        var stage: Int
        var trlMin, trlMax: Int?
        var opensOn, closesOn: String?
    }

    private struct Need: Decodable {
        var id, sme, country, nuts, title, description: String
        var stage, trl: Int
        var keywords, s3, nace, wantedCountries, relevant, wrong: [String]
    }
}

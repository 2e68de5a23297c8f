import TIBSDomain

/// The in-memory index FindMatches ranks from: the replica builds it from its database and keeps
/// it current after every applied batch (it holds it behind a lock and ranks under the lock).
///
/// Posting lists by term, S3 area and NACE division find the candidates worth scoring: only a
/// candidate sharing at least one of those with the need is scored, so one sharing none (text
/// relevance, S3 overlap and division fit all 0) never appears. A bounded heap keeps the best
/// `limit`. Replaced or removed candidates leave dead slots that queries skip; the postings are
/// rebuilt once dead slots exceed both 1,024 and the live count (amortised, under the caller's lock).
public struct MatchIndex: Sendable {
    private struct Posting: Sendable {
        var slot: Int32
        var frequency: Float
    }

    private struct Entry: Sendable {
        var profile: CandidateProfile
        /// Term ids, ascending.
        var terms: [Int32]
        var length: Double
        var s3Areas: [String]
        var divisions: [String]
    }

    private var entries: [Entry?] = []
    /// Weighted document length by slot; -1 for a dead slot (read in the scoring loop).
    private var lengths: [Double] = []
    private var slots: [QualifiedID: Int32] = [:]
    private var vocabulary: [String: Int32] = [:]
    private var postings: [[Posting]] = []
    private var documentFrequency: [Int] = []
    private var s3Postings: [String: [Int32]] = [:]
    private var divisionPostings: [String: [Int32]] = [:]
    private var totalLength = 0.0
    private var deadSlots = 0

    public init() {}

    /// Matchable candidates held.
    public var count: Int { slots.count }

    public func candidate(_ id: QualifiedID) -> CandidateProfile? {
        slots[id].flatMap { entries[Int($0)]?.profile }
    }

    /// Adds or replaces a matchable candidate.
    public mutating func upsert(_ candidate: CandidateProfile) {
        if let slot = slots[candidate.id] { kill(slot) }
        let analyzed = AnalyzedText(candidate.text)
        var terms: [(id: Int32, frequency: Double)] = []
        terms.reserveCapacity(analyzed.frequencies.count)
        for (term, frequency) in analyzed.frequencies {
            let id: Int32
            if let known = vocabulary[term] {
                id = known
            } else {
                id = Int32(postings.count)
                vocabulary[term] = id
                postings.append([])
                documentFrequency.append(0)
            }
            terms.append((id, frequency))
        }
        terms.sort { $0.id < $1.id }
        let slot = Int32(entries.count)
        for term in terms {
            postings[Int(term.id)].append(Posting(slot: slot, frequency: Float(term.frequency)))
            documentFrequency[Int(term.id)] += 1
        }
        let s3Areas = Array(Set(candidate.s3Areas)).sorted()
        let divisions = Array(Set(candidate.naceCodes.compactMap(NACEProximity.division))).sorted()
        for area in s3Areas { s3Postings[area, default: []].append(slot) }
        for division in divisions { divisionPostings[division, default: []].append(slot) }
        entries.append(Entry(profile: candidate, terms: terms.map(\.id), length: analyzed.length, s3Areas: s3Areas, divisions: divisions))
        lengths.append(analyzed.length)
        slots[candidate.id] = slot
        totalLength += analyzed.length
    }

    /// Removes a candidate that is no longer matchable (retired, withdrawn, deleted).
    public mutating func remove(_ id: QualifiedID) {
        guard let slot = slots[id] else { return }
        kill(slot)
        if deadSlots > max(1024, slots.count) { compact() }
    }

    /// The need's candidates, best first (ties by id), at most `filters.limit`, never the need's own SME.
    public func rank(_ need: NeedProfile, filters: MatchFilters, weights: ScoreWeights, priorities: PriorityLookup) -> [ScoredCandidate] {
        guard need.isOpen, filters.limit > 0, !slots.isEmpty else { return [] }
        let query = makeQuery(need)
        var (text, touched) = textScores(query)
        let best = bestReachable(text, touched, need: need, on: filters.onDate)
        func touch(_ slot: Int32) {
            if text[Int(slot)] < 0, lengths[Int(slot)] >= 0 {
                text[Int(slot)] = 0
                touched.append(slot)
            }
        }
        for area in Set(need.s3Areas) { for slot in s3Postings[area] ?? [] { touch(slot) } }
        for division in Set(need.naceCodes.compactMap(NACEProximity.division)) {
            for slot in divisionPostings[division] ?? [] { touch(slot) }
        }

        let smeRegion = priorities(need.nuts, filters.onDate)
        var regions: [String: RegionPriorities?] = [:]
        let others = [weights.s3Overlap, weights.naceFit, weights.crossBorder, weights.s3Priority, weights.trlStageFit, weights.availability]
        let prunable = weights.textRelevance >= 0 && others.allSatisfy { $0 >= 0 }
        let othersCeiling = others.reduce(0, +)
        var top = TopCandidates(limit: filters.limit)
        var scored: [Int32: ScoreParts] = [:]
        for slot in touched {
            guard let entry = entries[Int(slot)] else { continue }
            let relevance = TextQuery.relevance(text[Int(slot)], best: best)
            if prunable, let floor = top.floor, weights.textRelevance * relevance + othersCeiling < floor { continue }
            let candidate = entry.profile
            guard CandidateRules.admits(candidate, for: need, filters: filters) else { continue }
            let candidateRegion: RegionPriorities?
            if let known = regions[candidate.nuts] {
                candidateRegion = known
            } else {
                candidateRegion = priorities(candidate.nuts, filters.onDate)
                regions[candidate.nuts] = candidateRegion
            }
            let parts = StructuredScore.parts(need: need, candidate: candidate, textRelevance: relevance,
                                              candidateRegion: candidateRegion, smeRegion: smeRegion, weights: weights)
            let floorBefore = top.floor
            top.offer(total: parts.total, id: candidate.id, slot: slot)
            if floorBefore == nil || parts.total >= (floorBefore ?? 0) { scored[slot] = parts }
        }
        return top.sorted().compactMap { item in
            guard let entry = entries[Int(item.slot)], let parts = scored[item.slot] else { return nil }
            return ScoredCandidate(candidate: entry.profile, parts: parts, matchedTerms: matchedTerms(query, entry.terms))
        }
    }

    /// One candidate's score for a need (alerts score the candidate an event created); nil when
    /// the need is closed, a rule or filter excludes it, or it shares no term, S3 area or NACE
    /// division with the need. Text relevance uses this index's statistics and is relative to the
    /// best reachable indexed match (or this candidate's, when better), so it walks the need's
    /// posting lists once: a candidate already upserted scores exactly as `rank` answers it.
    public func score(_ need: NeedProfile, _ candidate: CandidateProfile, filters: MatchFilters, weights: ScoreWeights,
                      priorities: PriorityLookup) -> ScoredCandidate? {
        guard need.isOpen, CandidateRules.admits(candidate, for: need, filters: filters) else { return nil }
        let query = makeQuery(need)
        let analyzed = AnalyzedText(candidate.text)
        let averageLength = slots.isEmpty ? analyzed.length : totalLength / Double(slots.count)
        var sum = 0.0
        var matched: [String] = []
        for (position, term) in query.terms.enumerated() {
            guard let frequency = analyzed.frequencies[term] else { continue }
            let tf = Double(Float(frequency))
            sum += query.idfs[position] * BM25.saturation(tf: tf, length: analyzed.length, averageLength: averageLength)
            matched.append(term)
        }
        let needDivisions = Set(need.naceCodes.compactMap(NACEProximity.division))
        let sharesDivision = candidate.naceCodes.contains { NACEProximity.division($0).map(needDivisions.contains) ?? false }
        guard !matched.isEmpty || !Set(need.s3Areas).isDisjoint(with: candidate.s3Areas) || sharesDivision else { return nil }
        let (indexed, touched) = textScores(query)
        let best = max(sum, bestReachable(indexed, touched, need: need, on: filters.onDate))
        let parts = StructuredScore.parts(need: need, candidate: candidate, textRelevance: TextQuery.relevance(sum, best: best),
                                          candidateRegion: priorities(candidate.nuts, filters.onDate),
                                          smeRegion: priorities(need.nuts, filters.onDate), weights: weights)
        return ScoredCandidate(candidate: candidate, parts: parts, matchedTerms: matched)
    }

    /// The highest raw BM25 among the touched candidates the need's SME could use on `date`
    /// (``CandidateRules/isReachable(_:for:on:)``): text relevance's denominator.
    private func bestReachable(_ text: [Double], _ touched: [Int32], need: NeedProfile, on date: CalendarDate) -> Double {
        var best = 0.0
        for slot in touched where text[Int(slot)] > best {
            guard let entry = entries[Int(slot)], CandidateRules.isReachable(entry.profile, for: need, on: date) else { continue }
            best = text[Int(slot)]
        }
        return best
    }

    /// Raw BM25 by slot (-1: no query term) and the slots with a query term.
    private func textScores(_ query: TextQuery) -> (text: [Double], touched: [Int32]) {
        var text = [Double](repeating: -1, count: entries.count)
        var touched: [Int32] = []
        guard !slots.isEmpty else { return (text, touched) }
        let averageLength = totalLength / Double(slots.count)
        for (position, term) in query.terms.enumerated() {
            guard let id = vocabulary[term] else { continue }
            let idf = query.idfs[position]
            for posting in postings[Int(id)] {
                let slot = Int(posting.slot)
                let length = lengths[slot]
                guard length >= 0 else { continue }
                if text[slot] < 0 {
                    text[slot] = 0
                    touched.append(posting.slot)
                }
                text[slot] += idf * BM25.saturation(tf: Double(posting.frequency), length: length, averageLength: averageLength)
            }
        }
        return (text, touched)
    }

    private func makeQuery(_ need: NeedProfile) -> TextQuery {
        TextQuery(need, documents: slots.count) { term in vocabulary[term].map { documentFrequency[Int($0)] } ?? 0 }
    }

    /// The query's terms (sorted) that the entry contains.
    private func matchedTerms(_ query: TextQuery, _ entryTerms: [Int32]) -> [String] {
        query.terms.filter { term in
            guard let id = vocabulary[term] else { return false }
            var low = 0, high = entryTerms.count
            while low < high {
                let middle = (low + high) / 2
                if entryTerms[middle] < id { low = middle + 1 } else { high = middle }
            }
            return low < entryTerms.count && entryTerms[low] == id
        }
    }

    private mutating func kill(_ slot: Int32) {
        guard let entry = entries[Int(slot)] else { return }
        for id in entry.terms { documentFrequency[Int(id)] -= 1 }
        totalLength -= entry.length
        entries[Int(slot)] = nil
        lengths[Int(slot)] = -1
        slots[entry.profile.id] = nil
        deadSlots += 1
    }

    /// Rebuilds every posting list (and the vocabulary) from the live candidates, in slot order.
    private mutating func compact() {
        let live = entries.compactMap { $0?.profile }
        self = MatchIndex()
        for candidate in live { upsert(candidate) }
    }
}

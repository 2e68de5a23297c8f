import Foundation
import TIBSDomain

/// Applies the alert rule (``AlertHub``) to one absorbed batch: for each open need some
/// subscriber covers, the candidates that the batch created or changed (or, for a need the
/// batch created or changed, any of its candidates) scoring at least the threshold that are in
/// the need's top 20 after the batch and were not before it. A covered need is ranked only when
/// it changed or a changed candidate shares a term, S3 area or NACE division with it (what the
/// index needs to score it at all), once after the batch, and before it only when the ranking
/// after holds a changed candidate above the threshold.
struct AlertDetector {
    let hub: AlertHub
    let weights: ScoreWeights
    let today: CalendarDate
    let now: Date

    func alerts(scopes: [AlertScope], before: ReplicaState, after: ReplicaState, delta: ReplicaDelta,
                sequences: [QualifiedID: Int64]) -> [CandidateAlert] {
        guard !scopes.isEmpty, !delta.candidates.isEmpty || !delta.needs.isEmpty else { return [] }
        let filters = MatchFilters(limit: hub.topCount, onDate: today)
        let priorities = after.priorityLookup
        let needs = after.needs.values.filter { need in need.isOpen && scopes.contains { $0.covers(need) } }.sorted { $0.id < $1.id }
        // What each changed candidate could share with a need: only such needs can gain it.
        let changed = delta.candidates.compactMap { after.index.candidate($0) }.map { candidate in
            (terms: Set(AnalyzedText(candidate.text).frequencies.keys), s3: Set(candidate.s3Areas),
             divisions: Set(candidate.naceCodes.compactMap(NACEProximity.division)))
        }
        var found: [CandidateAlert] = []
        for need in needs {
            let needChanged = delta.needs.contains(need.id)
            if !needChanged {
                let terms = AnalyzedText(need.text).frequencies, divisions = Set(need.naceCodes.compactMap(NACEProximity.division))
                let mayGain = changed.contains { candidate in
                    candidate.terms.contains { terms[$0] != nil } || !candidate.s3.isDisjoint(with: need.s3Areas)
                        || !candidate.divisions.isDisjoint(with: divisions)
                }
                if !mayGain { continue }
            }
            // One ranking per need that may gain a candidate (one walk of its posting lists).
            let top = after.index.rank(need, filters: filters, weights: weights, priorities: priorities)
            let entering = top.enumerated().filter { _, scored in
                scored.parts.total >= hub.threshold && (needChanged || delta.candidates.contains(scored.candidate.id))
            }
            guard !entering.isEmpty else { continue }
            let earlier: Set<QualifiedID> = before.needs[need.id].flatMap { $0.isOpen ? $0 : nil }.map { old in
                Set(before.index.rank(old, filters: filters, weights: weights, priorities: before.priorityLookup).map(\.candidate.id))
            } ?? []
            for (position, scored) in entering where !earlier.contains(scored.candidate.id) {
                let id = scored.candidate.id
                found.append(CandidateAlert(need: need, scored: scored, rank: position + 1, detectedAt: now,
                                            upstreamSequence: sequences[id] ?? sequences[need.id] ?? 0))
            }
        }
        return found
    }
}

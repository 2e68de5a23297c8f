import Foundation
import TIBSDomain

/// Applies the alert rule (``AlertHub``) to one absorbed batch: for each open need some
/// subscriber covers, the candidates that the batch created or changed (or, for a need the
/// batch created or changed, any of its candidates) scoring at least the threshold that are in
/// the need's top 20 after the batch and were not before it. Needs are ranked only when a
/// changed candidate fits them or they changed themselves.
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
        let changed = delta.candidates.compactMap { after.index.candidate($0) }.sorted { $0.id < $1.id }
        let needs = after.needs.values.filter { need in need.isOpen && scopes.contains { $0.covers(need) } }.sorted { $0.id < $1.id }
        var found: [CandidateAlert] = []
        for need in needs {
            let needChanged = delta.needs.contains(need.id)
            if !needChanged {
                let fits = changed.contains { candidate in
                    (after.index.score(need, candidate, filters: filters, weights: weights, priorities: priorities)?.parts.total ?? 0) >= hub.threshold
                }
                if !fits { continue }
            }
            let top = after.index.rank(need, filters: filters, weights: weights, priorities: priorities)
            let earlier: Set<QualifiedID> = before.needs[need.id].flatMap { $0.isOpen ? $0 : nil }.map { old in
                Set(before.index.rank(old, filters: filters, weights: weights, priorities: before.priorityLookup).map(\.candidate.id))
            } ?? []
            for (position, scored) in top.enumerated() {
                let id = scored.candidate.id
                guard scored.parts.total >= hub.threshold, !earlier.contains(id), needChanged || delta.candidates.contains(id) else { continue }
                found.append(CandidateAlert(need: need, scored: scored, rank: position + 1, detectedAt: now,
                                            upstreamSequence: sequences[id] ?? sequences[need.id] ?? 0))
            }
        }
        return found
    }
}

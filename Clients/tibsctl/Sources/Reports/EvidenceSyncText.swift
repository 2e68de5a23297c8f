import Foundation
import TIBSProto

/// How current a report's evidence is, in one line: each followed registry's cursor and when the
/// policy service last caught up with it.
enum EvidenceSyncText {
    static func line(_ sync: Tibs_Policy_V1_EvidenceSync) -> String {
        guard !sync.upstreams.isEmpty else { return "evidence: no registry followed" }
        return "evidence: " + sync.upstreams.map { upstream in
            guard upstream.syncedOnce else { return "\(upstream.upstream) not yet synced" }
            var text = "\(upstream.upstream) at \(upstream.cursor)"
            if upstream.hasLastSyncedAt { text += ", caught up \(upstream.lastSyncedAt.date.formatted(.iso8601))" }
            if upstream.lagEvents > 0 { text += ", \(upstream.lagEvents) events behind" }
            return text
        }.joined(separator: "; ")
    }
}

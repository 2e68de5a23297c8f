import Foundation
import SwiftProtobuf
import TIBSProto

/// The match lifecycle's answers for people: a match in detail (its proposed score, every step, the
/// consent, the outcome, the follow-ups), lists of matches, overdue matches, follow-ups due, likely
/// duplicates and candidate alerts. Pure functions of the messages.
enum MatchView {
    static func side(_ side: Tibs_Match_V1_Side) -> String {
        switch side {
        case .need: "need side"
        case .candidate: "candidate side"
        default: "-"
        }
    }

    /// The need side SME as this caller may see it: the legal name, or the teaser before an introduction.
    static func sme(_ match: Tibs_Match_V1_Match) -> String {
        if match.teaser || match.smeName.isEmpty { return match.smeTeaser.isEmpty ? "-" : match.smeTeaser + " (teaser)" }
        return match.smeName
    }

    static func time(_ stamp: SwiftProtobuf.Google_Protobuf_Timestamp) -> String { stamp.date.formatted(.iso8601) }

    static func codes(_ codes: [Tibs_Common_V1_Code]) -> String { codes.isEmpty ? "-" : codes.map(\.code).joined(separator: ", ") }

    /// "need side by 2026-03-16", or "-" once the match has ended.
    static func awaiting(_ match: Tibs_Match_V1_Match) -> String {
        match.awaiting == .unspecified ? "-" : "\(side(match.awaiting)) by \(match.respondBy.isEmpty ? "-" : match.respondBy)"
    }

    static func detail(_ match: Tibs_Match_V1_Match) -> Table {
        let candidate = match.candidate
        var rows: [[String]] = [
            ["id", match.id], ["state", MatchStateWord.word(match.state)], ["awaiting", awaiting(match)],
            ["need", match.needID], ["sme", "\(sme(match)) [\(match.smeID)] in \(MatchFindView.region(match.needRegion))"],
            ["candidate", "\(candidate.title) (\(CandidateKindWord.word(candidate.kind))) [\(candidate.id)] in "
                + MatchFindView.region(match.candidateRegion)],
            ["candidate owner", candidate.owner.isEmpty ? "-" : candidate.owner],
            ["transnational", match.transnational ? "yes" : "no"],
            ["score as proposed", zip(MatchFindView.partHeader, MatchFindView.parts(candidate.score))
                .map { "\($0.0.lowercased()) \(MatchFindView.score($0.1))" }.joined(separator: ", ")],
            ["proposed by", match.proposedBy.isEmpty ? "-" : match.proposedBy],
        ]
        for step in match.steps {
            let from = MatchStateWord.word(step.from)
            var line = (from == "-" ? "" : from + " → ") + MatchStateWord.word(step.to) + " at " + time(step.at)
            line += " by \(step.actor) (\(side(step.actorSide)))"
            if !step.note.isEmpty { line += ": " + step.note }
            rows.append(["step", line])
        }
        if match.hasConsent { rows.append(["consent", "given by \(match.consent.givenBy) on \(match.consent.givenOn), recorded by \(match.consent.recordedBy)"]) }
        if match.hasOutcome {
            let outcome = match.outcome
            rows.append(["outcome", (outcome.success ? "success" : "no success") + " recorded by \(outcome.recordedBy)"
                + (outcome.hasRecordedAt ? " at " + time(outcome.recordedAt) : "")])
            if !outcome.successReasons.isEmpty { rows.append(["success reasons", codes(outcome.successReasons)]) }
            if !outcome.failureReasons.isEmpty { rows.append(["failure reasons", codes(outcome.failureReasons)]) }
            if !outcome.advantages.isEmpty { rows.append(["advantages", codes(outcome.advantages)]) }
            if !outcome.note.isEmpty { rows.append(["outcome note", outcome.note]) }
        }
        for followUp in match.followUps {
            rows.append(["follow-up", "\(followUp.months) months, due \(followUp.dueOn): "
                + (followUp.done ? "done by \(followUp.recordedBy)" + (followUp.note.isEmpty ? "" : ": " + followUp.note) : "open")])
        }
        rows.append(["version", String(match.version)])
        return Table(header: ["FIELD", "VALUE"], rows: rows, maxCell: 120)
    }

    static let listHeader = ["ID", "STATE", "SME", "CANDIDATE", "NEED REGION", "CANDIDATE REGION", "AWAITING", "TOTAL", "VERSION"]

    static func listRow(_ match: Tibs_Match_V1_Match) -> [String] {
        [match.id, MatchStateWord.word(match.state), sme(match), match.candidate.title, MatchFindView.region(match.needRegion),
         MatchFindView.region(match.candidateRegion), awaiting(match), MatchFindView.score(match.candidate.score.total), String(match.version)]
    }

    static func list(_ matches: [Tibs_Match_V1_Match]) -> Table {
        Table(header: listHeader, rows: matches.map(listRow), maxCell: 40)
    }

    static func overdue(_ overdue: [Tibs_Match_V1_OverdueMatch]) -> Table {
        Table(header: ["ID", "STATE", "AWAITING", "RESPOND BY", "WORKING DAYS LATE", "BROKERS", "CANDIDATE"], rows: overdue.map { late in
            [late.match.id, MatchStateWord.word(late.match.state), side(late.awaiting), late.respondBy, String(late.workingDaysLate),
             late.brokers.isEmpty ? "-" : late.brokers.joined(separator: ", "), late.match.candidate.title]
        }, maxCell: 48)
    }

    static func followUpsDue(_ due: [Tibs_Match_V1_FollowUpDue]) -> Table {
        Table(header: ["MATCH", "MONTHS", "DUE ON", "NEED REGION", "CANDIDATE REGION"], rows: due.map { item in
            [item.matchID, String(item.months), item.dueOn, MatchFindView.region(item.needRegion), MatchFindView.region(item.candidateRegion)]
        })
    }

    static func reason(_ reason: Tibs_Match_V1_LikelyDuplicate.Reason) -> String {
        switch reason {
        case .sameRegistrationID: "same registration id"
        case .sameName: "same name"
        default: "-"
        }
    }

    /// One row per registration of each likely duplicate, the group's reason and key on each.
    static func duplicates(_ duplicates: [Tibs_Match_V1_LikelyDuplicate]) -> Table {
        Table(header: ["COUNTRY", "REASON", "KEY", "SME", "UPSTREAM", "LEGAL NAME", "REGION"], rows: duplicates.flatMap { duplicate in
            duplicate.entries.map { entry in
                [duplicate.country, reason(duplicate.reason), duplicate.key, entry.smeID, entry.upstream, entry.legalName,
                 MatchFindView.region(entry.region)]
            }
        }, maxCell: 48)
    }

    /// One alert as one line: the need, the candidate with its region, kind and total, every part.
    static func alert(_ alert: Tibs_Match_V1_CandidateAlert) -> String {
        let candidate = alert.candidate
        let parts = zip(MatchFindView.partHeader.dropFirst(), MatchFindView.parts(candidate.score).dropFirst())
            .map { "\($0.0.lowercased()) \(MatchFindView.score($0.1))" }.joined(separator: " ")
        return TerminalText.escape("\(alert.hasDetectedAt ? time(alert.detectedAt) : "-") need \(alert.needID) \"\(alert.needTitle)\": "
            + "\(candidate.title) (\(CandidateKindWord.word(candidate.kind)), \(MatchFindView.region(candidate.region))) [\(candidate.id)] "
            + "total \(MatchFindView.score(candidate.score.total)) — \(parts)")
    }
}

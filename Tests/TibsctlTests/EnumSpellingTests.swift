import Testing
@testable import TIBSCtlKit

/// The words of enums tibsctl knows at compile time follow the rule of every enum flag: the word or
/// the proto name, in any case; anything else is refused naming both forms.
@Suite struct EnumSpellingTests {
    @Test func matchStatesAndCandidateKindsTakeTheWordOrTheProtoName() throws {
        for spelling in ["in-discussion", "In_Discussion", "MATCH_STATE_IN_DISCUSSION", "match-state-in-discussion"] {
            #expect(try MatchStateWord.parse(spelling, flag: "--state", among: MatchStateWord.allCases) == .inDiscussion, "\(spelling)")
        }
        #expect(MatchStateWord.inDiscussion.enumName == "MATCH_STATE_IN_DISCUSSION")
        #expect(throws: CLIFailure.usage("--to: 'MATCH_STATE_PROPOSED' is not one of shortlisted, introduced, in-discussion, agreement, closed-without-agreement, declined"
                                         + " (or the proto names, MATCH_STATE_SHORTLISTED, …; any case)")) {
            try MatchStateWord.parse("MATCH_STATE_PROPOSED", flag: "--to", among: MatchStateWord.targets)
        }
        #expect(try CandidateKindWord.parseList("CANDIDATE_KIND_SUPPORT_PROGRAMME,partner", flag: "--kinds") == [.programme, .partner])
        #expect(throws: CLIFailure.usage("--kinds: 'robot' is not one of resource, programme, partner (or the proto names, CANDIDATE_KIND_RESOURCE, …; any case)")) {
            try CandidateKindWord.parseList("robot", flag: "--kinds")
        }
    }

    @Test func aRefusedWordIsEscapedForTheTerminal() {
        #expect(throws: CLIFailure.usage("--status: 'x\\u{1B}[31m' is not one of submitted (or the proto names, ACTION_STATUS_SUBMITTED, …; any case)")) {
            try ActionStep.parse("x\u{1B}[31m", flag: "--status", among: [.submitted])
        }
    }
}

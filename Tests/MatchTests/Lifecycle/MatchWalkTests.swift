import Foundation
import Testing
import TIBSDomain
import TIBSMatch
import TIBSServiceApp

/// Every pair of states: the legal steps written out here (the issue's list), not read from the code.
@Suite struct MatchWalkTests {
    static let legal: Set<[MatchState]> = [
        [.proposed, .shortlisted], [.proposed, .declined],
        [.shortlisted, .introduced], [.shortlisted, .declined],
        [.introduced, .inDiscussion], [.introduced, .closedWithoutAgreement], [.introduced, .declined],
        [.inDiscussion, .agreement], [.inDiscussion, .closedWithoutAgreement],
    ]

    @Test func theWalkAllowsExactlyTheListedSteps() {
        for from in MatchState.allCases {
            for to in MatchState.allCases {
                #expect(from.canAdvance(to: to) == Self.legal.contains([from, to]), "\(from) → \(to)")
            }
        }
        #expect(Set(MatchState.allCases.filter(\.isFinal)) == [.agreement, .closedWithoutAgreement, .declined])
    }

    @Test(arguments: MatchState.allCases)
    func everyStepFromAStateThroughTheUseCase(from: MatchState) async throws {
        try await Lifecycle.withApp { app, _ in
            for (index, to) in MatchState.allCases.enumerated() {
                let start = try await Lifecycle.walk(app, try await Lifecycle.propose(app, candidate: "catalogue-ee/gen-\(from.rawValue)-\(index)"),
                                                     to: from)
                #expect(start.state == from)
                if Self.legal.contains([from, to]) {
                    let moved = try await Lifecycle.advance(app, start, to: to, note: "step")
                    #expect(moved.state == to)
                    #expect(moved.version == start.version + 1)
                    #expect(moved.steps.last == MatchStep(from: from, to: to, actor: "admin-1", actorSide: moved.steps.last?.actorSide ?? .need,
                                                          at: app.store.now, note: "step"))
                } else {
                    let before = try await Lifecycle.snapshot(app.store)
                    let error = await #expect(throws: ServiceError.self) { try await Lifecycle.advance(app, start, to: to) }
                    guard case .failedPrecondition(let why) = error else { Issue.record("not FAILED_PRECONDITION: \(String(describing: error))"); continue }
                    #expect(why.contains("state \(from)") && why.contains("move to \(to)"), "\(why)")
                    #expect(try await Lifecycle.snapshot(app.store) == before)
                }
            }
        }
    }
}

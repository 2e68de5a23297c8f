import Testing
@testable import TIBSRPC

/// The server's admission rules for pending handshakes and established connections, without sockets.
@Suite struct ConnectionAdmissionTests {
    @Test func pendingHandshakesBeyondTheCapEvictTheOldest() {
        var admission = ConnectionAdmission<Int>(maxPending: 3, maxEstablished: 10)
        let r1 = admission.accepted(1)
        #expect(r1.evict == nil)
        let r2 = admission.accepted(2)
        #expect(r2.evict == nil)
        let r3 = admission.accepted(3)
        #expect(r3.evict == nil)
        let r4 = admission.accepted(4)
        #expect(r4.evict == 1)
        #expect(admission.pending == [2, 3, 4])
    }

    @Test func newHandshakesGetTheShortTimeoutWhenThreeQuartersOfTheCapArePending() {
        var admission = ConnectionAdmission<Int>(maxPending: 8, maxEstablished: 10)
        let pressure = (1...8).map { admission.accepted($0).underPressure }
        #expect(pressure == [false, false, false, false, false, true, true, true])
    }

    @Test func pendingHandshakesNeverCountAgainstEstablishedConnections() {
        var admission = ConnectionAdmission<Int>(maxPending: 2, maxEstablished: 1)
        _ = admission.accepted(1)
        let r5 = admission.completed(1)
        #expect(r5)
        for id in 2...100 { _ = admission.accepted(id) }
        #expect(admission.established == [1], "a flood of handshakes evicts only handshakes")
        #expect(admission.pending == [99, 100])
    }

    @Test func aHandshakeCompletingAtTheEstablishedLimitIsRefused() {
        var admission = ConnectionAdmission<Int>(maxPending: 4, maxEstablished: 1)
        _ = admission.accepted(1)
        _ = admission.accepted(2)
        let r6 = admission.completed(1)
        #expect(r6)
        let r7 = admission.completed(2)
        #expect(!r7)
        admission.closed(1)
        _ = admission.accepted(3)
        let r8 = admission.completed(3)
        #expect(r8, "a slot freed by a close is taken again")
    }

    @Test func atTheLimitTheConnectionIdleLongestMakesRoomIfIdleLongEnough() {
        var admission = ConnectionAdmission<Int>(maxPending: 8, maxEstablished: 3, evictIdleAfter: 100)
        for id in 1...4 { _ = admission.accepted(id) }
        for id in 1...3 { #expect(admission.handshakeCompleted(id, now: 0) { _ in nil } == .kept) }
        // 1 busy, 2 idle since 50, 3 idle since 20 (longest): at 130 only 3 has been idle 100.
        let idle: [Int: UInt64] = [2: 50, 3: 20]
        #expect(admission.handshakeCompleted(4, now: 130) { idle[$0] } == .keptInPlaceOf(3))
        #expect(admission.established == [1, 2, 4], "the one sent away no longer counts")
        // Nobody idle long enough, or only busy ones: refused.
        _ = admission.accepted(5)
        #expect(admission.handshakeCompleted(5, now: 140) { [2: 50][$0] } == .refused)
        _ = admission.accepted(6)
        #expect(admission.handshakeCompleted(6, now: 1_000) { _ in nil } == .refused)
        #expect(admission.established == [1, 2, 4])
    }

    @Test func withoutAnIdleLimitNothingIsSentAwayForANewcomer() {
        var admission = ConnectionAdmission<Int>(maxPending: 4, maxEstablished: 1)
        _ = admission.accepted(1)
        _ = admission.accepted(2)
        #expect(admission.handshakeCompleted(1, now: 0) { _ in nil } == .kept)
        #expect(admission.handshakeCompleted(2, now: .max) { _ in 1 } == .refused)
    }

    @Test func anEvictedHandshakeThatCompletesAnywayIsNotKept() {
        var admission = ConnectionAdmission<Int>(maxPending: 1, maxEstablished: 5)
        _ = admission.accepted(1)
        _ = admission.accepted(2)  // evicts 1
        let r9 = admission.completed(1)
        #expect(!r9)
        #expect(admission.established.isEmpty)
    }

    @Test func closingForgetsAConnectionInEitherStage() {
        var admission = ConnectionAdmission<Int>(maxPending: 4, maxEstablished: 4)
        _ = admission.accepted(1)
        _ = admission.accepted(2)
        _ = admission.completed(2)
        admission.closed(1)
        admission.closed(2)
        #expect(admission.pending.isEmpty && admission.established.isEmpty)
    }
}

extension ConnectionAdmission {
    /// A finished handshake where no established connection makes room: true when kept.
    fileprivate mutating func completed(_ id: ID) -> Bool {
        handshakeCompleted(id, now: 0) { _ in nil } != .refused
    }
}

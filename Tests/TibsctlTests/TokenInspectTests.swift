import Foundation
import Testing
@testable import TIBSCtlKit

/// `token inspect` tells an expired token the services still accept (clock-skew leeway) from one
/// they refuse.
@Suite struct TokenInspectTests {
    let expiry: TimeInterval = 1_795_946_400
    var now: (TimeInterval) -> Date { { Date(timeIntervalSince1970: self.expiry + $0) } }

    @Test func aTokenNotYetExpiredHasNoState() {
        #expect(TokenInspect.expiryState(expiry: expiry, leeway: 60, now: now(-1)) == nil)
    }

    @Test func withinTheLeewayItSaysHowLongItIsStillAccepted() {
        #expect(TokenInspect.expiryState(expiry: expiry, leeway: 60, now: now(20)) == "expired 20 s ago (accepted for 40 s more: clock-skew leeway of 60 s)")
        #expect(TokenInspect.expiryState(expiry: expiry, leeway: 60, now: now(0)) == "expired 0 s ago (accepted for 60 s more: clock-skew leeway of 60 s)")
    }

    @Test func pastTheLeewayItIsExpiredAndRefused() {
        #expect(TokenInspect.expiryState(expiry: expiry, leeway: 60, now: now(60)) == "EXPIRED 60 s ago (no longer accepted)")
        #expect(TokenInspect.expiryState(expiry: expiry, leeway: 0, now: now(1)) == "EXPIRED 1 s ago (no longer accepted)")
    }

    @Test func theDescriptionCarriesTheState() {
        let claims = JSONValue.object([JSONMember("exp", .number(String(Int(expiry))))])
        let text = TokenInspect.describe(header: .object([]), claims: claims, verdict: nil, leeway: 60, now: now(30))
        #expect(text.contains("state       expired 30 s ago (accepted for 30 s more: clock-skew leeway of 60 s)"), "\(text)")
    }
}

import Foundation
import NIOCore
import Testing
import TIBSProto
@testable import TIBSRPC

/// The server connection's decisions, without sockets or clocks.
@Suite struct ConnectionStateMachineTests {
    typealias Machine = ServerConnectionStateMachine
    let known: (String) -> Bool = { $0 == "/x.Y/Z" }

    private func frame(_ id: UInt32, _ body: Tibs_Rpc_V1_Frame.OneOf_Body?) -> Tibs_Rpc_V1_Frame {
        var frame = Tibs_Rpc_V1_Frame()
        frame.callID = id
        frame.body = body
        return frame
    }

    private func open(_ id: UInt32, method: String = "/x.Y/Z", halfClose: Bool = true) -> Tibs_Rpc_V1_Frame {
        frame(id, .open(.with { $0.method = method; $0.halfClose = halfClose }))
    }

    @Test func openOfAKnownMethodStartsTheCall() {
        var machine = Machine(maxOpenCalls: 2)
        guard case .startCall(let id, _) = machine.receive(open(1), knownMethod: known) else {
            Issue.record("expected startCall")
            return
        }
        #expect(id == 1)
        #expect(machine.openCallCount == 1)
    }

    @Test func unknownMethodIsRejectedUnimplementedAndNotOpened() {
        var machine = Machine(maxOpenCalls: 2)
        #expect(machine.receive(open(1, method: "/nope"), knownMethod: known) == .rejectCall(callID: 1, .unimplemented, "unknown method '/nope'"))
        #expect(machine.openCallCount == 0)
    }

    @Test func openBeyondTheLimitIsResourceExhausted() {
        var machine = Machine(maxOpenCalls: 1)
        _ = machine.receive(open(1), knownMethod: known)
        guard case .rejectCall(2, .resourceExhausted, _) = machine.receive(open(2), knownMethod: known) else {
            Issue.record("expected RESOURCE_EXHAUSTED")
            return
        }
    }

    @Test func protocolViolationsAreGoAwayInvalidArgument() {
        var machine = Machine(maxOpenCalls: 4)
        _ = machine.receive(open(1, halfClose: false), knownMethod: known)
        let cases: [(String, Tibs_Rpc_V1_Frame)] = [
            ("no body", frame(3, nil)),
            ("open on 0", open(0)),
            ("open twice", open(1)),
            ("payload unknown", frame(9, .payload(Data()))),
            ("half-close unknown", frame(9, .halfClose(.init()))),
            ("cancel unknown", frame(9, .cancel(.init()))),
            ("close from client", frame(1, .close(.init()))),
            ("ping off call 0", frame(1, .ping(.init()))),
        ]
        for (name, bad) in cases {
            var copy = machine
            guard case .goAwayAndClose(.invalidArgument, _) = copy.receive(bad, knownMethod: known) else {
                Issue.record("\(name) was not a protocol error")
                continue
            }
        }
    }

    @Test func payloadAfterHalfCloseIsAProtocolError() {
        var machine = Machine(maxOpenCalls: 4)
        _ = machine.receive(open(1, halfClose: false), knownMethod: known)
        #expect(machine.receive(frame(1, .halfClose(.init())), knownMethod: known) == .deliverHalfClose(callID: 1))
        guard case .goAwayAndClose(.invalidArgument, _) = machine.receive(frame(1, .payload(Data([1]))), knownMethod: known) else {
            Issue.record("expected protocol error")
            return
        }
    }

    @Test func lateFramesForARecentlyClosedCallAreDropped() {
        var machine = Machine(maxOpenCalls: 4)
        _ = machine.receive(open(5, halfClose: false), knownMethod: known)
        _ = machine.callClosed(5, now: .uptimeNanoseconds(0))
        #expect(machine.receive(frame(5, .payload(Data([1]))), knownMethod: known) == Machine.Action.none)
        #expect(machine.receive(frame(5, .cancel(.init())), knownMethod: known) == Machine.Action.none)
        // and the id may be reused
        guard case .startCall(5, _) = machine.receive(open(5), knownMethod: known) else {
            Issue.record("expected the id to be reusable")
            return
        }
    }

    @Test func goingAwayRefusesNewCallsUnavailable() {
        var machine = Machine(maxOpenCalls: 4)
        _ = machine.shutdown(now: .uptimeNanoseconds(0), grace: .seconds(10))
        guard case .rejectCall(1, .unavailable, _) = machine.receive(open(1), knownMethod: known) else {
            Issue.record("expected UNAVAILABLE")
            return
        }
    }

    @Test func pingIsAnsweredWithTheSameData() {
        var machine = Machine(maxOpenCalls: 1)
        #expect(machine.receive(frame(0, .ping(.with { $0.data = 42 })), knownMethod: known) == .sendPong(42))
    }

    @Test func recentIDsForgetTheOldestBeyondCapacity() {
        var ids = RecentIDs(capacity: 3)
        for id in 1...5 { ids.insert(UInt32(id)) }
        #expect(!ids.contains(1) && !ids.contains(2))
        #expect(ids.contains(3) && ids.contains(4) && ids.contains(5))
        ids.remove(4)
        #expect(!ids.contains(4))
        ids.insert(4)
        ids.insert(6)
        #expect(ids.contains(4) && ids.contains(6))
    }
}

import Foundation
import Testing
import TIBSRPC
import TIBSTestSupport

/// Speaks TIBS-RPC/1 over a real TLS socket with hand-built bytes, so the wire format and the
/// error table of PROTOCOL.md are pinned independently of the project's client.
@Suite struct RawProtocolTests {
    let token = "Bearer " + TestPKI.shared.token(.admin)

    @Test func handBuiltUnaryCallGetsAHandBuiltAnswer() async throws {
        try await withTestServer(router: EchoService.router()) { _, port in
            let connection = try await RawConnection.connect(port: port)
            // EchoRequest{text: "Podlaskie"} = field 1, string
            let request = Wire.field(1, string: "Podlaskie")
            try await connection.send(Wire.open(callID: 7, method: EchoService.get, metadata: ["authorization": token], payload: request))
            let bytes = await connection.read(atLeast: 4)
            let frames = Wire.frames(bytes).compactMap(Wire.serverFrame)
            #expect(frames.count == 1)
            #expect(frames.first?.callID == 7)
            #expect(frames.first?.closeCode == 0)
            // EchoResponse{text: "Podlaskie"}: the same bytes as the request's field 1.
            #expect(frames.first?.closePayload == request)
            await connection.close()
        }
    }

    @Test func aClientThatSendsNoALPNIsAccepted() async throws {
        try await withTestServer(router: EchoService.router()) { _, port in
            let connection = try await RawConnection.connect(port: port, alpn: nil)
            var ping = Wire.field(1, varint: 0) + Wire.field(7, bytes: Wire.field(1, varint: 99))
            ping = Wire.frame(ping)
            try await connection.send(ping)
            let frames = Wire.frames(await connection.read(atLeast: 4)).compactMap(Wire.serverFrame)
            #expect(frames.first?.pong == 99)
            await connection.close()
        }
    }

    @Test func aClientOfferingALPNWithoutTibsIsRefused() async throws {
        try await withTestServer(router: EchoService.router()) { _, port in
            let connection = try await RawConnection.connect(port: port, alpn: ["h2", "http/1.1"])
            try? await connection.send(Wire.frame(Wire.field(7, bytes: Wire.field(1, varint: 1))))
            let received = await connection.readUntilClosed()
            #expect(Wire.frames(received).compactMap(Wire.serverFrame).allSatisfy { $0.pong == nil })
            #expect(!connection.isActive)
        }
    }

    @Test func aClientOfferingTibsAmongOthersIsAccepted() async throws {
        try await withTestServer(router: EchoService.router()) { _, port in
            let connection = try await RawConnection.connect(port: port, alpn: ["h2", "tibs/1"])
            try await connection.send(Wire.frame(Wire.field(7, bytes: Wire.field(1, varint: 5))))
            let frames = Wire.frames(await connection.read(atLeast: 4)).compactMap(Wire.serverFrame)
            #expect(frames.first?.pong == 5)
            await connection.close()
        }
    }

    @Test func frameLengthOverTheLimitIsRefusedBeforeItsBodyArrives() async throws {
        try await withTestServer(router: EchoService.router(), configure: { $0.connection.maxFrameLength = 1024 }) { _, port in
            let connection = try await RawConnection.connect(port: port)
            // Announce 1 GiB but send only the prefix: the server must answer without waiting for the body.
            try await connection.send([0x40, 0x00, 0x00, 0x00])
            let frames = Wire.frames(await connection.readUntilClosed()).compactMap(Wire.serverFrame)
            #expect(frames.last?.goAwayCode == 8)  // RESOURCE_EXHAUSTED
            #expect(!connection.isActive)
        }
    }

    @Test(arguments: [
        ("garbage body", Wire.frame([0xFF, 0xFF, 0xFF, 0xFF])),
        ("frame with no body", Wire.frame(Wire.field(1, varint: 3))),
        ("payload for an unknown call", Wire.frame(Wire.field(1, varint: 5) + Wire.field(3, bytes: [1, 2, 3]))),
        ("half_close for an unknown call", Wire.frame(Wire.field(1, varint: 5) + Wire.field(4, bytes: []))),
        ("cancel for an unknown call", Wire.frame(Wire.field(1, varint: 5) + Wire.field(6, bytes: []))),
        ("Open on call id 0", Wire.open(callID: 0, method: EchoService.get)),
        ("Close from a client", Wire.frame(Wire.field(1, varint: 1) + Wire.field(5, bytes: []))),
    ])
    func protocolErrorsAreAnsweredWithGoAwayInvalidArgumentThenClose(_ name: String, _ bytes: [UInt8]) async throws {
        try await withTestServer(router: EchoService.router()) { _, port in
            let connection = try await RawConnection.connect(port: port)
            try await connection.send(bytes)
            let frames = Wire.frames(await connection.readUntilClosed()).compactMap(Wire.serverFrame)
            #expect(frames.last?.goAwayCode == 3, "\(name)")  // INVALID_ARGUMENT
        }
    }

    @Test func openOnACallIDAlreadyOpenIsAProtocolError() async throws {
        try await withTestServer(router: EchoService.router()) { _, port in
            let connection = try await RawConnection.connect(port: port)
            let slow = Wire.field(3, varint: 5000)  // delay_ms
            let open = Wire.open(callID: 9, method: EchoService.get, metadata: ["authorization": token], payload: slow)
            try await connection.send(open + open)
            let frames = Wire.frames(await connection.readUntilClosed()).compactMap(Wire.serverFrame)
            #expect(frames.contains { $0.goAwayCode == 3 })
        }
    }

    @Test func frameSplitAtEveryByteBoundaryIsReassembled() async throws {
        try await withTestServer(router: EchoService.router()) { _, port in
            let connection = try await RawConnection.connect(port: port)
            let bytes = Wire.open(callID: 11, method: EchoService.get, metadata: ["authorization": token], payload: Wire.field(1, string: "split"))
            for byte in bytes {
                try await connection.send([byte])
            }
            let frames = Wire.frames(await connection.read(atLeast: 4)).compactMap(Wire.serverFrame)
            #expect(frames.first?.callID == 11)
            #expect(frames.first?.closeCode == 0)
            await connection.close()
        }
    }

    @Test func manyFramesInOneWriteAreAllAnswered() async throws {
        try await withTestServer(router: EchoService.router()) { _, port in
            let connection = try await RawConnection.connect(port: port)
            var bytes: [UInt8] = []
            for id in 1...50 {
                bytes += Wire.open(callID: UInt64(id), method: EchoService.get, metadata: ["authorization": token], payload: Wire.field(1, string: "\(id)"))
            }
            try await connection.send(bytes)
            var received: [UInt8] = []
            var frames: [Wire.ServerFrame] = []
            while frames.count < 50 {
                received += await connection.read(atLeast: 1)
                frames = Wire.frames(received).compactMap(Wire.serverFrame)
            }
            #expect(Set(frames.map(\.callID)) == Set((1...50).map(UInt64.init)))
            #expect(frames.allSatisfy { $0.closeCode == 0 })
            await connection.close()
        }
    }

    @Test func unaryOpenWithoutPayloadCarriesAnEmptyRequest() async throws {
        try await withTestServer(router: EchoService.router()) { _, port in
            let connection = try await RawConnection.connect(port: port)
            try await connection.send(Wire.open(callID: 1, method: EchoService.get, metadata: ["authorization": token]))
            let frames = Wire.frames(await connection.read(atLeast: 4)).compactMap(Wire.serverFrame)
            #expect(frames.first?.closeCode == 0)
            await connection.close()
        }
    }

    @Test func callIDMayBeReusedAfterItsClose() async throws {
        try await withTestServer(router: EchoService.router()) { _, port in
            let connection = try await RawConnection.connect(port: port)
            for round in 0..<3 {
                try await connection.send(Wire.open(callID: 1, method: EchoService.get, metadata: ["authorization": token], payload: Wire.field(1, string: "r\(round)")))
                let frames = Wire.frames(await connection.read(atLeast: 4)).compactMap(Wire.serverFrame)
                #expect(frames.first?.closeCode == 0)
            }
            await connection.close()
        }
    }
}

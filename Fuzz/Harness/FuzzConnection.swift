import Foundation
import NIOCore
import NIOEmbedded
import TIBSRPC

/// FuzzConnection: `bytes` arrive from "the socket" of a plaintext server connection — the frame
/// decoder (`FrameDecoder`), then `ServerConnectionHandler` with its state machine, request decoding
/// and dispatch — whose router is the real registry's (``FuzzServices``), on an embedded channel.
/// The bytes come in two reads (split in the middle), so frames cut across reads are covered.
/// Then the peer goes away: the connection closes, and every call task it started is awaited, so
/// nothing of one input outlives it. Callers are admins (``AdminAuthenticator``).
public func fuzzConnection(_ bytes: Data) async {
    let router = FuzzServices.shared.registry
    let loop = NIOAsyncTestingEventLoop()
    let channel = NIOAsyncTestingChannel(loop: loop)
    let limits = ConnectionLimits()
    let ended: EventLoopFuture<[Task<Void, Never>]>
    do {
        ended = try await loop.executeInContext {
            let ended = loop.makePromise(of: [Task<Void, Never>].self)
            let pipeline = channel.pipeline.syncOperations
            try pipeline.addHandler(ByteToMessageHandler(FrameDecoder(maxFrameLength: limits.maxFrameLength)))
            try pipeline.addHandler(makePlaintextServerConnectionHandler(
                router: router, authenticator: AdminAuthenticator(), limits: limits, ended: ended, logger: quietLogger))
            return ended.futureResult
        }
        try await channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9)).get()
    } catch {
        // reason: an embedded channel that cannot take two handlers is a harness bug, not an input's.
        fatalError("cannot set up the embedded connection: \(error)")
    }
    let middle = bytes.startIndex + bytes.count / 2
    for part in [bytes[..<middle], bytes[middle...]] where !part.isEmpty {
        // A protocol error (an oversized frame, a bad frame) reaches the tail as an error: expected.
        do { try await channel.writeInbound(ByteBuffer(bytes: part)) } catch {}
        while (try? await channel.readOutbound(as: ByteBuffer.self)) != nil {}
    }
    try? await channel.close()
    if let tasks = try? await ended.get() {
        for task in tasks { await task.value }
    }
    while (try? await channel.readOutbound(as: ByteBuffer.self)) != nil {}
    await loop.shutdownGracefully()
}

/// ``fuzzConnection(_:)`` for libFuzzer's synchronous callback.
public func fuzzConnectionBlocking(_ bytes: UnsafeRawBufferPointer) {
    let data = Data(bytes)
    runBlocking { await fuzzConnection(data) }
}

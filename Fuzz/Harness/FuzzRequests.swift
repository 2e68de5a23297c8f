import Foundation
import TIBSIdentity
import TIBSRPC
import TIBSTestSupport

/// FuzzRequests: the first byte picks one method of the four real services (``FuzzServices/methods``,
/// modulo their count), the rest is its request — decoded, checked against the service's rules and
/// run on its real store, through `ForeignMethod.call` (the path the gRPC door uses) with a real
/// admin token checked by a real `TokenAuthenticator`. A client-streaming method's rest is a
/// sequence of messages, each a 2-byte big-endian length and that many bytes (``splitMessages(_:)``).
/// Each call gets 2 s; a server stream's messages are dropped.
public func fuzzRequest(_ bytes: Data) async {
    guard let first = bytes.first else { return }
    let setup = RequestSetup.shared
    let method = setup.methods[Int(first) % setup.methods.count]
    let rest = Data(bytes.dropFirst())
    let messages = method.descriptor.kind == .clientStreaming ? splitMessages(rest) : [rest]
    let context = CallContext(method: method.descriptor.path, metadata: ["authorization": "Bearer \(setup.token)"],
                              requestID: "fuzz", deadline: nil, logger: quietLogger)
    let authenticator = setup.authenticator
    await withTimeLimit(.seconds(2)) {
        let (requests, feed) = AsyncStream.makeStream(of: Data.self)
        for message in messages { feed.yield(message) }
        feed.finish()
        _ = await method.call(requests: requests, send: { _ in }, context: context, authenticator: authenticator)
    }
}

/// ``fuzzRequest(_:)`` for libFuzzer's synchronous callback.
public func fuzzRequestBlocking(_ bytes: UnsafeRawBufferPointer) {
    let data = Data(bytes)
    runBlocking { await fuzzRequest(data) }
}

/// The messages of a client-streaming input: each a 2-byte big-endian length, then its bytes
/// (a short last one takes what is left).
public func splitMessages(_ bytes: Data) -> [Data] {
    var messages: [Data] = []
    var index = bytes.startIndex
    while index < bytes.endIndex {
        guard index + 1 < bytes.endIndex else { messages.append(Data(bytes[index...])); break }
        let length = Int(bytes[index]) << 8 | Int(bytes[index + 1])
        let start = index + 2
        let end = min(start + length, bytes.endIndex)
        messages.append(Data(bytes[start..<end]))
        index = end
    }
    return messages
}

/// The inverse of ``splitMessages(_:)``, for seeds.
public func joinMessages(_ messages: [Data]) -> Data {
    var bytes = Data()
    for message in messages {
        let length = min(message.count, 0xFFFF)
        bytes.append(UInt8(length >> 8))
        bytes.append(UInt8(length & 0xFF))
        bytes.append(message.prefix(length))
    }
    return bytes
}

/// The methods, the token and its verifier, made once per process.
struct RequestSetup: Sendable {
    let methods: [ForeignMethod]
    let token: String
    let authenticator: TokenAuthenticator

    static let shared: RequestSetup = {
        let pki = TestPKI.shared
        // A year: a long fuzz run must not see its token expire.
        return RequestSetup(methods: FuzzServices.shared.methods, token: pki.token(.admin, subject: "fuzz-admin", ttl: 365 * 86_400),
                            authenticator: TokenAuthenticator(verifier: pki.verifier))
    }()
}

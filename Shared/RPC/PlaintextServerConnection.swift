import Logging
import NIOCore

/// A server connection's handler without TLS, for the fuzz harness (Fuzz/Harness): it feeds
/// arbitrary bytes to a connection on an embedded channel. `ServerConnectionHandler` itself stays
/// internal (its `ChannelDuplexHandler` methods would all have to become `package`); this is the
/// one way in, and it builds the handler exactly as `RPCServer` does, minus TLS and metrics.
package func makePlaintextServerConnectionHandler(
    router: RPCRouter, authenticator: (any CallAuthenticator)?, limits: ConnectionLimits,
    ended: EventLoopPromise<[Task<Void, Never>]>, logger: Logger
) -> any ChannelHandler {
    ServerConnectionHandler(router: router, authenticator: authenticator, limits: limits, ended: ended, logger: logger, usesTLS: false)
}

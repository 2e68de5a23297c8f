import NIOCore
import NIOPosix
import NIOSSL

/// Asks a server that hung up on a call whether it wanted a client certificate. With TLS 1.3 the
/// client's handshake ends before the server checks for a certificate; the server's
/// "certificate required" alert then races the first request, and when the request is already
/// on the wire the alert can be lost in the reset. This probe sends nothing after the handshake,
/// so the alert arrives intact.
enum ClientCertificateProbe {
    /// True when the server answers a certificate-less handshake with a certificate-required
    /// (or handshake-failure) alert within `bound`.
    static func requiresClientCertificate(host: String, port: Int, serverName: String?, bound: TimeAmount = .seconds(5)) async -> Bool {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.certificateVerification = .none  // only the server's alert matters here
        guard let context = try? NIOSSLContext(configuration: configuration) else { return false }
        let group = MultiThreadedEventLoopGroup.singleton
        let verdict = group.next().makePromise(of: Bool.self)
        let sni = serverName ?? host
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(bound)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let tls = try NIOSSLClientHandler(context: context, serverHostname: TLSDiagnosis.isIP(sni) ? nil : sni)
                        try channel.pipeline.syncOperations.addHandlers(tls, AlertListener(verdict: verdict))
                    }
                }
                .connect(host: host, port: port).get()
        } catch {
            verdict.succeed(false)
            return false
        }
        channel.closeFuture.whenComplete { _ in verdict.succeed(false) }
        let timeout = channel.eventLoop.scheduleTask(in: bound) { verdict.succeed(false) }
        defer {
            timeout.cancel()
            channel.close(promise: nil)
        }
        return (try? await verdict.futureResult.get()) ?? false
    }

    /// Completes the verdict on the first error: true for the alerts a server sends when it
    /// wanted a certificate. Completing an already completed promise is ignored.
    final class AlertListener: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        let verdict: EventLoopPromise<Bool>

        init(verdict: EventLoopPromise<Bool>) { self.verdict = verdict }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            let text = "\(error)".uppercased()
            verdict.succeed(text.contains("CERTIFICATE_REQUIRED") || text.contains("HANDSHAKE_FAILURE"))
            context.close(promise: nil)
        }
    }
}

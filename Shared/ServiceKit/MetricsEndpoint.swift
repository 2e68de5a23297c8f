import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import Prometheus
import ServiceLifecycle
import NIOConcurrencyHelpers

/// Serves `GET /metrics` in the Prometheus text format on its own plain-HTTP port, apart from the
/// TLS RPC port, so a scraper needs no token or client certificate. Bind it where only the
/// monitoring network reaches (the default host is the service's).
///
/// Figures that are cheap to read but would be costly to track on every change (the store's
/// file sizes, the feed head) are read by `beforeScrape`, run before each answer: exact when
/// scraped, nothing spent between scrapes, no timer to stop.
public final class MetricsEndpoint: Service, Sendable {
    private let host: String
    private let port: Int
    private let registry: PrometheusCollectorRegistry
    private let beforeScrape: @Sendable () -> Void
    private let group: any EventLoopGroup
    private let bound: EventLoopPromise<Int>
    /// The listening channel while running; `stopped` once shutdown began (a later bind closes at once).
    private let listening = NIOLockedValueBox<(channel: (any Channel)?, stopped: Bool)>((nil, false))

    public init(host: String, port: Int, registry: PrometheusCollectorRegistry,
                group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                beforeScrape: @escaping @Sendable () -> Void = {}) {
        self.host = host
        self.port = port
        self.registry = registry
        self.beforeScrape = beforeScrape
        self.group = group
        self.bound = group.next().makePromise(of: Int.self)
    }

    /// The bound port (waits for `run()` to bind).
    public func localPort() async throws -> Int { try await bound.futureResult.get() }

    public func run() async throws {
        let registry = self.registry
        let beforeScrape = self.beforeScrape
        let channel: any Channel
        do {
            channel = try await ServerBootstrap(group: group)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                        try channel.pipeline.syncOperations.addHandler(MetricsHTTPHandler(registry: registry, beforeScrape: beforeScrape))
                    }
                }
                .bind(host: host, port: port).get()
        } catch {
            bound.fail(error)
            throw error
        }
        bound.succeed(channel.localAddress?.port ?? port)
        let stopped = listening.withLockedValue { state in
            state.channel = channel
            return state.stopped
        }
        if stopped { channel.close(promise: nil) }
        try await withGracefulShutdownHandler {
            try await channel.closeFuture.get()
        } onGracefulShutdown: {
            self.beginGracefulShutdown()
        }
    }

    /// Stops listening; `run()` returns.
    public func beginGracefulShutdown() {
        let channel = listening.withLockedValue { state in
            state.stopped = true
            return state.channel
        }
        channel?.close(promise: nil)
    }
}

/// Answers one HTTP/1.1 request at a time: `/metrics` with the registry's text, anything else 404.
final class MetricsHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let registry: PrometheusCollectorRegistry
    private let beforeScrape: @Sendable () -> Void
    private var request: HTTPRequestHead?

    init(registry: PrometheusCollectorRegistry, beforeScrape: @escaping @Sendable () -> Void) {
        self.registry = registry
        self.beforeScrape = beforeScrape
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): request = head
        case .body: break
        case .end:
            guard let head = request else { return }
            request = nil
            let found = head.method == .GET && (head.uri == "/metrics" || head.uri.hasPrefix("/metrics?"))
            if found { beforeScrape() }
            let body = found ? registry.emitToBuffer() : Array("not found: try /metrics\n".utf8)
            var headers = HTTPHeaders()
            headers.add(name: "content-type", value: found ? "text/plain; version=0.0.4; charset=utf-8" : "text/plain")
            headers.add(name: "content-length", value: "\(body.count)")
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: found ? .ok : .notFound, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil)
            let keepAlive = head.isKeepAlive
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { [channel = context.channel] _ in
                if !keepAlive { channel.close(promise: nil) }
            }
        }
    }
}

extension MetricsEndpoint {
    /// Buckets of every call-duration histogram (`Timer`s), in seconds: most TIBS calls take
    /// well under 5 ms, the Prometheus default's lowest bucket, so the scale starts at 100 µs.
    public static let durationBuckets: [Duration] = [
        .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2),
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    /// The swift-metrics factory of a service: Prometheus over `registry`, with TIBS's buckets.
    public static func factory(registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = durationBuckets
        factory.valueHistogramBuckets[StoreMetrics.batchSizeLabel] = StoreMetrics.batchSizeBuckets
        return factory
    }
}

import NIOCore

/// Limits one server connection enforces (PROTOCOL.md defaults).
public struct ConnectionLimits: Sendable {
    /// The largest frame this server reads, and the largest it sends: the same limit is assumed
    /// for the peer (a response that would be larger ends its call RESOURCE_EXHAUSTED).
    public var maxFrameLength = defaultMaxFrameLength
    public var maxOpenCalls = 128
    /// Closed with GoAway when no call has been open for this long.
    public var idleTimeout: TimeAmount = .minutes(5)
    /// Request messages buffered per client-streaming call before the connection stops reading.
    public var requestBufferHigh = 32
    /// Bytes of answers one connection may have queued for its socket. Beyond it answers wait
    /// (a streaming handler's `send` suspends) and the connection stops reading, so a client
    /// that never reads holds at most this much of the server's memory in its write queue.
    public var maxQueuedWriteBytes = 4 * 1024 * 1024
    /// After GoAway the server sends a Ping and closes once the Pong shows the client has read
    /// the GoAway (so Opens that crossed it were refused, not dropped); at most this long.
    public var goAwayAcknowledgeTimeout: TimeAmount = .seconds(5)
    public init() {}
}

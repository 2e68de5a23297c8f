import NIOCore

/// How many frames a handler wrote since its last flush, and whether a flush is already queued.
struct FlushState {
    /// Frames written since the last flush.
    var pending = 0
    var scheduled = false
}

/// Frames after which a batch is flushed even before the tick ends, so the peer starts on the
/// first answers while later ones are still being made (both ends busy instead of taking turns).
let flushEvery = 16

/// Handlers that write answers from many calls in one event-loop tick flush once at its end:
/// one TLS record and one syscall for many small frames.
protocol CoalescingFlusher: AnyObject, SendableMetatype {
    var flushState: FlushState { get set }
    var flushContext: ChannelHandlerContext? { get }
}

extension CoalescingFlusher {
    /// Marks a write and queues one flush on the event loop if none is queued.
    func scheduleFlush() {
        flushState.pending += 1
        if flushState.pending >= flushEvery {
            flushIfNeeded()
            return
        }
        guard !flushState.scheduled, let context = flushContext else { return }
        flushState.scheduled = true
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        context.eventLoop.execute {
            loopBound.value.flushState.scheduled = false
            loopBound.value.flushIfNeeded()
        }
    }

    /// Flushes now if anything was written since the last flush.
    func flushIfNeeded() {
        guard flushState.pending > 0, let context = flushContext else { return }
        flushState.pending = 0
        context.flush()
    }
}

import NIOCore
import NIOPosix
import Testing
@testable import TIBSRPC

/// Work handed to an event loop from many tasks runs there, all of it, each task's in order.
@Suite struct LoopInboxTests {
    /// Lives on the event loop only (reached through `NIOLoopBound`).
    final class Log {
        var seen: [Int: [Int]] = [:]
    }

    @Test func everySubmissionRunsOnTheLoopInEachSubmittersOrder() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let log = try await loop.submit { NIOLoopBound(Log(), eventLoop: loop) }.get()
        let inbox = LoopInbox<Log>()
        let submitters = 8, each = 500

        await withTaskGroup(of: Void.self) { tasks in
            for submitter in 0..<submitters {
                tasks.addTask {
                    for index in 0..<each {
                        inbox.submit({ log in
                            precondition(loop.inEventLoop, "inbox work ran off its event loop")
                            log.seen[submitter, default: []].append(index)
                        }, on: loop, to: log)
                        if index % 50 == 0 { await Task.yield() }
                    }
                }
            }
        }
        // Submitted last, so it runs after everything above.
        let seen: [Int: [Int]] = try await withCheckedThrowingContinuation { continuation in
            inbox.submit({ log in continuation.resume(returning: log.seen) }, on: loop, to: log)
        }
        #expect(seen.count == submitters)
        for submitter in 0..<submitters {
            #expect(seen[submitter] == Array(0..<each), "submitter \(submitter)'s work ran out of order or went missing")
        }
        try await group.shutdownGracefully()
    }

    /// What ran, in order; lives on the event loop only.
    final class Order {
        var ran: [String] = []
    }

    @Test func runOnTheLoopWaitsForWorkQueuedBeforeIt() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let order = try await loop.submit { NIOLoopBound(Order(), eventLoop: loop) }.get()
        let inbox = LoopInbox<Order>()
        let ran: [String] = try await withCheckedThrowingContinuation { continuation in
            loop.execute {
                // On the loop with work queued: `run` must not overtake it.
                inbox.submit({ $0.ran.append("queued") }, on: loop, to: order)
                inbox.run({ $0.ran.append("run") }, on: loop, to: order)
                inbox.submit({ continuation.resume(returning: $0.ran) }, on: loop, to: order)
            }
        }
        #expect(ran == ["queued", "run"])
        try await group.shutdownGracefully()
    }

    @Test func runFromInsideABatchWaitsForTheRestOfTheBatch() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let order = try await loop.submit { NIOLoopBound(Order(), eventLoop: loop) }.get()
        let inbox = LoopInbox<Order>()
        let ran: [String] = try await withCheckedThrowingContinuation { continuation in
            loop.execute {
                inbox.submit({ target in
                    target.ran.append("first")
                    inbox.run({ $0.ran.append("run by first") }, on: loop, to: order)
                }, on: loop, to: order)
                inbox.submit({ $0.ran.append("second") }, on: loop, to: order)
                inbox.submit({ target in
                    inbox.submit({ continuation.resume(returning: $0.ran) }, on: loop, to: order)
                }, on: loop, to: order)
            }
        }
        #expect(ran == ["first", "second", "run by first"])
        try await group.shutdownGracefully()
    }

    @Test func runOnTheLoopWithNothingQueuedRunsAtOnce() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let order = try await loop.submit { NIOLoopBound(Order(), eventLoop: loop) }.get()
        let inbox = LoopInbox<Order>()
        let ranAtOnce = try await loop.submit { () -> Bool in
            inbox.run({ $0.ran.append("run") }, on: loop, to: order)
            return order.value.ran == ["run"]
        }.get()
        #expect(ranAtOnce)
        try await group.shutdownGracefully()
    }
}

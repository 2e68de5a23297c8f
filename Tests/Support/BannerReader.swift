import Foundation
import Synchronization

/// A child process's standard output as it arrives: copied to a file, scanned for the banner
/// line `… listening on <host>:<port> …` every TIBS server prints once it is bound, whose port
/// ``port()`` returns as soon as the line is there. Tests wait on that event instead of
/// polling a file.
public final class BannerReader: Sendable {
    private struct State {
        var text = ""
        var result: Result<Int, any Error>?
        var waiter: CheckedContinuation<Int, any Error>?
    }
    private let state = Mutex(State())
    private let copy: FileHandle

    public init(copyTo copy: FileHandle) { self.copy = copy }

    /// Everything read so far.
    public var text: String { state.withLock { $0.text } }

    /// Starts `process` with its standard output read by a new reader and returns the port its
    /// banner names. Fails when the process exits first, or after `bound` (only a hung start).
    public static func startAndReadPort(_ process: Process, name: String, copyTo copy: FileHandle,
                                        bound: Duration = .seconds(60)) async throws -> Int {
        let banner = BannerReader(copyTo: copy)
        let pipe = Pipe()
        process.standardOutput = pipe
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil } else { banner.feed(data) }
        }
        process.terminationHandler = { ended in
            banner.finish(.failure(BannerError(description: "\(name) exited with \(ended.terminationStatus): \(banner.text)")))
        }
        try ProcessLauncher.run(process)
        let watchdog = Task {
            try await Task.sleep(for: bound)
            banner.finish(.failure(BannerError(description: "\(name) did not report its port within \(bound): \(banner.text)")))
        }
        defer { watchdog.cancel() }
        do {
            return try await banner.port()
        } catch {
            process.terminate()
            throw error
        }
    }

    func feed(_ data: Data) {
        copy.write(data)
        let port = state.withLock { state -> Int? in
            state.text += String(decoding: data, as: UTF8.self)
            guard let range = state.text.range(of: #"listening on [^\s]+:\d+"#, options: .regularExpression) else { return nil }
            return state.text[range].split(separator: ":").last.flatMap { Int($0) }
        }
        if let port { finish(.success(port)) }
    }

    /// The first result wins; later ones (the process ending after its banner) change nothing.
    func finish(_ result: Result<Int, any Error>) {
        let waiter = state.withLock { state -> CheckedContinuation<Int, any Error>? in
            guard state.result == nil else { return nil }
            state.result = result
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(with: result)
    }

    public func port() async throws -> Int {
        try await withCheckedThrowingContinuation { continuation in
            let ready = state.withLock { state -> Result<Int, any Error>? in
                if let result = state.result { return result }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
    }
}

public struct BannerError: Error, CustomStringConvertible {
    public let description: String
}

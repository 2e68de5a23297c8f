import Foundation
import NIOConcurrencyHelpers

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
    private let state = NIOLockedValueBox(State())
    private let copy: FileHandle

    public init(copyTo copy: FileHandle) { self.copy = copy }

    /// Everything read so far.
    public var text: String { state.withLockedValue { $0.text } }

    /// Starts `path` with its standard output read by a new reader and returns the child and the
    /// port its banner names. Fails when the child exits first, or after `bound` (only a hung start).
    public static func start(_ path: String, _ arguments: [String], environment: [String: String]? = nil,
                             stderr: ChildProcess.Output = .null, name: String, copyTo copy: FileHandle,
                             bound: Duration = .seconds(60)) async throws -> (ChildProcess, Int) {
        let banner = BannerReader(copyTo: copy)
        let child = try ChildProcess.spawn(path, arguments, environment: environment,
                                           stdout: .pipe { data in if let data { banner.feed(data) } }, stderr: stderr)
        let ended = Task {
            let status = await child.exitStatus()
            banner.finish(.failure(BannerError(description: "\(name) exited with \(status): \(banner.text)")))
        }
        let watchdog = Task {
            try await Task.sleep(for: HangBound.scaled(bound))
            banner.finish(.failure(BannerError(description: "\(name) did not report its port within \(HangBound.scaled(bound)): \(banner.text)")))
        }
        defer { watchdog.cancel() }
        do {
            return (child, try await banner.port())
        } catch {
            child.terminate()
            _ = await ended.value
            throw error
        }
    }

    func feed(_ data: Data) {
        copy.write(data)
        let port = state.withLockedValue { state -> Int? in
            state.text += String(decoding: data, as: UTF8.self)
            guard let range = state.text.range(of: #"listening on [^\s]+:\d+"#, options: .regularExpression) else { return nil }
            return state.text[range].split(separator: ":").last.flatMap { Int($0) }
        }
        if let port { finish(.success(port)) }
    }

    /// The first result wins; later ones (the process ending after its banner) change nothing.
    func finish(_ result: Result<Int, any Error>) {
        let waiter = state.withLockedValue { state -> CheckedContinuation<Int, any Error>? in
            guard state.result == nil else { return nil }
            state.result = result
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(with: result)
    }

    public func port() async throws -> Int {
        try await withCheckedThrowingContinuation { continuation in
            let ready = state.withLockedValue { state -> Result<Int, any Error>? in
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

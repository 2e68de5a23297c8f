import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A loopback port that refuses connections for as long as `body` runs: a socket bound to it
/// that never listens, so a connect gets ECONNREFUSED at once, and no other test can take the
/// port meanwhile (a port bound to learn a free one and closed again can be reused by a test
/// running beside it, which then answers).
public enum RefusingPort {
    public static func with<T>(_ body: (Int) async throws -> T) async throws -> T {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw RefusingPortError("socket: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw RefusingPortError("bind: errno \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw RefusingPortError("getsockname: errno \(errno)") }
        return try await body(Int(UInt16(bigEndian: address.sin_port)))
    }
}

public struct RefusingPortError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

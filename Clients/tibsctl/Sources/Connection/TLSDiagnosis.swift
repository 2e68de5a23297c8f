import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import X509

#if canImport(Glibc)
import Glibc
#endif

/// Names the certificate problem behind a failed TLS handshake, so the user reads "expired at …" or
/// "is for [localhost], not for 'db1'" instead of BoringSSL's CERTIFICATE_VERIFY_FAILED.
///
/// After a handshake fails, ``diagnose(_:)`` connects once more, accepts whatever the server
/// presents (nothing is sent over that connection), and checks the chain against the configured
/// trust roots itself.
public enum TLSDiagnosis {
    /// Why the server's certificate is not acceptable, or nil when the certificate looks right (then
    /// the failure lies elsewhere, e.g. the server wants a client certificate).
    public static func analyze(chain: [Certificate], roots: [Certificate], rootsSource: String, name: String, now: Date = Date()) -> String? {
        guard let leaf = chain.first else { return "the server presented no certificate" }
        let subject = "the server's certificate (\(leaf.subject))"
        if now > leaf.notValidAfter { return "\(subject) expired at \(leaf.notValidAfter.formatted(.iso8601))" }
        if now < leaf.notValidBefore { return "\(subject) is not valid before \(leaf.notValidBefore.formatted(.iso8601)) (check the clocks)" }
        if !chainsToRoot(leaf, presented: Array(chain.dropFirst()), roots: roots) {
            if roots.isEmpty || rootsSource == "the system trust store" {
                return "\(subject) is issued by \(leaf.issuer), which \(rootsSource) does not trust; pass the deployment's CA with --ca"
            }
            return "\(subject) is issued by \(leaf.issuer), but the trusted CA in \(rootsSource) (\(roots.map { "\($0.subject)" }.joined(separator: "; "))) did not sign it"
        }
        let names = subjectAlternativeNames(leaf)
        if !matches(name: name, names: names) {
            return "\(subject) is for [\(names.map(\.text).joined(separator: ", "))], not for '\(name)'; dial one of those names or set --server-name"
        }
        return nil
    }

    /// Whether `certificate` leads, through the certificates the server presented, to a trusted root.
    static func chainsToRoot(_ certificate: Certificate, presented: [Certificate], roots: [Certificate]) -> Bool {
        func signs(_ issuer: Certificate, _ subject: Certificate) -> Bool {
            issuer.subject == subject.issuer && issuer.publicKey.isValidSignature(subject.signature, for: subject)
        }
        var current = certificate
        for _ in 0...presented.count {
            if roots.contains(where: { $0 == current || signs($0, current) }) { return true }
            guard let parent = presented.first(where: { $0 != current && signs($0, current) }) else { return false }
            current = parent
        }
        return false
    }

    static let clientCertificateRequired = "the server refused the handshake; it requires a client certificate (pass --cert and --key)"

    /// Connects without verifying, reads the server's chain, and explains what is wrong with it.
    /// With `blameClientCertificate`, a chain that looks right means the server wanted a client
    /// certificate (when none was given); without it, nil.
    public static func diagnose(_ settings: ConnectionSettings, blameClientCertificate: Bool = true) async -> String? {
        guard let chain = try? await fetchChain(host: settings.host, port: settings.port, serverName: settings.serverName) else { return nil }
        var roots: [Certificate] = []
        var source = "the system trust store"
        if let caPath = settings.caPath {
            source = caPath
            if let text = try? String(contentsOfFile: caPath, encoding: .utf8) {
                roots = pemBlocks(text).compactMap { try? Certificate(pemEncoded: $0) }
            }
        }
        if let reason = analyze(chain: chain, roots: roots, rootsSource: source, name: settings.serverName ?? settings.host) { return reason }
        if blameClientCertificate, settings.certPath == nil { return clientCertificateRequired }
        return nil
    }

    /// A readable reason from NIOSSL's error text, when no diagnosis is possible.
    public static func reason(fromDetail detail: String) -> String {
        let upper = detail.uppercased()
        if upper.contains("CERTIFICATE_REQUIRED") || upper.contains("HANDSHAKE_FAILURE") { return clientCertificateRequired }
        if upper.contains("CERTIFICATE_VERIFY_FAILED") { return "the server's certificate could not be verified" }
        if upper.contains("WRONG_VERSION_NUMBER") { return "the server does not speak TLS on this port" }
        if upper.contains("EOF DURING HANDSHAKE") { return "the server closed the connection during the handshake (it may be at its connection limit)" }
        return "the TLS handshake failed (--verbose shows the TLS library's error)"
    }

    /// Every path completes `captured` exactly once (a promise left pending is a crash in debug
    /// builds: "leaking promise"): the certificate callback succeeds it, a failed connect or set-up
    /// fails it, and the channel's close fails it if nothing else did (failing a completed promise
    /// is ignored).
    static func fetchChain(host: String, port: Int, serverName: String?, connectTimeout: TimeAmount = .seconds(5)) async throws -> [Certificate] {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        let context = try NIOSSLContext(configuration: configuration)
        let captured = MultiThreadedEventLoopGroup.singleton.next().makePromise(of: [Certificate].self)
        let sni = (serverName ?? host)
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(connectTimeout)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let handler = try NIOSSLClientHandler(
                            context: context, serverHostname: isIP(sni) ? nil : sni,
                            customVerificationCallback: { certificates, verdict in
                                captured.succeed(certificates.compactMap { try? Certificate(derEncoded: $0.toDERBytes()) })
                                verdict.succeed(.failed)  // nothing is sent on this connection
                            })
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                }
                .connect(host: host, port: port).get()
        } catch {
            captured.fail(error)
            throw error
        }
        channel.closeFuture.whenComplete { _ in captured.fail(ChannelError.ioOnClosedChannel) }
        let timeout = channel.eventLoop.scheduleTask(in: .seconds(5)) { channel.close(promise: nil) }
        defer {
            timeout.cancel()
            channel.close(promise: nil)
        }
        return try await captured.futureResult.get()
    }

    struct SubjectName {
        let text: String
        let dns: String?
        let ip: [UInt8]?
    }

    static func subjectAlternativeNames(_ certificate: Certificate) -> [SubjectName] {
        guard let names = try? certificate.extensions.subjectAlternativeNames else { return [] }
        return names.compactMap { name in
            switch name {
            case .dnsName(let dns): return SubjectName(text: dns, dns: dns.lowercased(), ip: nil)
            case .ipAddress(let octets):
                let bytes = Array(octets.bytes)
                return SubjectName(text: ipText(bytes), dns: nil, ip: bytes)
            default: return nil
            }
        }
    }

    static func matches(name: String, names: [SubjectName]) -> Bool {
        if let ip = ipBytes(name) { return names.contains { $0.ip == ip } }
        let wanted = name.lowercased()
        return names.contains { entry in
            guard let dns = entry.dns else { return false }
            if dns == wanted { return true }
            if dns.hasPrefix("*."), let dot = wanted.firstIndex(of: ".") { return wanted[dot...] == dns.dropFirst() }
            return false
        }
    }

    static func pemBlocks(_ text: String) -> [String] {
        var blocks: [String] = []
        var current: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("-----BEGIN ") { current = [line] } else if !current.isEmpty { current.append(line) }
            if line.hasPrefix("-----END "), !current.isEmpty {
                blocks.append(current.joined(separator: "\n"))
                current = []
            }
        }
        return blocks
    }

    static func isIP(_ text: String) -> Bool { ipBytes(text) != nil }

    static func ipBytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }

    static func ipText(_ bytes: [UInt8]) -> String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        var groups: [String] = []
        var index = 0
        while index + 1 < bytes.count {
            groups.append(String(UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1]), radix: 16))
            index += 2
        }
        return groups.joined(separator: ":")
    }
}

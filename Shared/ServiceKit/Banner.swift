import Foundation
import X509

/// The lines a service prints when it starts: where it listens, where its data is, who it is.
/// `{port}` and `{metrics-port}` are replaced once the ports are bound (they may have been 0).
enum Banner {
    static func lines(service: String, host: String, databasePath: String, certificatePEM: String,
                      requireClientCertificate: Bool, issuerKeyIDs: [String], methods: Int, metrics: Bool,
                      grpc: Bool = false) -> [String] {
        var lines = ["\(service) listening on \(host):{port} (TLS, ALPN tibs/1\(requireClientCertificate ? ", client certificates required" : ""))",
                     "  data:        \(databasePath)"]
        // The leaf: the first of the chain (`tibsctl certs init` writes certificate then CA).
        if let certificate = (try? ConfigCheck.certificates(certificatePEM, source: "--tls-cert"))?.first {
            var names: [String] = []
            if let san = try? certificate.extensions.subjectAlternativeNames {
                for name in san {
                    switch name {
                    case .dnsName(let dns): names.append(dns)
                    case .ipAddress(let bytes): names.append(ipText(Array(bytes.bytes)))
                    default: continue
                    }
                }
            }
            lines.append("  identity:    \(certificate.subject) [\(names.joined(separator: ", "))], valid until \(certificate.notValidAfter.formatted(.iso8601))")
            lines.append("  issued by:   \(certificate.issuer)")
        }
        lines.append(grpc ? "  grpc:        \(host):{grpc-port} (TLS, ALPN h2; gRPC with server reflection)" : "  grpc:        off")
        lines.append("  token keys:  \(issuerKeyIDs.joined(separator: ", "))")
        lines.append("  methods:     \(methods)")
        lines.append(metrics ? "  metrics:     http://\(host):{metrics-port}/metrics" : "  metrics:     off")
        return lines
    }

    private static func ipText(_ bytes: [UInt8]) -> String {
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

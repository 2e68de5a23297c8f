import Crypto
import Foundation
import SwiftASN1
import X509

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The extension sets TIBS puts in its certificates, kept in one place so CA and leaves stay consistent.
enum CertificateProfiles {
    /// Root CA: may sign leaf certificates only (path length 0), nothing else.
    static func authority(publicKey: Certificate.PublicKey) throws -> Certificate.Extensions {
        try Certificate.Extensions {
            Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
            Critical(KeyUsage(digitalSignature: true, keyCertSign: true, cRLSign: true))
            SubjectKeyIdentifier(hash: publicKey)
        }
    }

    /// TLS server leaf: serverAuth, with every name clients will dial as SANs.
    static func server(
        publicKey: Certificate.PublicKey,
        issuerKeyID: ArraySlice<UInt8>?,
        names: [GeneralName]
    ) throws -> Certificate.Extensions {
        try Certificate.Extensions {
            Critical(BasicConstraints.notCertificateAuthority)
            Critical(KeyUsage(digitalSignature: true))
            try ExtendedKeyUsage([.serverAuth])
            SubjectAlternativeNames(names)
            SubjectKeyIdentifier(hash: publicKey)
            AuthorityKeyIdentifier(keyIdentifier: issuerKeyID)
        }
    }

    /// TLS client leaf (mutual TLS): clientAuth; identified by its subject common name.
    static func client(publicKey: Certificate.PublicKey, issuerKeyID: ArraySlice<UInt8>?) throws -> Certificate.Extensions {
        try Certificate.Extensions {
            Critical(BasicConstraints.notCertificateAuthority)
            Critical(KeyUsage(digitalSignature: true))
            try ExtendedKeyUsage([.clientAuth])
            SubjectKeyIdentifier(hash: publicKey)
            AuthorityKeyIdentifier(keyIdentifier: issuerKeyID)
        }
    }

    /// SAN entries for DNS names and textual IPv4/IPv6 addresses (e.g. "127.0.0.1", "::1").
    static func subjectAlternativeNames(dnsNames: [String], ipAddresses: [String]) throws(PKIError) -> [GeneralName] {
        var names = dnsNames.map { GeneralName.dnsName($0) }
        for text in ipAddresses {
            names.append(.ipAddress(ASN1OctetString(contentBytes: try ipAddressBytes(text))))
        }
        guard !names.isEmpty else { throw .noSubjectAlternativeNames }
        return names
    }

    /// Network-order bytes (4 or 16) of a textual address, via inet_pton as the X509 verifier does.
    static func ipAddressBytes(_ text: String) throws(PKIError) -> ArraySlice<UInt8> {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { ArraySlice($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { ArraySlice($0) }
        }
        throw .invalidIPAddress(text)
    }

    /// Distinguished name used for both CA and leaves: the common name under organisation "TIBS".
    static func name(commonName: String) throws -> DistinguishedName {
        try DistinguishedName {
            OrganizationName("TIBS")
            CommonName(commonName)
        }
    }
}

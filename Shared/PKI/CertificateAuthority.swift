import Crypto
import Foundation
import SwiftASN1
import X509

/// A deployment's private certificate authority, made in-process (tests, `tibsctl certs init`) — no
/// OpenSSL CLI needed.
///
/// Keep ``privateKeyPEM`` secret (write it with `PEMFiles.write(_:to:privateKey: true)`); services only
/// need ``certificatePEM`` as their trust root. All certificates start five minutes before `now` to
/// tolerate clock skew between hosts, and a leaf never outlives its CA.
public struct CertificateAuthority: Sendable {
    /// Back-dating applied to every `notValidBefore`.
    public static let clockSkewAllowance: TimeInterval = 300

    public let certificate: Certificate
    public let certificatePEM: String
    /// The CA signing key as PKCS#8 `PRIVATE KEY`.
    public let privateKeyPEM: String
    private let signingKey: Certificate.PrivateKey

    private init(certificate: Certificate, signingKey: Certificate.PrivateKey) throws {
        self.certificate = certificate
        self.signingKey = signingKey
        self.certificatePEM = try certificate.serializeAsPEM().pemString.endingWithNewline
        self.privateKeyPEM = try signingKey.serializeAsPEM().pemString.endingWithNewline
    }

    /// Creates a self-signed root with a new P-256 key, valid from `now` for `validity` seconds.
    public static func create(commonName: String, validity: TimeInterval, now: Date) throws -> CertificateAuthority {
        guard validity > 0 else { throw PKIError.invalidValidity("validity must be positive") }
        let key = Certificate.PrivateKey(P256.Signing.PrivateKey())
        let name = try CertificateProfiles.name(commonName: commonName)
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: key.publicKey,
            notValidBefore: now.addingTimeInterval(-clockSkewAllowance),
            notValidAfter: now.addingTimeInterval(validity),
            issuer: name,
            subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try CertificateProfiles.authority(publicKey: key.publicKey),
            issuerPrivateKey: key
        )
        return try CertificateAuthority(certificate: certificate, signingKey: key)
    }

    /// Loads a CA written earlier from ``certificatePEM`` and ``privateKeyPEM`` (P-256, PKCS#8 or SEC1 PEM).
    /// - Throws: ``PKIError/notACertificateAuthority`` or ``PKIError/keyDoesNotMatchCertificate`` for a wrong
    ///   pair; swift-certificates/SwiftASN1 errors for unparsable PEM.
    public init(certificatePEM: String, privateKeyPEM: String) throws {
        let certificate = try Certificate(pemEncoded: certificatePEM)
        let key = Certificate.PrivateKey(try P256.Signing.PrivateKey(pemRepresentation: privateKeyPEM))
        guard case .isCertificateAuthority = try certificate.extensions.basicConstraints else {
            throw PKIError.notACertificateAuthority
        }
        guard key.publicKey == certificate.publicKey else { throw PKIError.keyDoesNotMatchCertificate }
        try self.init(certificate: certificate, signingKey: key)
    }

    /// Issues a TLS server certificate with a new P-256 key.
    /// - Parameters:
    ///   - dnsNames: host names clients dial (e.g. "localhost", "registry.tibs.internal").
    ///   - ipAddresses: textual IPv4/IPv6 addresses clients dial (e.g. "127.0.0.1", "::1").
    /// - Throws: ``PKIError/noSubjectAlternativeNames`` when both lists are empty,
    ///   ``PKIError/invalidIPAddress(_:)`` for an unparsable address.
    public func issueServerCertificate(
        commonName: String,
        dnsNames: [String],
        ipAddresses: [String],
        validity: TimeInterval,
        now: Date
    ) throws -> IssuedCertificate {
        let names = try CertificateProfiles.subjectAlternativeNames(dnsNames: dnsNames, ipAddresses: ipAddresses)
        return try issue(commonName: commonName, validity: validity, now: now) { publicKey, issuerKeyID in
            try CertificateProfiles.server(publicKey: publicKey, issuerKeyID: issuerKeyID, names: names)
        }
    }

    /// Issues a TLS client certificate (clientAuth) with a new P-256 key, for mutual TLS.
    public func issueClientCertificate(commonName: String, validity: TimeInterval, now: Date) throws -> IssuedCertificate {
        try issue(commonName: commonName, validity: validity, now: now) { publicKey, issuerKeyID in
            try CertificateProfiles.client(publicKey: publicKey, issuerKeyID: issuerKeyID)
        }
    }

    private func issue(
        commonName: String,
        validity: TimeInterval,
        now: Date,
        extensions: (Certificate.PublicKey, ArraySlice<UInt8>?) throws -> Certificate.Extensions
    ) throws -> IssuedCertificate {
        guard validity > 0 else { throw PKIError.invalidValidity("validity must be positive") }
        let notAfter = min(now.addingTimeInterval(validity), certificate.notValidAfter)
        let notBefore = now.addingTimeInterval(-Self.clockSkewAllowance)
        guard notBefore < notAfter else { throw PKIError.invalidValidity("the CA expires before \(now)") }

        let leafKey = P256.Signing.PrivateKey()
        let publicKey = Certificate.PublicKey(leafKey.publicKey)
        let issuerKeyID = try certificate.extensions.subjectKeyIdentifier?.keyIdentifier
        let leaf = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: publicKey,
            notValidBefore: notBefore,
            notValidAfter: notAfter,
            issuer: certificate.subject,
            subject: try CertificateProfiles.name(commonName: commonName),
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try extensions(publicKey, issuerKeyID),
            issuerPrivateKey: signingKey
        )
        let leafPEM = try leaf.serializeAsPEM().pemString.endingWithNewline
        return IssuedCertificate(
            certificate: leaf,
            certificatePEM: leafPEM,
            privateKeyPEM: leafKey.pemRepresentation.endingWithNewline,
            chainPEM: leafPEM + certificatePEM
        )
    }
}

extension String {
    /// PEM text as files conventionally hold it, so concatenated PEMs form a valid bundle.
    fileprivate var endingWithNewline: String { hasSuffix("\n") ? self : self + "\n" }
}

import Crypto
import Foundation

/// Ed25519 issuer keys as PEM files, readable by OpenSSL and swift-certificates:
/// private keys as PKCS#8 `PRIVATE KEY`, public keys as SPKI `PUBLIC KEY` (RFC 8410).
///
/// swift-crypto 3.12 has no PEM/DER for Curve25519, and both encodings of an Ed25519 key are a fixed
/// prefix plus the 32 key bytes, so they are written here directly. Reading accepts exactly that form
/// (what `openssl genpkey -algorithm ed25519` produces); PKCS#8 v2 with an embedded public key is refused.
public enum IssuerKeyFile {
    static let privateKeyLabel = "PRIVATE KEY"
    static let publicKeyLabel = "PUBLIC KEY"
    // SEQUENCE { INTEGER 0, SEQUENCE { OID 1.3.101.112 }, OCTET STRING { OCTET STRING (32) } }
    static let pkcs8Prefix: [UInt8] = [0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]
    // SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (0 unused bits, 32 bytes) }
    static let spkiPrefix: [UInt8] = [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00]

    /// The default key id for a public key: hex of the first 8 bytes of SHA-256 over its 32 raw bytes.
    /// Stable, so every verifier derives the same id from the same public key file.
    public static func keyID(for publicKey: Curve25519.Signing.PublicKey) -> String {
        SHA256.hash(data: publicKey.rawRepresentation).prefix(8).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 0x10 ? "0" + hex : hex
        }.joined()
    }

    // MARK: PEM text

    /// PKCS#8 `PRIVATE KEY` PEM text (secret: store it with ``writePrivateKey(_:to:)``).
    public static func pem(privateKey: Curve25519.Signing.PrivateKey) -> String {
        PEM.encode(der: pkcs8Prefix + privateKey.rawRepresentation, label: privateKeyLabel)
    }

    /// SPKI `PUBLIC KEY` PEM text, for verifiers.
    public static func pem(publicKey: Curve25519.Signing.PublicKey) -> String {
        PEM.encode(der: spkiPrefix + publicKey.rawRepresentation, label: publicKeyLabel)
    }

    /// Parses a PKCS#8 Ed25519 `PRIVATE KEY` block (the first one in `pem`).
    public static func privateKey(pem: String) throws(KeyFileError) -> Curve25519.Signing.PrivateKey {
        let der = try PEM.decode(pem, label: privateKeyLabel)
        guard der.count == pkcs8Prefix.count + 32, der.starts(with: pkcs8Prefix),
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: der.dropFirst(pkcs8Prefix.count))
        else { throw .notEd25519(privateKeyLabel) }
        return key
    }

    /// Parses an SPKI Ed25519 `PUBLIC KEY` block (the first one in `pem`).
    public static func publicKey(pem: String) throws(KeyFileError) -> Curve25519.Signing.PublicKey {
        let der = try PEM.decode(pem, label: publicKeyLabel)
        guard der.count == spkiPrefix.count + 32, der.starts(with: spkiPrefix),
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: der.dropFirst(spkiPrefix.count))
        else { throw .notEd25519(publicKeyLabel) }
        return key
    }

    // MARK: Files

    /// Writes the private key with mode 0600 (created so, never world-readable in between), replacing
    /// any file at `path` atomically.
    public static func writePrivateKey(_ key: Curve25519.Signing.PrivateKey, to path: String) throws(KeyFileError) {
        try io { () throws(SecureFileError) in try SecureFile.replace(path, with: Data(pem(privateKey: key).utf8), mode: 0o600) }
    }

    /// Writes the public key with mode 0644, replacing any file at `path` atomically.
    public static func writePublicKey(_ key: Curve25519.Signing.PublicKey, to path: String) throws(KeyFileError) {
        try io { () throws(SecureFileError) in try SecureFile.replace(path, with: Data(pem(publicKey: key).utf8), mode: 0o644) }
    }

    /// Reads a key written by ``writePrivateKey(_:to:)`` or `openssl genpkey -algorithm ed25519`.
    public static func readPrivateKey(at path: String) throws(KeyFileError) -> Curve25519.Signing.PrivateKey {
        try privateKey(pem: io { () throws(SecureFileError) in try SecureFile.readText(at: path) })
    }

    /// Reads a key written by ``writePublicKey(_:to:)`` or `openssl pkey -pubout`.
    public static func readPublicKey(at path: String) throws(KeyFileError) -> Curve25519.Signing.PublicKey {
        try publicKey(pem: io { () throws(SecureFileError) in try SecureFile.readText(at: path) })
    }
}

/// Failure to read, write or decode a key file; the description names the path or the expected PEM label.
extension IssuerKeyFile {
    /// Runs a file operation, reporting its failure as a ``KeyFileError``.
    fileprivate static func io<T>(_ body: () throws(SecureFileError) -> T) throws(KeyFileError) -> T {
        do {
            return try body()
        } catch {
            throw .io(path: error.path, reason: error.reason)
        }
    }
}

public enum KeyFileError: Error, Equatable, Sendable, CustomStringConvertible {
    case io(path: String, reason: String)
    case notPEM(expectedLabel: String)
    case notEd25519(String)

    public var description: String {
        switch self {
        case .io(let path, let reason): "\(path): \(reason)"
        case .notPEM(let label): "not a PEM '\(label)' block"
        case .notEd25519(let label): "PEM '\(label)' does not hold an Ed25519 key"
        }
    }
}

/// Minimal PEM (RFC 7468): one block, base64 body in 64-column lines.
enum PEM {
    static func encode(der: some Collection<UInt8>, label: String) -> String {
        let body = Data(der).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        return "-----BEGIN \(label)-----\n\(body)\n-----END \(label)-----\n"
    }

    static func decode(_ text: String, label: String) throws(KeyFileError) -> Data {
        let begin = "-----BEGIN \(label)-----", end = "-----END \(label)-----"
        guard let start = text.range(of: begin), let stop = text.range(of: end, range: start.upperBound..<text.endIndex)
        else { throw .notPEM(expectedLabel: label) }
        let body = text[start.upperBound..<stop.lowerBound].filter { !$0.isWhitespace }
        guard let der = Data(base64Encoded: String(body)) else { throw .notPEM(expectedLabel: label) }
        return der
    }
}

import Foundation
import TIBSDomain

/// The opaque `page_token` of every listing: the cursor (last id of the previous page) and
/// a fingerprint of the filters it was made for (``PageFilter``), so a token replayed with
/// other filters is refused instead of silently paging through a different result.
///
/// Not a secret: it only names an id the caller has already seen.
public enum PageToken {
    public static func make(after id: String, filterFingerprint: String) -> String {
        Data("v1|\(filterFingerprint)|\(id)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// The cursor in `token`, nil for an empty token; a violation on `field` when the token is
    /// malformed or was made for other filters. A cursor is an entity id unless `isCursor` says
    /// otherwise (a code list pages by code).
    public static func cursor(_ token: String, filterFingerprint: String, field: String = "page.page_token",
                              isCursor: (String) -> Bool = UUIDv7Generator.isValid) throws(ValidationErrors) -> String? {
        if token.isEmpty { return nil }
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else {
            throw ValidationErrors(field: field, "is not a page token of this service")
        }
        let parts = text.split(separator: "|", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "v1", isCursor(String(parts[2])) else {
            throw ValidationErrors(field: field, "is not a page token of this service")
        }
        guard parts[1] == filterFingerprint else {
            throw ValidationErrors(field: field, "was made for other filters; start again without a page token")
        }
        return String(parts[2])
    }

    /// A short stable digest of a filter's key (FNV-1a, 64 bits, hex).
    public static func fingerprint(_ key: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }

    /// A page size from the request: 0 means the default; above the limit is a violation.
    public static func size(_ requested: UInt32, field: String = "page.page_size") throws(ValidationErrors) -> Int {
        if requested == 0 { return PageRequest.defaultSize }
        guard requested <= PageRequest.maxSize else {
            throw ValidationErrors(field: field, "must be at most \(PageRequest.maxSize)")
        }
        return Int(requested)
    }

    /// The page a request asks for, its token checked against `fingerprint` (and its cursor by `isCursor`).
    public static func request(size requested: UInt32, token: String, fingerprint: String,
                               isCursor: (String) -> Bool = UUIDv7Generator.isValid) throws(ValidationErrors) -> PageRequest {
        var v = Validator()
        var size = PageRequest.defaultSize
        var after: String?
        v.collect { () throws(ValidationErrors) in size = try self.size(requested) }
        v.collect { () throws(ValidationErrors) in after = try cursor(token, filterFingerprint: fingerprint, isCursor: isCursor) }
        try v.throwIfAny()
        return PageRequest(size: size, after: after)
    }
}

import Foundation
import TIBSIdentity

/// Writing and reading PEM files for `tibsctl certs init` and `token issue`.
public enum PEMFiles {
    /// Atomically replaces `path` with `string`. Private keys get mode 0600 from the moment the file
    /// exists (created so, then renamed into place); everything else gets 0644.
    public static func write(_ string: String, to path: String, privateKey: Bool) throws(PKIError) {
        do {
            try SecureFile.replace(path, with: Data(string.utf8), mode: privateKey ? 0o600 : 0o644)
        } catch {
            throw .io(path: error.path, reason: error.reason)
        }
    }

    /// Reads a PEM (or any UTF-8) file.
    public static func read(_ path: String) throws(PKIError) -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .io(path: path, reason: "cannot read file")
        }
    }
}

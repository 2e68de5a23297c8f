import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Where tibsctl writes: results to standard output (so they pipe), messages and progress to
/// standard error.
public enum Console {
    public static func out(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    public static func err(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Progress text rewritten in place on a terminal (`\r`); nothing is written when stderr is not one.
    public static func progress(_ text: String) {
        FileHandle.standardError.write(Data(("\r\u{1B}[2K" + text).utf8))
    }

    public static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
    public static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
}

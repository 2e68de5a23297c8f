import Foundation

/// The one precedence rule of every TIBS program's settings, written once for the services'
/// options (`ServiceOptions.resolved`) and `tibsctl`'s connection settings alike. Highest
/// first: a command-line flag, a `TIBS_*` environment variable, a settings file (tibsctl's
/// profile), the default. An empty environment variable or file value counts as unset.
///
/// Not apple/swift-configuration (see docs/architecture.md, "Settings"): the flags are
/// ArgumentParser's, which owns `--help` and validation, and callers need to know which source
/// a value came from for their messages.
public struct SettingSources: Sendable {
    /// A value and where it came from ("--address", "TIBS_ADDRESS", "profile dev").
    public struct Setting: Sendable, Equatable {
        public var value: String
        public var source: String

        public init(value: String, source: String) {
            self.value = value
            self.source = source
        }
    }

    /// A settings file: its name for messages and a lookup of its keys.
    public struct File: Sendable {
        public var name: String
        public var value: @Sendable (String) -> String?

        public init(name: String, value: @escaping @Sendable (String) -> String?) {
            self.name = name
            self.value = value
        }
    }

    public let environment: [String: String]
    public let file: File?

    public init(environment: [String: String], file: File? = nil) {
        self.environment = environment
        self.file = file
    }

    /// The highest source that sets the value, or nil when none does (the caller's default applies).
    public func pick(flag: String?, flagName: String, variable: String, fileKey: String? = nil) -> Setting? {
        if let flag { return Setting(value: flag, source: flagName) }
        if let value = environment[variable], !value.isEmpty { return Setting(value: value, source: variable) }
        if let file, let fileKey, let value = file.value(fileKey), !value.isEmpty { return Setting(value: value, source: file.name) }
        return nil
    }

    /// A list setting (`--follow a=h:1 --follow b=h:2`, or `--follow a=h:1,b=h:2`, or
    /// `TIBS_FOLLOW=a=h:1,b=h:2`): the flags' items when any flag is given, else the variable's;
    /// items are comma-separated in either, blanks dropped.
    public func list(flags: [String], variable: String) -> [String] {
        func items(_ text: String) -> [String] {
            text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        return flags.isEmpty ? items(environment[variable] ?? "") : flags.flatMap(items)
    }

    /// `--max-frame-bytes` for `TIBS_MAX_FRAME_BYTES`: the flag a variable stands for.
    public static func flagName(forVariable variable: String) -> String {
        "--" + variable.lowercased().replacingOccurrences(of: "tibs_", with: "").replacingOccurrences(of: "_", with: "-")
    }
}

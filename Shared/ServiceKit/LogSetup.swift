import Foundation
import Logging
import NIOConcurrencyHelpers

/// Structured log lines: one JSON object per line on standard error (or `key=value` text for
/// people at a terminal). Every line carries time, level, label, message and the metadata,
/// `request-id` among them for lines logged during a call.
public enum LogSetup {
    /// Installs the process-wide log handler. Call once, first thing in `main`.
    public static func bootstrap(level: String, format: String) {
        let parsed = self.level(level) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StructuredLogHandler(label: label, json: format != "text")
            handler.logLevel = parsed
            return handler
        }
    }

    public static func level(_ text: String) -> Logger.Level? { Logger.Level(rawValue: text.lowercased()) }
}

/// Writes one line per log event; lines of concurrent tasks never interleave.
public struct StructuredLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    let label: String
    let json: Bool
    private static let output = NIOLockedValueBox(FileHandle.standardError)

    public init(label: String, json: Bool) {
        self.label = label
        self.json = json
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        let line = json
            ? Self.jsonLine(level: event.level, label: label, message: "\(event.message)", metadata: merged)
            : Self.textLine(level: event.level, label: label, message: "\(event.message)", metadata: merged)
        Self.output.withLockedValue { $0.write(Data((line + "\n").utf8)) }
    }

    static func jsonLine(level: Logger.Level, label: String, message: String, metadata: Logger.Metadata) -> String {
        var object: [String: String] = ["time": timestamp(), "level": level.rawValue, "logger": label, "msg": message]
        for (key, value) in metadata where object[key] == nil { object[key] = "\(value)" }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    static func textLine(level: Logger.Level, label: String, message: String, metadata: Logger.Metadata) -> String {
        let fields = metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\(quoted("\($0.value)"))" }
        return ([timestamp(), level.rawValue.uppercased(), label, quoted(message)] + fields).joined(separator: " ")
    }

    private static func quoted(_ text: String) -> String {
        text.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\\\"") + "\"" : text
    }

    private static func timestamp() -> String {
        Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }
}

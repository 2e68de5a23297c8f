import Foundation

/// One scrape of a service's `/metrics` (Prometheus text), parsed into samples: what the
/// metrics tests check exact values in.
public struct MetricsScrape: Sendable {
    /// A sample line: `name{label="value",…} number`.
    public struct Sample: Sendable, Equatable {
        public var name: String
        public var labels: [String: String]
        public var value: Double
    }

    public let text: String
    public let samples: [Sample]

    /// GETs `http://127.0.0.1:port/metrics` over a plain socket and parses the answer.
    public static func fetch(port: Int) async throws -> MetricsScrape {
        let connection = try await RawConnection.connect(port: port, tls: nil)
        try await connection.send(Array("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8))
        let answer = String(decoding: await connection.readUntilClosed(), as: UTF8.self)
        await connection.close()
        guard answer.hasPrefix("HTTP/1.1 200"), let split = answer.range(of: "\r\n\r\n") else {
            throw ProcessTestError("metrics on port \(port) answered: \(answer.prefix(200))")
        }
        return MetricsScrape(text: String(answer[split.upperBound...]))
    }

    public init(text: String) {
        self.text = text
        samples = text.split(separator: "\n").compactMap { line -> Sample? in
            guard !line.hasPrefix("#"), let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { return nil }
            let series = line[..<space]
            guard let brace = series.firstIndex(of: "{") else { return Sample(name: String(series), labels: [:], value: value) }
            var labels: [String: String] = [:]
            // Label values here never hold `",` (method paths, codes, upstream names, numbers).
            for pair in series[series.index(after: brace)...].dropLast().components(separatedBy: "\",") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else { continue }
                labels[String(parts[0])] = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
            return Sample(name: String(series[..<brace]), labels: labels, value: value)
        }
    }

    /// The value of the one sample named `name` whose labels include `labels`; nil when none.
    public func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        all(name, labels).first?.value
    }

    /// Every sample named `name` whose labels include `labels`.
    public func all(_ name: String, _ labels: [String: String] = [:]) -> [Sample] {
        samples.filter { sample in sample.name == name && labels.allSatisfy { key, value in sample.labels[key] == value } }
    }

    /// The metrics port a service's banner names (`metrics: http://HOST:PORT/metrics`) in `output`.
    public static func port(inBanner output: URL) throws -> Int {
        let text = try String(contentsOf: output, encoding: .utf8)
        guard let range = text.range(of: #"metrics: +http://[^\s]+:\d+/metrics"#, options: .regularExpression),
              let port = text[range].split(separator: ":").last?.split(separator: "/").first.flatMap({ Int($0) }) else {
            throw ProcessTestError("no metrics port in the banner: \(text)")
        }
        return port
    }
}

import Foundation
import Yams

/// The deployment files under docker/ read as data: the compose file with its overrides merged as
/// `docker compose -f a -f b` merges them, and the Kubernetes manifests, reduced to what each
/// service's container runs (command, environment, ports), so a test can hand that to the real
/// executable.
struct ContainerSpec: Sendable, CustomStringConvertible {
    /// Where it was read from, for messages: "compose.yaml: registry".
    var origin: String
    var command: [String]
    var environment: [String: String]
    /// Container ports the file publishes or declares (compose `ports` targets, Kubernetes `containerPort`).
    var ports: [Int]
    /// The command of each probe or health check.
    var probes: [[String]]

    var description: String { origin }
}

enum DeploymentFiles {
    /// The repository's docker/ folder, found from this source file.
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docker")

    static func text(_ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }

    /// `${NAME}`, `${NAME:-default}` and `${NAME:?message}` replaced as compose does; a `:?`
    /// variable missing from `variables` is an error, like `docker compose config`.
    static func interpolate(_ text: String, _ variables: [String: String]) throws -> String {
        var result = ""
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            result += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else { throw DeploymentFileError("unclosed ${ in \(text)") }
            let body = rest[start.upperBound..<end]
            if let mark = body.range(of: ":-") {
                let value = variables[String(body[..<mark.lowerBound])] ?? ""
                result += value.isEmpty ? String(body[mark.upperBound...]) : value
            } else if let mark = body.range(of: ":?") {
                let name = String(body[..<mark.lowerBound])
                guard let value = variables[name], !value.isEmpty else {
                    throw DeploymentFileError("required variable \(name) is missing: \(body[mark.upperBound...])")
                }
                result += value
            } else {
                result += variables[String(body)] ?? ""
            }
            rest = rest[rest.index(after: end)...]
        }
        return result + rest
    }

    /// The services of compose files merged in order (later files override environment keys,
    /// add volumes and replace profiles), each with its variables interpolated.
    static func compose(_ files: [String], variables: [String: String]) throws -> [String: [String: Any]] {
        var services: [String: [String: Any]] = [:]
        for file in files {
            let loaded = try Yams.load(yaml: try interpolate(try text(file), variables))
            guard let root = loaded as? [String: Any], let fileServices = root["services"] as? [String: Any] else {
                throw DeploymentFileError("\(file) has no services")
            }
            for (name, value) in fileServices {
                guard let override = value as? [String: Any] else { throw DeploymentFileError("\(file): \(name) is not a mapping") }
                var merged = services[name] ?? [:]
                for (key, item) in override {
                    switch key {
                    case "environment":
                        var environment = merged[key] as? [String: Any] ?? [:]
                        for (variable, setting) in item as? [String: Any] ?? [:] { environment[variable] = setting }
                        merged[key] = environment
                    case "volumes", "ports":
                        merged[key] = (merged[key] as? [Any] ?? []) + (item as? [Any] ?? [])
                    default:
                        merged[key] = item
                    }
                }
                services[name] = merged
            }
        }
        return services
    }

    /// The containers of the compose services started by default (not behind a profile), the
    /// one-shot init left out.
    static func composeContainers(_ files: [String], variables: [String: String]) throws -> [ContainerSpec] {
        try compose(files, variables: variables).filter { $0.key != "init" && $0.value["profiles"] == nil }.sorted { $0.key < $1.key }.map { name, service in
            let environment = (service["environment"] as? [String: Any] ?? [:]).mapValues { "\($0)" }
            let ports = (service["ports"] as? [Any] ?? []).compactMap { entry -> Int? in
                // "HOST_IP:HOST_PORT:CONTAINER_PORT": the container's side.
                "\(entry)".split(separator: ":").last.flatMap { Int($0) }
            }
            let health = ((service["healthcheck"] as? [String: Any])?["test"] as? [Any] ?? []).map { "\($0)" }
            return ContainerSpec(origin: "\(files.joined(separator: " + ")): \(name)", command: (service["command"] as? [Any] ?? []).map { "\($0)" },
                                 environment: environment, ports: ports, probes: [Array(health.dropFirst())])
        }
    }

    /// The containers of every StatefulSet in the Kubernetes manifests (docker/kubernetes/*.yaml).
    static func kubernetesContainers() throws -> [ContainerSpec] {
        let manifests = folder.appendingPathComponent("kubernetes")
        var containers: [ContainerSpec] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: manifests.path).filter({ $0.hasSuffix(".yaml") }).sorted() {
            for case let document as [String: Any] in try Yams.load_all(yaml: try text("kubernetes/" + file)) {
                guard document["kind"] as? String == "StatefulSet" else { continue }
                let spec = ((document["spec"] as? [String: Any])?["template"] as? [String: Any])?["spec"] as? [String: Any]
                for case let container as [String: Any] in spec?["containers"] as? [Any] ?? [] {
                    var environment: [String: String] = [:]
                    for case let entry as [String: Any] in container["env"] as? [Any] ?? [] {
                        if let name = entry["name"] as? String, let value = entry["value"] { environment[name] = "\(value)" }
                    }
                    let ports = (container["ports"] as? [Any] ?? []).compactMap { ($0 as? [String: Any])?["containerPort"] as? Int }
                    let probes = ["readinessProbe", "livenessProbe", "startupProbe"].compactMap { key in
                        (((container[key] as? [String: Any])?["exec"] as? [String: Any])?["command"] as? [Any])?.map { "\($0)" }
                    }
                    containers.append(ContainerSpec(origin: "kubernetes/\(file): \(container["name"] ?? "?")",
                                                    command: (container["command"] as? [Any] ?? []).map { "\($0)" },
                                                    environment: environment, ports: ports, probes: probes))
                }
            }
        }
        return containers
    }
}

struct DeploymentFileError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

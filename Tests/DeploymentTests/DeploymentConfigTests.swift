import Foundation
import Testing
import TIBSTestSupport
import Yams

/// The compose files and the Kubernetes manifests cannot drift from the code: the trust material
/// is made by the real init script, and every service container's command and environment is
/// handed to the image's own binary (the multi-call `tibs`, by the link the command names) with
/// `--check-config` (which resolves every flag and variable, reads every file, and binds the
/// ports), the container's paths mapped into a temporary folder.
@Suite(.serialized) struct DeploymentConfigTests {
    /// A deployment's /secrets, /peers and one /data per container, as the init service leaves them.
    struct Volumes {
        let folder = TemporaryFolder()
        var secrets: String { folder.file("secrets") }
        var peers: String { folder.file("peers") }

        /// The image's programs: links named tibs-registry, …, tibsctl to the one multi-call
        /// `tibs` binary, as docker/Dockerfile installs them.
        var bin: String { folder.file("bin") }

        func program(_ name: String) throws -> String {
            let link = bin + "/" + name
            if !FileManager.default.fileExists(atPath: link) {
                try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
                try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: Binaries.path("tibs"))
            }
            return link
        }

        /// Runs docker/init-secrets.sh as the init container would, with the image's tibsctl.
        func initialise() async throws -> Finished {
            _ = try program("tibsctl")
            return try await Run.program("/bin/sh", [DeploymentFiles.folder.appendingPathComponent("init-secrets.sh").path], environment: [
                "PATH": bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
                "TIBS_SECRETS": secrets, "TIBS_PEERS": peers,
            ])
        }

        /// A peer region's CA and issuer key in /peers, as an admin puts them there.
        func addPeer(_ name: String) async throws {
            let peer = folder.file("peer-" + name)
            let made = try await Run.tibsctl(["certs", "init", "--out", peer, "--services", "registry"])
            #expect(made.status == 0, "\(made.stderr)")
            try FileManager.default.createDirectory(atPath: peers, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: peer + "/ca.pem", toPath: "\(peers)/\(name)-ca.pem")
            try FileManager.default.copyItem(atPath: peer + "/issuer.pub", toPath: "\(peers)/\(name)-issuer.pem")
        }

        /// A container path (or a comma-separated list of them) mapped into the folder.
        func map(_ value: String, container: String) -> String {
            value.split(separator: ",", omittingEmptySubsequences: false).map { part -> String in
                let item = String(part)
                for (mount, local) in [("/secrets", secrets), ("/peers", peers), ("/data", folder.file("data-" + container))]
                where item == mount || item.hasPrefix(mount + "/") {
                    return local + item.dropFirst(mount.count)
                }
                return item
            }.joined(separator: ",")
        }
    }

    /// The container's settings checked against the file's own ports, then made local: loopback,
    /// port 0 (any free port), paths in the test's folder.
    func localEnvironment(_ container: ContainerSpec, volumes: Volumes) throws -> [String: String] {
        var environment: [String: String] = [:]
        for (name, value) in container.environment { environment[name] = volumes.map(value, container: container.origin.replacingOccurrences(of: "/", with: "_")) }
        for name in ["TIBS_PORT", "TIBS_METRICS_PORT", "TIBS_GRPC_PORT"] {
            let port = try #require(container.environment[name].flatMap { Int($0) }, "\(container): \(name) is not set to a port")
            #expect(container.ports.contains(port), "\(container): \(name)=\(port) is not among its published ports \(container.ports)")
            environment[name] = "0"
        }
        let port = container.environment["TIBS_PORT"] ?? ""
        for probe in container.probes {
            #expect(Array(probe.prefix(2)) == ["tibsctl", "health"], "\(container): probe \(probe)")
            #expect(probe.last == "localhost:\(port)", "\(container): probe \(probe) is not on TIBS_PORT \(port)")
            #expect(probe.contains("/secrets/ca.pem"), "\(container): probe \(probe) does not trust the deployment's CA")
        }
        environment["TIBS_HOST"] = "127.0.0.1"
        return environment
    }

    /// The container's command and environment through the real executable's `--check-config`.
    func checkConfig(_ container: ContainerSpec, volumes: Volumes) async throws {
        let executable = try #require(container.command.first, "\(container) has no command")
        #expect(["tibs-registry", "tibs-catalogue", "tibs-policy", "tibs-match"].contains(executable), "\(container): \(executable)")
        let environment = try localEnvironment(container, volumes: volumes)
        let checked = try await Run.program(try volumes.program(executable), Array(container.command.dropFirst()) + ["--check-config"], environment: environment)
        #expect(checked.status == 0, "\(container): \(checked.stdout)\(checked.stderr)")
        #expect(checked.stdout.contains("configuration ok"), "\(container): \(checked.stdout)")
    }

    @Test func theInitScriptMakesEverythingTheServicesNameAndRunsAgainWithoutChanges() async throws {
        let volumes = Volumes()
        defer { volumes.folder.remove() }
        try await volumes.addPeer("hh")
        let first = try await volumes.initialise()
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        for file in ["ca.pem", "issuer.key", "issuer.pub", "admin.token", "policy-follow.token", "match-follow.token", "follow-ca.pem"]
            + ["registry", "catalogue", "policy", "match"].flatMap({ ["\($0).pem", "\($0).key"] }) {
            #expect(FileManager.default.fileExists(atPath: "\(volumes.secrets)/\(file)"), "init made no \(file)")
        }
        let bundle = volumes.folder.read("secrets/follow-ca.pem")
        #expect(bundle.components(separatedBy: "BEGIN CERTIFICATE").count - 1 == 2, "follow-ca.pem: own CA and the peer's")
        #expect(first.stdout.contains("trusting the peer CA"), "\(first.stdout)")
        let token = volumes.folder.read("secrets/match-follow.token")
        let again = try await volumes.initialise()
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        #expect(!again.stdout.contains("issued"), "a second run issues nothing: \(again.stdout)")
        #expect(volumes.folder.read("secrets/match-follow.token") == token)
    }

    @Test func everyComposeServiceIsAcceptedByItsExecutable() async throws {
        let volumes = Volumes()
        defer { volumes.folder.remove() }
        let initialised = try await volumes.initialise()
        try #require(initialised.status == 0, "\(initialised.stderr)")
        let containers = try DeploymentFiles.composeContainers(["compose.yaml"], variables: [:])
        #expect(containers.map(\.command.first) == ["tibs-catalogue", "tibs-match", "tibs-policy", "tibs-registry"])
        for container in containers { try await checkConfig(container, volumes: volumes) }
    }

    @Test func theRegionOverridesAreAcceptedToo() async throws {
        let volumes = Volumes()
        defer { volumes.folder.remove() }
        try await volumes.addPeer("hh")
        let initialised = try await volumes.initialise()
        try #require(initialised.status == 0, "\(initialised.stderr)")
        // A region with only a registry and a catalogue, accepting the peer's tokens.
        let partial = try DeploymentFiles.composeContainers(["compose.yaml", "compose.registry-catalogue.yaml"], variables: [:])
        #expect(partial.map(\.command.first) == ["tibs-catalogue", "tibs-registry"])
        for container in partial {
            #expect(container.environment["TIBS_ISSUER_KEYS"]?.contains("/peers") == true, "\(container)")
            try await checkConfig(container, volumes: volumes)
        }
        // The full region following the peer's registry and catalogue besides its own.
        let peer = ["TIBS_PEER": "hh", "TIBS_PEER_REGISTRY": "registry.hh.example:7401", "TIBS_PEER_CATALOGUE": "catalogue.hh.example:7402"]
        let following = try DeploymentFiles.composeContainers(["compose.yaml", "compose.follow-peer.yaml"], variables: peer)
        let match = try #require(following.first { $0.command.first == "tibs-match" })
        #expect(match.environment["TIBS_FOLLOW_REGISTRY"] == "registry=registry:7401,hh-registry=registry.hh.example:7401")
        #expect(match.environment["TIBS_FOLLOW_CATALOGUE"] == "catalogue=catalogue:7402,hh-catalogue=catalogue.hh.example:7402")
        for container in following { try await checkConfig(container, volumes: volumes) }
        // Without the peer's name the override is refused, as docker compose refuses it.
        #expect(throws: DeploymentFileError.self) { try DeploymentFiles.composeContainers(["compose.yaml", "compose.follow-peer.yaml"], variables: [:]) }
    }

    /// Runs the container's service as the file configures it and answers its probes' commands:
    /// `probe(command)` maps the CA and the port and runs tibsctl.
    func whileRunning(_ container: ContainerSpec, volumes: Volumes, environment extra: [String: String] = [:],
                      _ body: (_ probe: ([String]) async throws -> Finished) async throws -> Void) async throws {
        let executable = try #require(container.command.first)
        var environment = try localEnvironment(container, volumes: volumes)
        environment.merge(extra) { _, new in new }
        let log = volumes.folder.file("\(executable).out")
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let (process, port) = try await BannerReader.start(try volumes.program(executable), Array(container.command.dropFirst()),
                                                           environment: environment, name: executable,
                                                           copyTo: try FileHandle(forWritingTo: URL(fileURLWithPath: log)))
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        let containerPort = container.environment["TIBS_PORT"] ?? ""
        try await body { command in
            let arguments = command.dropFirst().map { argument in
                argument == "localhost:\(containerPort)" ? "localhost:\(port)" : volumes.map(argument, container: "probe")
            }
            return try await Run.program(try volumes.program("tibsctl"), Array(arguments))
        }
    }

    @Test func theHealthChecksPassAgainstTheRunningServices() async throws {
        let volumes = Volumes()
        defer { volumes.folder.remove() }
        let initialised = try await volumes.initialise()
        try #require(initialised.status == 0, "\(initialised.stderr)")
        let registry = try #require(try DeploymentFiles.composeContainers(["compose.yaml"], variables: [:]).first { $0.command.first == "tibs-registry" })
        try await whileRunning(registry, volumes: volumes) { probe in
            let health = try await probe(try #require(registry.probes.first))
            #expect(health.status == 0 && health.stdout.contains("SERVING"), "\(health.stdout)\(health.stderr)")
        }
        // A match service whose upstreams are not there (yet): not ready, but alive — Kubernetes
        // keeps it out of the Service without restarting it.
        let match = try #require(try DeploymentFiles.kubernetesContainers().first { $0.command.first == "tibs-match" })
        let absent = ["TIBS_FOLLOW_REGISTRY": "registry=127.0.0.1:1", "TIBS_FOLLOW_CATALOGUE": "catalogue=127.0.0.1:1",
                      "TIBS_FOLLOW_POLICY": "policy=127.0.0.1:1"]
        try await whileRunning(match, volumes: volumes, environment: absent) { probe in
            let readiness = try await probe(match.probes[0])
            #expect(readiness.status == 9 && readiness.stdout.contains("NOT_SERVING"), "\(readiness.stdout)\(readiness.stderr)")
            let liveness = try await probe(match.probes[1])
            #expect(liveness.status == 0, "\(liveness.stdout)\(liveness.stderr)")
        }
    }

    /// The image's one binary is each program by the name it runs under, and only by those.
    @Test func theMultiCallBinaryIsEachProgramByItsName() async throws {
        let volumes = Volumes()
        defer { volumes.folder.remove() }
        for (name, overview) in [("tibs-registry", "The TIBS SME registry"), ("tibs-catalogue", "The TIBS resource catalogue"),
                                 ("tibs-policy", "The TIBS policy-influence service"), ("tibs-match", "The TIBS match service"),
                                 ("tibsctl", "Operate and integrate with TIBS")] {
            let help = try await Run.program(try volumes.program(name), ["--help"])
            #expect(help.status == 0 && help.stdout.contains(overview), "\(name): \(help.stdout)\(help.stderr)")
            let alone = try await Run.program(Binaries.path(name), ["--help"])
            #expect(alone.stdout == help.stdout, "\(name) in the image differs from its own executable")
        }
        let bare = try await Run.program(Binaries.path("tibs"), [])
        #expect(bare.status == 2 && bare.stderr.contains("run me by the name of a program"), "\(bare.stderr)")
    }

    @Test func composeKeepsContainersLockedDownAndPortsOnLoopback() throws {
        let services = try DeploymentFiles.compose(["compose.yaml"], variables: [:])
        for (name, service) in services {
            #expect(service["read_only"] as? Bool == true, "\(name) has a writable root filesystem")
            #expect(service["user"] as? String == "10001:10001", "\(name) does not run as the tibs user")
            #expect((service["cap_drop"] as? [Any])?.map { "\($0)" } == ["ALL"], "\(name) keeps capabilities")
            for port in service["ports"] as? [Any] ?? [] {
                #expect("\(port)".hasPrefix("127.0.0.1:"), "\(name) publishes \(port) beyond loopback by default")
            }
            guard name != "init" else { continue }
            #expect(service["restart"] as? String == "unless-stopped", "\(name) has no restart policy")
            #expect(service["healthcheck"] != nil, "\(name) has no health check")
            let volumes = (service["volumes"] as? [Any] ?? []).map { "\($0)" }
            #expect(volumes.contains("\(name)-data:/data"), "\(name) keeps its database outside its own volume: \(volumes)")
            #expect(volumes.contains("secrets:/secrets:ro"), "\(name) mounts the secrets writable: \(volumes)")
        }
    }

    @Test func everyKubernetesContainerIsAcceptedByItsExecutable() async throws {
        let volumes = Volumes()
        defer { volumes.folder.remove() }
        let initialised = try await volumes.initialise()
        try #require(initialised.status == 0, "\(initialised.stderr)")
        let containers = try DeploymentFiles.kubernetesContainers()
        #expect(Set(containers.compactMap(\.command.first)) == ["tibs-registry", "tibs-catalogue", "tibs-policy", "tibs-match"])
        for container in containers {
            #expect(container.probes.count == 2, "\(container): a readiness and a liveness probe")
            #expect(container.probes.last?.contains("--live") == true, "\(container): liveness must accept NOT_SERVING (a follower catching up)")
            try await checkConfig(container, volumes: volumes)
        }
    }

    @Test func kubernetesRunsOneNonRootWriterPerDatabase() throws {
        let manifests = DeploymentFiles.folder.appendingPathComponent("kubernetes")
        var statefulSets = 0
        for file in try FileManager.default.contentsOfDirectory(atPath: manifests.path) where file.hasSuffix(".yaml") {
            for case let document as [String: Any] in try Yams.load_all(yaml: try DeploymentFiles.text("kubernetes/" + file))
            where document["kind"] as? String == "StatefulSet" {
                statefulSets += 1
                let spec = try #require(document["spec"] as? [String: Any])
                #expect(spec["replicas"] as? Int == 1, "\(file): one SQLite writer")
                #expect(spec["volumeClaimTemplates"] != nil, "\(file): the database on a persistent volume")
                let pod = try #require((spec["template"] as? [String: Any])?["spec"] as? [String: Any])
                #expect((pod["securityContext"] as? [String: Any])?["runAsNonRoot"] as? Bool == true, "\(file)")
                for case let container as [String: Any] in pod["containers"] as? [Any] ?? [] {
                    let security = container["securityContext"] as? [String: Any]
                    #expect(security?["readOnlyRootFilesystem"] as? Bool == true, "\(file)")
                    #expect(security?["allowPrivilegeEscalation"] as? Bool == false, "\(file)")
                    #expect((container["resources"] as? [String: Any])?["requests"] != nil, "\(file): resource requests")
                }
            }
        }
        #expect(statefulSets == 4)
    }
}

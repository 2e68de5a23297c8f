// swift-tools-version: 6.1
// TIBS — transnational innovation brokerage system for the Baltic Sea Region.
// Library targets live in Shared/, executables in Services/ and Clients/, tests in Tests/.
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "TIBS",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "TIBSDomain", targets: ["TIBSDomain"]),
        .library(name: "TIBSProto", targets: ["TIBSProto"]),
        .library(name: "TIBSRPC", targets: ["TIBSRPC"]),
        .library(name: "TIBSIdentity", targets: ["TIBSIdentity"]),
        .library(name: "TIBSPKI", targets: ["TIBSPKI"]),
        .library(name: "TIBSStore", targets: ["TIBSStore"]),
        .library(name: "TIBSSettings", targets: ["TIBSSettings"]),
        .library(name: "TIBSServiceApp", targets: ["TIBSServiceApp"]),
        .library(name: "TIBSServiceKit", targets: ["TIBSServiceKit"]),
        .library(name: "TIBSGRPCDoor", targets: ["TIBSGRPCDoor"]),
        // In-process PKI, echo service and test servers: for this package's tests and Benchmarks/.
        .library(name: "TIBSTestSupport", targets: ["TIBSTestSupport"]),
        .library(name: "TIBSRegistry", targets: ["TIBSRegistry"]),
        .library(name: "TIBSCatalogue", targets: ["TIBSCatalogue"]),
        .library(name: "TIBSPolicy", targets: ["TIBSPolicy"]),
        .library(name: "TIBSMatch", targets: ["TIBSMatch"]),
        .executable(name: "tibs-registry", targets: ["tibs-registry"]),
        .executable(name: "tibs-catalogue", targets: ["tibs-catalogue"]),
        .executable(name: "tibs-policy", targets: ["tibs-policy"]),
        .executable(name: "tibs-match", targets: ["tibs-match"]),
        .executable(name: "tibs-demo", targets: ["tibs-demo"]),
        // The four services and tibsctl in one binary, chosen by the name it runs under (the image).
        .executable(name: "tibs", targets: ["tibs"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        // NIOCertificateReloading: the gRPC door's certificate, replaced without a restart.
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-protobuf", exact: "1.39.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-atomics", from: "1.3.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // The standard gRPC door of every service (TIBSGRPCDoor): HTTP/2 transport, rich error details.
        .package(url: "https://github.com/grpc/grpc-swift-2", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport", from: "2.9.2"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf", from: "2.4.1"),
        // Tests only: reads docker/'s compose files and Kubernetes manifests (TIBSDeploymentTests).
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // What every service's domain uses: code lists (NACE, NUTS, ISO countries, S3, TRL, survey codes),
        // regions, ids, validation. No I/O beyond reading its own resources; no service's entity types.
        .target(
            name: "TIBSDomain",
            dependencies: [.product(name: "NIOConcurrencyHelpers", package: "swift-nio")],
            path: "Shared/Domain",
            resources: [.copy("CodeLists")],
            swiftSettings: strict
        ),
        // Generated protobuf messages (scripts/generate-protos) and their descriptor set.
        .target(
            name: "TIBSProto",
            dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")],
            path: "Shared/Proto",
            swiftSettings: strict
        ),
        // Ed25519 bearer tokens: minting and offline verification.
        .target(
            name: "TIBSIdentity",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            path: "Shared/Identity",
            swiftSettings: strict
        ),
        // Certificates made in-process: a deployment CA and service/client certificates.
        .target(
            name: "TIBSPKI",
            dependencies: [
                "TIBSIdentity",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            path: "Shared/PKI",
            swiftSettings: strict
        ),
        // TIBS-RPC/1 over TLS: framing, server, client, call context, health, reflection, auth.
        .target(
            name: "TIBSRPC",
            dependencies: [.product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                "TIBSProto", "TIBSIdentity",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Atomics", package: "swift-atomics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            path: "Shared/RPC",
            swiftSettings: strict
        ),
        // Standard gRPC (HTTP/2, ALPN h2) beside TIBS-RPC: every method of a service's router on
        // grpc-swift-2, the same handlers and token check, rich error details, server reflection.
        .target(
            name: "TIBSGRPCDoor",
            dependencies: [
                "TIBSRPC", "TIBSProto",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCertificateReloading", package: "swift-nio-extras"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Shared/GRPCDoor",
            swiftSettings: strict
        ),
        // One SQLite file per service: pragmas, migrations, change feed, idempotency, audit, backup.
        .target(
            name: "TIBSStore",
            dependencies: [.product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Shared/Store",
            swiftSettings: strict
        ),
        // The one settings precedence (flag > TIBS_* environment > file > default) of services and tibsctl.
        .target(name: "TIBSSettings", path: "Shared/Settings", swiftSettings: strict),
        // The App layer every service shares (docs/adding-a-service.md): callers, feed + audit +
        // idempotency in one transaction (ChangeWriter), errors, paging, region access, filter checks.
        // No RPC: use cases are tested on a store alone.
        .target(
            name: "TIBSServiceApp",
            dependencies: [
                "TIBSStore", "TIBSIdentity", "TIBSDomain",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Shared/ServiceApp",
            swiftSettings: strict
        ),
        // What every executable shares: flags, logging, lifecycle, WatchChanges, banner; and the
        // Ports helpers of every service (PortSupport, CommonMapping, ImportStream, error statuses).
        .target(
            name: "TIBSServiceKit",
            dependencies: [.product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                "TIBSRPC", "TIBSGRPCDoor", "TIBSStore", "TIBSIdentity", "TIBSProto", "TIBSDomain", "TIBSServiceApp", "TIBSSettings",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            path: "Shared/ServiceKit",
            swiftSettings: strict
        ),
        // Test helpers shared by test targets: in-process PKI, servers on ephemeral ports, any
        // service assembled as ServiceRunner assembles it (withService) or its store alone.
        .target(
            name: "TIBSTestSupport",
            dependencies: [.product(name: "NIOConcurrencyHelpers", package: "swift-nio"), "TIBSRPC", "TIBSGRPCDoor", "TIBSPKI", "TIBSIdentity", "TIBSProto", "TIBSServiceKit", "TIBSStore",
                           .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "NIOPosix", package: "swift-nio"),
                           .product(name: "NIOSSL", package: "swift-nio-ssl"),
                           .product(name: "Crypto", package: "swift-crypto"),
                           .product(name: "Logging", package: "swift-log")],
            path: "Tests/Support",
            swiftSettings: strict
        ),
        // tibsctl's commands as a library, so tests can drive them in-process as well as through the binary.
        .target(
            name: "TIBSCtlKit",
            dependencies: [.product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                // TIBSStore: `tibsctl restore` and the check of a backup file use the store's own code.
                "TIBSRPC", "TIBSProto", "TIBSPKI", "TIBSIdentity", "TIBSSettings", "TIBSStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            path: "Clients/tibsctl/Sources",
            swiftSettings: strict
        ),
        .executableTarget(name: "tibsctl", dependencies: ["TIBSCtlKit"], path: "Clients/tibsctl/Main", swiftSettings: strict),
        .executableTarget(
            name: "tibs",
            dependencies: ["TIBSRegistry", "TIBSCatalogue", "TIBSPolicy", "TIBSMatch", "TIBSServiceKit", "TIBSCtlKit"],
            path: "Clients/Multicall",
            swiftSettings: strict
        ),
        // Test-only: the echo service as a real process, for the C client's interop tests and tibsctl's process tests.
        .executableTarget(
            name: "tibs-echo-server",
            dependencies: ["TIBSTestSupport", "TIBSRPC", "TIBSPKI", "TIBSIdentity", "TIBSProto",
                           .product(name: "Crypto", package: "swift-crypto"),
                           .product(name: "Logging", package: "swift-log")],
            path: "Tests/EchoServerMain",
            swiftSettings: strict
        ),
        // The SME registry: Domain (registry-only rules), App (use cases), Adapters (SQLite),
        // Ports (RPC handlers), Service (wiring). Shared value types and rules live in TIBSDomain.
        .target(
            name: "TIBSRegistry",
            dependencies: [
                "TIBSDomain", "TIBSProto", "TIBSRPC", "TIBSStore", "TIBSServiceApp", "TIBSServiceKit", "TIBSIdentity",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Services/Registry/Sources",
            swiftSettings: strict
        ),
        // The resource catalogue, in the same rooms as the registry (docs/adding-a-service.md).
        .target(
            name: "TIBSCatalogue",
            dependencies: [
                "TIBSDomain", "TIBSProto", "TIBSRPC", "TIBSStore", "TIBSServiceApp", "TIBSServiceKit", "TIBSIdentity",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Services/Catalogue/Sources",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "tibs-catalogue",
            dependencies: ["TIBSCatalogue", "TIBSServiceKit"],
            path: "Services/Catalogue/Main",
            swiftSettings: strict
        ),
        // Policy influence (docs/policy.md): institutions, S3 strategies, the evidence ledger fed from
        // the registries' surveys, policy issues and influence actions, in the same rooms as the catalogue.
        .target(
            name: "TIBSPolicy",
            dependencies: [
                "TIBSDomain", "TIBSProto", "TIBSRPC", "TIBSStore", "TIBSServiceApp", "TIBSServiceKit", "TIBSIdentity",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Services/Policy/Sources",
            swiftSettings: strict
        ),
        // The match service (docs/match.md): a replica of every followed registry, catalogue and
        // policy feed, the in-memory scoring index, the match lifecycle and the flows report.
        .target(
            name: "TIBSMatch",
            dependencies: [.product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                "TIBSDomain", "TIBSProto", "TIBSRPC", "TIBSStore", "TIBSServiceApp", "TIBSServiceKit", "TIBSIdentity",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            path: "Services/Match/Sources",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "tibs-match",
            dependencies: ["TIBSMatch", "TIBSServiceKit"],
            path: "Services/Match/Main",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "tibs-policy",
            dependencies: ["TIBSPolicy", "TIBSServiceKit"],
            path: "Services/Policy/Main",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "tibs-registry",
            dependencies: ["TIBSRegistry", "TIBSServiceKit"],
            path: "Services/Registry/Main",
            swiftSettings: strict
        ),
        // Loads the hand-written demo data set into a running registry and prints a summary.
        .executableTarget(
            name: "tibs-demo",
            dependencies: ["TIBSRPC", "TIBSProto", "TIBSDomain",
                           .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                           .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Clients/DemoLoader",
            swiftSettings: strict
        ),
        // Fuzz/: the libFuzzer harness, one function per target that takes any bytes and never
        // crashes on a refused input (Fuzz/README.md). Always built, so the regression tests replay it.
        .target(
            name: "TIBSFuzzHarness",
            dependencies: ["TIBSRPC", "TIBSProto", "TIBSIdentity", "TIBSStore", "TIBSServiceKit", "TIBSTestSupport", "TIBSCtlKit",
                           "TIBSRegistry", "TIBSCatalogue", "TIBSPolicy", "TIBSMatch",
                           .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "NIOEmbedded", package: "swift-nio"),
                           .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                           .product(name: "Logging", package: "swift-log")],
            path: "Fuzz/Harness",
            swiftSettings: strict
        ),
        // Every file of Fuzz/Regressions/<Target>/ and Fuzz/Corpus/<Target>/ through the harness.
        .testTarget(
            name: "TIBSFuzzRegressionTests",
            dependencies: ["TIBSFuzzHarness"],
            path: "Tests/FuzzRegressionTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "TIBSCatalogueTests",
            dependencies: ["TIBSCatalogue", "TIBSDomain", "TIBSTestSupport", "TIBSServiceApp", "TIBSServiceKit", "TIBSStore", "TIBSRPC",
                           "TIBSProto", "TIBSIdentity",
                           .product(name: "GRDB", package: "GRDB.swift"), .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            path: "Tests/CatalogueTests",
            swiftSettings: strict
        ),
        // The match service's tests: scoring, the replica (against in-process registry, catalogue
        // and policy services), the lifecycle, the wire and the judged set.
        .testTarget(
            name: "TIBSMatchTests",
            dependencies: [.product(name: "NIOConcurrencyHelpers", package: "swift-nio"), "TIBSMatch", "TIBSRegistry", "TIBSCatalogue", "TIBSPolicy", "TIBSDomain", "TIBSTestSupport",
                           "TIBSServiceApp", "TIBSServiceKit", "TIBSStore", "TIBSRPC", "TIBSProto", "TIBSIdentity",
                           .product(name: "GRDB", package: "GRDB.swift"), .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
            path: "Tests/MatchTests",
            swiftSettings: strict
        ),
        // Real tibs-registry, tibs-catalogue, tibs-policy and tibs-match processes (scripts/test builds them).
        .testTarget(
            name: "TIBSMatchProcessTests",
            dependencies: [.product(name: "NIOConcurrencyHelpers", package: "swift-nio"), "TIBSTestSupport", "TIBSRPC", "TIBSProto", "TIBSIdentity", "TIBSPKI",
                           // AuthorizationTableTests: tibsctl's JSON transcoder, the database files read-only, a stranger's token key.
                           "TIBSCtlKit", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto"),
                           .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            path: "Tests/MatchProcessTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "TIBSPolicyTests",
            dependencies: [.product(name: "NIOConcurrencyHelpers", package: "swift-nio"), "TIBSPolicy", "TIBSDomain", "TIBSTestSupport", "TIBSServiceApp", "TIBSServiceKit", "TIBSStore", "TIBSRPC",
                           "TIBSProto", "TIBSIdentity",
                           .product(name: "GRDB", package: "GRDB.swift"), .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                           .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Tests/PolicyTests",
            swiftSettings: strict
        ),
        .testTarget(name: "TIBSDomainTests", dependencies: ["TIBSDomain"], path: "Tests/DomainTests", swiftSettings: strict),
        .testTarget(
            name: "TIBSIdentityTests",
            dependencies: ["TIBSIdentity", "TIBSPKI",
                           .product(name: "X509", package: "swift-certificates"),
                           .product(name: "Crypto", package: "swift-crypto"),
                           .product(name: "SwiftASN1", package: "swift-asn1")],
            path: "Tests/IdentityTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "TIBSStoreTests",
            dependencies: ["TIBSStore", "TIBSTestSupport", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Logging", package: "swift-log")],
            path: "Tests/StoreTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "TIBSRPCTests",
            dependencies: [.product(name: "NIOConcurrencyHelpers", package: "swift-nio"), "TIBSRPC", "TIBSTestSupport", "TIBSProto", "TIBSIdentity",
                           .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                           .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "NIOPosix", package: "swift-nio"),
                           .product(name: "NIOSSL", package: "swift-nio-ssl"),
                           .product(name: "NIOTLS", package: "swift-nio"),
                           .product(name: "NIOEmbedded", package: "swift-nio")],
            path: "Tests/RPCTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "TIBSServiceKitTests",
            dependencies: ["TIBSServiceKit", "TIBSServiceApp", "TIBSTestSupport", "TIBSStore", "TIBSRPC", "TIBSProto", "TIBSIdentity", "TIBSPKI", "TIBSDomain",
                           .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Logging", package: "swift-log"),
                           .product(name: "Metrics", package: "swift-metrics"), .product(name: "Prometheus", package: "swift-prometheus")],
            path: "Tests/ServiceKitTests",
            swiftSettings: strict
        ),
        // The gRPC door with grpc-swift-2's own client: the echo service and real services in-process.
        .testTarget(
            name: "TIBSGRPCDoorTests",
            dependencies: ["TIBSGRPCDoor", "TIBSTestSupport", "TIBSRegistry", "TIBSServiceKit", "TIBSRPC", "TIBSProto", "TIBSIdentity",
                           .product(name: "GRPCCore", package: "grpc-swift-2"),
                           .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport"),
                           .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                           .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            path: "Tests/GRPCDoorTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "TIBSDeploymentTests",
            dependencies: ["TIBSTestSupport", .product(name: "Yams", package: "Yams")],
            path: "Tests/DeploymentTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "TibsctlTests",
            dependencies: [.product(name: "NIOConcurrencyHelpers", package: "swift-nio"), "TIBSCtlKit", "TIBSTestSupport", "TIBSRPC", "TIBSProto", "TIBSIdentity", "TIBSPKI",
                           .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                           .product(name: "Crypto", package: "swift-crypto"),
                           .product(name: "X509", package: "swift-certificates"),
                           .product(name: "SwiftASN1", package: "swift-asn1")],
            path: "Tests/TibsctlTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "TIBSRegistryTests",
            dependencies: ["TIBSRegistry", "TIBSTestSupport", "TIBSServiceApp", "TIBSServiceKit", "TIBSStore", "TIBSRPC", "TIBSProto",
                           "TIBSIdentity", "TIBSDomain",
                           .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Logging", package: "swift-log"),
                           .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            path: "Tests/RegistryTests",
            swiftSettings: strict
        ),
        // Starts the built tibs-registry executable (scripts/test builds it first) and kills it.
        .testTarget(
            name: "TIBSRegistryProcessTests",
            dependencies: [.product(name: "NIOConcurrencyHelpers", package: "swift-nio"), "TIBSTestSupport", "TIBSRPC", "TIBSProto", "TIBSIdentity", "TIBSPKI",
                           .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            path: "Tests/RegistryProcessTests",
            swiftSettings: strict
        ),
        // Starts the built tibs-catalogue executable (scripts/test builds it first) and kills it.
        .testTarget(
            name: "TIBSCatalogueProcessTests",
            dependencies: [.product(name: "NIOConcurrencyHelpers", package: "swift-nio"), "TIBSTestSupport", "TIBSRPC", "TIBSProto", "TIBSIdentity",
                           .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            path: "Tests/CatalogueProcessTests",
            swiftSettings: strict
        ),
        // --- backup: Admin/Backup on every service in-process, the store's epoch and lock, tibsctl backup/restore refusals.
        .testTarget(
            name: "TIBSBackupTests",
            dependencies: ["TIBSRegistry", "TIBSCatalogue", "TIBSPolicy", "TIBSMatch", "TIBSServiceKit", "TIBSTestSupport", "TIBSStore",
                           "TIBSRPC", "TIBSProto", "TIBSIdentity", "TIBSCtlKit",
                           .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto")],
            path: "Tests/BackupTests",
            swiftSettings: strict
        ),
        // --- policy-evidence (H2): the shared feed follower's tests, against a real registry in-process.
        .testTarget(
            name: "TIBSFollowerTests",
            dependencies: [.product(name: "NIOConcurrencyHelpers", package: "swift-nio"), "TIBSServiceKit", "TIBSRegistry", "TIBSPolicy", "TIBSTestSupport", "TIBSStore", "TIBSRPC", "TIBSProto", "TIBSIdentity",
                           .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Logging", package: "swift-log"),
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
            path: "Tests/FollowerTests",
            swiftSettings: strict
        ),
        // --- policy-evidence (H2): real tibs-registry and tibs-policy processes (scripts/test builds both).
        .testTarget(
            name: "TIBSPolicyProcessTests",
            dependencies: ["TIBSTestSupport", "TIBSRPC", "TIBSProto", "TIBSIdentity", "TIBSPKI",
                           .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            path: "Tests/PolicyProcessTests",
            swiftSettings: strict
        ),
        // --- policy-demo (H4): the policy demo file loaded by tibs-demo into tibs-policy in-process, twice.
        .testTarget(
            name: "TIBSPolicyDemoTests",
            dependencies: ["tibs-demo", "TIBSPolicy", "TIBSTestSupport", "TIBSRPC", "TIBSProto", "TIBSIdentity"],
            path: "Tests/PolicyDemoTests",
            swiftSettings: strict
        ),
    ]
)

// libFuzzer executables (Fuzz/Targets), only when TIBS_FUZZ is set: they need
// `-sanitize=fuzzer` (libFuzzer's own main), so a normal build must never see them. Fuzz/run builds them.
if Context.environment["TIBS_FUZZ"] != nil {
    // Each target's `main` runs libFuzzer's driver (Fuzz/Targets/FuzzDriver/FuzzDriver.c).
    package.targets.append(.target(name: "FuzzDriver", path: "Fuzz/Targets/FuzzDriver"))
    for name in ["FuzzConnection", "FuzzRequests", "FuzzCSVRows", "FuzzTranscoder"] {
        package.products.append(.executable(name: name, targets: [name]))
        package.targets.append(.executableTarget(name: name, dependencies: ["TIBSFuzzHarness", "FuzzDriver"], path: "Fuzz/Targets/\(name)",
                                                 swiftSettings: strict))
    }
}

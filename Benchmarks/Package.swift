// swift-tools-version: 6.1
// TIBS benchmarks: a package of their own, so that the main build (and CI) never compiles
// grpc-swift-2 and friends, which only serve here as a yardstick.
import PackageDescription

/// What every service benchmark (registry, catalogue, policy) links beside its own service.
let serviceBenchmark: [Target.Dependency] = [
    "BenchmarkHarness",
    .product(name: "TIBSServiceApp", package: "TIBS"),
    .product(name: "TIBSDomain", package: "TIBS"),
    .product(name: "TIBSStore", package: "TIBS"),
    .product(name: "TIBSRPC", package: "TIBS"),
    .product(name: "TIBSProto", package: "TIBS"),
    .product(name: "TIBSTestSupport", package: "TIBS"),
    .product(name: "GRDB", package: "GRDB.swift"),
    .product(name: "Histogram", package: "hdrhistogram-swift"),
    .product(name: "SwiftProtobuf", package: "swift-protobuf"),
    .product(name: "ArgumentParser", package: "swift-argument-parser"),
    .product(name: "Logging", package: "swift-log"),
]

let package = Package(
    name: "TIBSBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        // Named, so that product references do not depend on the checkout's folder name.
        .package(name: "TIBS", path: ".."),
        .package(url: "https://github.com/grpc/grpc-swift-2", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport", from: "2.9.2"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf", from: "2.4.1"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-protobuf", exact: "1.39.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // Already in the graph through TIBS; named here because RPCServer takes a Logger.
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // One run, three stacks: TIBS-RPC, grpc-swift-2 over HTTP/2, and a bare NIO+TLS echo floor.
        .executableTarget(
            name: "RPCBenchmark",
            dependencies: [
                .product(name: "TIBSRPC", package: "TIBS"),
                .product(name: "TIBSGRPCDoor", package: "TIBS"),
                .product(name: "TIBSProto", package: "TIBS"),
                .product(name: "TIBSTestSupport", package: "TIBS"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6), .enableUpcomingFeature("ExistentialAny")]
        ),
        // What the service benchmarks share: the closed-loop driver, its histograms, the table rows.
        .target(
            name: "BenchmarkHarness",
            dependencies: [.product(name: "Histogram", package: "hdrhistogram-swift"),
                           .product(name: "TIBSStore", package: "TIBS"),
                           .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: [.swiftLanguageMode(.v6), .enableUpcomingFeature("ExistentialAny")]
        ),
        // The SME registry under load: CreateSme with group commit, GetSme and ListSmes over
        // 100,000 SMEs, beside raw SQLite inserts of the same rows as floor and ceiling.
        .executableTarget(
            name: "RegistryBenchmark",
            dependencies: [
                .product(name: "TIBSRegistry", package: "TIBS"),
            ] + serviceBenchmark,
            swiftSettings: [.swiftLanguageMode(.v6), .enableUpcomingFeature("ExistentialAny")]
        ),
        // The resource catalogue under load: ListResources (three filters and free text) over
        // 100,000 resources beside the same query on SQLite, CreateResource with group commit
        // beside raw inserts of the same rows.
        .executableTarget(
            name: "CatalogueBenchmark",
            dependencies: [
                .product(name: "TIBSCatalogue", package: "TIBS"),
            ] + serviceBenchmark,
            swiftSettings: [.swiftLanguageMode(.v6), .enableUpcomingFeature("ExistentialAny")]
        ),
        // The policy service's evidence: GetBarrierReport over 200,000 ledger surveys at 1 caller, and
        // the feed follower's catch-up rate from a live registry beside the registry's own WatchChanges rate.
        .executableTarget(
            name: "PolicyBenchmark",
            dependencies: [
                .product(name: "TIBSPolicy", package: "TIBS"),
                .product(name: "TIBSRegistry", package: "TIBS"),
                .product(name: "TIBSServiceKit", package: "TIBS"),
                .product(name: "TIBSIdentity", package: "TIBS"),
            ] + serviceBenchmark,
            swiftSettings: [.swiftLanguageMode(.v6), .enableUpcomingFeature("ExistentialAny")]
        ),
        // The match service at scale: 100,000 SMEs with 200,000 needs and offers and 50,000
        // resources and programmes in live registry and catalogue processes' stores, the replica's
        // catch-up over TLS, the index rebuilt from its database (in a child process, for its
        // memory), and FindMatches top 20 at 1 and 8 callers beside SQLite FTS5 bm25 on the same text.
        .executableTarget(
            name: "MatchBenchmark",
            dependencies: [
                .product(name: "TIBSMatch", package: "TIBS"),
                .product(name: "TIBSRegistry", package: "TIBS"),
                .product(name: "TIBSCatalogue", package: "TIBS"),
                .product(name: "TIBSServiceKit", package: "TIBS"),
                .product(name: "TIBSIdentity", package: "TIBS"),
            ] + serviceBenchmark,
            swiftSettings: [.swiftLanguageMode(.v6), .enableUpcomingFeature("ExistentialAny")]
        ),
    ]
)

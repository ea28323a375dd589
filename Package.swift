// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "tracker",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tracker", targets: ["tracker"]),
        .library(name: "TrackerCore", targets: ["TrackerCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.0.0"),
        // Already in Hummingbird's graph; named so the preview can use them directly (bind errors, shutdown, logging).
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.0.0"),
        // SHA-256 for every cache key (`ContentHash`); already in Hummingbird's graph.
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0"..<"5.0.0"),
        // Property tests (partial dates, slugs, the CSV and JSON writers); a test dependency only.
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.0"),
        // Reading STOP's CSV (`tracker import stop`).
        .package(url: "https://github.com/yaslab/CSV.swift.git", from: "2.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "Ccmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        // libxml2, which checks the output's XML files (`XMLURLReader`): called directly, as Foundation's XMLParser
        // cannot parse a file over 10,000,000 bytes (a large site's sitemap).
        .systemLibrary(
            name: "Clibxml2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // The arena allocator Markdown is parsed and rendered with (`MarkdownRenderer.allocator`).
        .target(name: "CmarkArena"),
        // Scans over every page's bytes, sixteen at a time (`DuplicateIDs.mayRepeat`).
        .target(name: "ByteScan"),
        // libcmark's HTML renderer over its public API, escaping text with ByteScan (`CmarkNode.html`).
        .target(name: "CmarkHTML", dependencies: ["Ccmark", "ByteScan"]),
        .target(
            name: "TrackerCore",
            dependencies: [
                "Ccmark",
                "Clibxml2",
                "CmarkArena",
                "CmarkHTML",
                "ByteScan",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CSV", package: "CSV.swift"),
            ],
            plugins: ["EmbedDefaultTheme", "EmbedSourceCommit"]
        ),
        .target(
            name: "TrackerPreview",
            dependencies: [
                "TrackerCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Before `main`, from constructors: raises the open-file limit, and runs `tracker build` of a large site again with glibc's allocator asking for huge pages.
        .target(name: "StartupTuning"),
        .executableTarget(
            name: "tracker",
            dependencies: [
                "StartupTuning",
                "TrackerCore",
                "TrackerPreview",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "embed-theme", path: "Sources/embed-theme"),
        .plugin(
            name: "EmbedDefaultTheme",
            capability: .buildTool(),
            dependencies: ["embed-theme"]
        ),
        .plugin(name: "EmbedSourceCommit", capability: .buildTool()),
        .target(name: "TrackerTestSupport", path: "Tests/TrackerTestSupport"),
        // The fuzz targets' properties (Fuzz/), which the tests replay on the committed corpus.
        .target(name: "TrackerFuzzChecks", dependencies: ["TrackerCore"], path: "Fuzz/Checks"),
        .testTarget(name: "TrackerCoreTests", dependencies: [
            "TrackerCore", "CmarkArena", "CmarkHTML", "ByteScan", "StartupTuning", "TrackerTestSupport", "TrackerFuzzChecks",
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "TrackerPreviewTests", dependencies: ["TrackerPreview", "TrackerCore", "TrackerTestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["TrackerCore", "TrackerTestSupport"]),
    ]
)

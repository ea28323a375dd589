// swift-tools-version:6.0
// libFuzzer targets for tracker, kept out of the main package so `swift build` and `swift test` never build
// them: `make fuzz` builds this package (see Fuzz/run.sh) into .build-fuzz with every Swift module under AddressSanitizer
// and coverage instrumentation; only the fuzz executables link libFuzzer (`-sanitize=fuzzer` everywhere would give the
// build's own tools, such as embed-theme, libFuzzer's `main` too).
import PackageDescription

let targets = ["front-matter", "markdown", "template", "html-scanner"]

let package = Package(
    name: "TrackerFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "tracker", path: "..")],
    targets: [
        // The same file the main package's tests replay the corpus with (target TrackerFuzzChecks).
        .target(name: "FuzzChecks", dependencies: [.product(name: "TrackerCore", package: "tracker")], path: "Checks"),
        // libFuzzer's driver, called from each executable's own main (SwiftPM's generated entry point is what links
        // as `main`, so libFuzzer's `main` never would run).
        .target(name: "CLibFuzzer", path: "LibFuzzer"),
        .target(name: "FuzzDriver", dependencies: ["CLibFuzzer"], path: "Driver"),
    ] + targets.map { name in
        .executableTarget(name: "fuzz-\(name)", dependencies: ["FuzzChecks", "FuzzDriver"], path: "Targets/\(name)",
                          linkerSettings: [.unsafeFlags(["-sanitize=fuzzer"])])
    }
)

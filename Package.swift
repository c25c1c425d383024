// swift-tools-version:6.0
import PackageDescription

/// Every Swift target gets the same strictness: Swift 6 language mode (set by the tools
/// version) plus the upcoming features the style guide asks for.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

var package = Package(
    name: "verify-run-all",
    products: [
        .executable(name: "run-all", targets: ["run-all"]),
        .executable(name: "verify-run-all", targets: ["verify-run-all"]),
        .executable(name: "vra-probe", targets: ["vra-probe"]),
        .library(name: "Runner", targets: ["Runner"]),
        .library(name: "Verify", targets: ["Verify"]),
    ],
    targets: [
        .systemLibrary(
            name: "CXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // glibc's posix_spawn_file_actions_addchdir_np, declared without _GNU_SOURCE (header only).
        .systemLibrary(name: "CSpawn"),
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .target(name: "Runner", dependencies: ["CYAML", "CSpawn", "CLISupport"]),
        .target(name: "Verify", dependencies: ["Runner", "CXML2"]),
        .target(name: "CLISupport", dependencies: []),
        .executableTarget(name: "run-all", dependencies: ["Runner", "Verify", "CLISupport"]),
        // run-all and vra-probe are dependencies so that `swift run verify-run-all` builds the
        // runner it verifies by default and its probe job next to it.
        .executableTarget(name: "verify-run-all", dependencies: ["Verify", "Runner", "CLISupport", "run-all", "vra-probe"]),
        // The native probe job (Glibc only, starts fast); see Sources/vra-probe/main.swift.
        .executableTarget(name: "vra-probe"),
        // The helper of benchmarks/run.sh: times the JUnit path, aggregates results (not shipped).
        .executableTarget(name: "vra-bench", dependencies: ["Verify", "Runner", "CLISupport"]),
        .testTarget(name: "RunnerTests", dependencies: ["Runner", "CLISupport"]),
        .testTarget(name: "VerifyTests", dependencies: ["Verify", "Runner"]),
    ]
)

for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + strictSettings
}

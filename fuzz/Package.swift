// swift-tools-version:6.0
import PackageDescription

/// libFuzzer targets for verify-run-all's parsers and report writer. A package of its own
/// (depending on the main package by path) so that a normal `swift build`/`swift test` of the
/// main package never builds them: they only link with `-sanitize=fuzzer`. Built and run by
/// fuzz/run.sh; see docs/RELIABILITY.md.
let package = Package(
    name: "verify-run-all-fuzz",
    dependencies: [.package(name: "verify-run-all", path: "..")],
    targets: [
        // libFuzzer's driver declaration and libxml2 (to check that the JUnit output parses).
        .systemLibrary(name: "CFuzzSupport", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        // The catalog parsers: JSONConfigParser, YAMLParser, Catalog.jobs.
        .executableTarget(name: "FuzzCatalog", dependencies: [.product(name: "Runner", package: "verify-run-all"), "CFuzzSupport"]),
        // The command lines: CLISupport's ArgumentParser through RunAllCommand.options and
        // VerifyCommand.spec; ShellQuote on the parsed words.
        .executableTarget(name: "FuzzArguments", dependencies: [.product(name: "Runner", package: "verify-run-all"),
                                                                .product(name: "Verify", package: "verify-run-all"), "CFuzzSupport"]),
        // XMLText.sanitize and JUnitWriter.render: the document must stay well-formed XML.
        .executableTarget(name: "FuzzJUnit", dependencies: [.product(name: "Verify", package: "verify-run-all"), "CFuzzSupport"]),
    ]
)

for target in package.targets where target.type != .system {
    target.swiftSettings = [.unsafeFlags(["-parse-as-library"])]
}

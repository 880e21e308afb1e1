// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "runbook",
    products: [
        .library(name: "RunbookKit", targets: ["RunbookKit"]),
        .executable(name: "runbook", targets: ["runbook"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // Zips the parts of a Word document (OOXML) in memory, with fixed timestamps.
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // `swift package generate-documentation` (make docs): the DocC catalog in Sources/RunbookKit.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // The only C in the package: libxml2, for validating DocBook in-process.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        // The library: site -> plan -> document -> rendered file. It never prints and never exits.
        .target(
            name: "RunbookKit",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                "CLibXML2",
            ],
            plugins: ["EmbedResources"]
        ),
        // The command-line tool: argument parsing, printing and exit codes only.
        .executableTarget(
            name: "runbook",
            dependencies: [
                "RunbookKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Build-time helper: turns Templates/ into Swift source so the installed binary
        // carries its built-in catalog and works from any directory.
        .executableTarget(name: "embed-resources"),
        .plugin(
            name: "EmbedResources",
            capability: .buildTool(),
            dependencies: ["embed-resources"]
        ),
        // CLibXML2 in tests: to read the HTML and DocBook back and compare their structure.
        // What both test targets share: the fixtures, their expectation markers, the command runner.
        .target(name: "RunbookTestSupport", path: "Tests/RunbookTestSupport"),
        .testTarget(
            name: "RunbookKitTests",
            dependencies: ["RunbookKit", "RunbookTestSupport", "CLibXML2", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            exclude: ["Fixtures", "Snapshots"]),
        .testTarget(name: "RunbookCLITests", dependencies: ["runbook", "RunbookKit", "RunbookTestSupport"]),
    ]
)

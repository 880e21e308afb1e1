// swift-tools-version:6.0
// libFuzzer targets for runbook's input readers: `make fuzz` builds and runs them. They are
// built with AddressSanitizer and coverage instrumentation everywhere, then linked with
// libFuzzer's driver (libclang_rt.fuzzer_no_main from the Swift toolchain):
//   swift build --package-path Fuzz -Xswiftc -sanitize=address -Xswiftc -sanitize-coverage=edge,trace-cmp
// (-sanitize=fuzzer itself links libFuzzer's own main into every executable, the build
// tool that embeds the templates included, which then cannot link.)
import Foundation
import PackageDescription

// `make fuzz` finds the archive beside the swift it builds with and passes it as LIBFUZZER.
let libFuzzer: LinkerSetting = .unsafeFlags([
    "-Xlinker", "--whole-archive",
    "-Xlinker", ProcessInfo.processInfo.environment["LIBFUZZER"] ?? "/opt/swift/usr/lib/clang/21/lib/linux/libclang_rt.fuzzer_no_main-x86_64.a",
    "-Xlinker", "--no-whole-archive", "-lstdc++",
])

let package = Package(
    name: "runbook-fuzz",
    dependencies: [.package(name: "runbook", path: "..")],
    targets: [
        .target(name: "CLibFuzzer"),
        // Site descriptions: load and check; what loads is planned and rendered as Markdown and HTML.
        .executableTarget(
            name: "FuzzSiteLoader", dependencies: ["CLibFuzzer", .product(name: "RunbookKit", package: "runbook")],
            linkerSettings: [libFuzzer]),
        // Templates: a procedure file, a runbook file, inline markup and a page shell.
        .executableTarget(
            name: "FuzzTemplates", dependencies: ["CLibFuzzer", .product(name: "RunbookKit", package: "runbook")],
            linkerSettings: [libFuzzer]),
    ]
)

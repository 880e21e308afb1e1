import Foundation
import RunbookKit
import RunbookTestSupport
import Testing

/// The bad-input corpus through the command a user runs: every bad site description and
/// template folder gets its diagnostic at its line, exit 65, and no file.
@Suite("Hostile input through runbook generate")
struct HostileInputTests {
    static let fixtures = Fixtures.folder

    /// Expected `LINE id` pairs of a fixture: `#! id` markers, or a `NAME.expect` sidecar.
    static func expectations(_ url: URL) throws -> [(line: Int, id: String)] {
        try Expectation.parse(fixture: url).map { ($0.line, $0.id) }
    }

    /// The invalid site fixtures that hold at least one error (a few only warn).
    static var siteFixtures: [String] {
        let folder = fixtures.appendingPathComponent("invalid")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let errors = Set(DiagnosticID.allCases.filter { $0.defaultSeverity == .error }.map(\.rawValue))
        return names.filter { name in
            guard !name.hasSuffix(".expect") else { return false }
            let ids = (try? expectations(folder.appendingPathComponent(name)).map(\.id)) ?? []
            return ids.contains { errors.contains($0) }
        }.sorted()
    }

    static var templateFixtures: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: fixtures.appendingPathComponent("templates").path)) ?? []
        return names.filter { $0 != "valid" && $0 != "template.unused-capability" }.sorted()
    }

    /// Runs generate into a folder that does not exist yet and checks that it still does not.
    static func generateNothing(_ arguments: [String]) throws -> CommandRunner.Output {
        let parent = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: parent) }
        let out = parent.appendingPathComponent("out")
        let output = try CommandRunner.run(["generate"] + arguments + ["-o", out.path])
        #expect(!FileManager.default.fileExists(atPath: out.path), "the output folder was created")
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path).isEmpty)
        #expect(output.stdout.isEmpty)
        return output
    }

    @Test("The corpus is all there: at least 80 bad site descriptions and 15 bad template folders")
    func corpusSize() {
        #expect(Self.siteFixtures.count >= 80)
        #expect(Self.templateFixtures.count >= 15)
    }

    @Test("Each bad site description: its diagnostics at their lines, exit 65, nothing written", arguments: siteFixtures)
    func badSite(_ name: String) throws {
        let path = "Tests/RunbookKitTests/Fixtures/invalid/" + name
        let output = try Self.generateNothing([path])
        #expect(output.status == 65, "\(output.stderr)")
        for (line, id) in try Self.expectations(Self.fixtures.appendingPathComponent("invalid").appendingPathComponent(name)) {
            let located = output.stderr.split(separator: "\n").contains { $0.hasPrefix("\(path):\(line):") && $0.hasSuffix("[\(id)]") }
            #expect(located, "no \(id) at line \(line): \(output.stderr)")
        }
        #expect(!output.stderr.contains("Fatal error") && !output.stderr.contains("Stack dump"))
    }

    @Test("Each bad template folder: its diagnostic, exit 65, nothing written", arguments: templateFixtures)
    func badTemplates(_ name: String) throws {
        let folder = Self.fixtures.appendingPathComponent("templates").appendingPathComponent(name)
        let output = try Self.generateNothing(["samples/guide-two-node.yaml", "--templates", folder.path])
        #expect(output.status == 65, "\(output.stderr)")
        let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        while let file = walker?.nextObject() as? URL {
            if file.hasDirectoryPath { continue }
            for (line, id) in try Self.expectations(file) {
                let located = output.stderr.split(separator: "\n").contains {
                    $0.contains("\(file.lastPathComponent):\(line):") && $0.hasSuffix("[\(id)]")
                }
                #expect(located, "no \(id) at \(file.lastPathComponent):\(line): \(output.stderr)")
            }
        }
    }

    /// Inputs too big to commit, built here: each must stop at its limit, named in the message.
    static let limitCases: [(name: String, build: @Sendable () -> Data, id: String, limit: String)] = [
        (
            "nine megabytes", { Data(("# padding\n" + String(repeating: "#" + String(repeating: "x", count: 1023) + "\n", count: 9 * 1024)).utf8) },
            "input.too-large", "InputLimits.maximumBytes"
        ),
        (
            "a list of 20,000 DNS servers",
            {
                Data(("networks:\n  - name: Public\n    dns:\n" + String(repeating: "      - 10.0.0.1\n", count: 20_000)).utf8)
            }, "input.too-many-items", "InputLimits.maximumItems"
        ),
        (
            "10,000 levels of nesting",
            { Data(("x-deep: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n").utf8) }, "input.too-deep",
            "InputLimits.maximumDepth"
        ),
        (
            "aliases expanding to 10^30 nodes",
            {
                var text = "x-0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
                for level in 1...30 {
                    text += "x-\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
                }
                return Data(text.utf8)
            }, "input.alias-limit", "InputLimits.maximumExpandedNodes"
        ),
        (
            "a million values and no alias",
            {
                let row = "  - [" + Array(repeating: "1", count: 9_990).joined(separator: ",") + "]\n"
                return Data(("x-many:\n" + String(repeating: row, count: 120)).utf8)
            }, "input.too-many-values", "check that this is the right file"
        ),
        (
            "a one-megabyte line", { Data(("document:\n  customer: " + String(repeating: "A", count: 1 << 20) + "\n").utf8) }, "schema.text-too-long",
            "SiteFormat.maximumTextLength"
        ),
        (
            "random bytes",
            {
                // Noise from a fixed xorshift sequence, so every run sees the same bytes.
                var state: UInt32 = 2_463_534_242
                return Data(
                    (0..<65_536).map { _ in
                        state ^= state << 13
                        state ^= state >> 17
                        state ^= state << 5
                        return UInt8(truncatingIfNeeded: state)
                    })
            },
            "input.binary", "NUL"
        ),
    ]

    @Test("Inputs past a limit stop at it, with a message naming the limit", arguments: limitCases.indices)
    func limits(_ index: Int) throws {
        let limitCase = Self.limitCases[index]
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let site = folder.appendingPathComponent("site.yaml")
        try limitCase.build().write(to: site)
        let output = try Self.generateNothing([site.path])
        #expect(output.status == 65, "\(limitCase.name): \(output.stderr)")
        #expect(output.stderr.contains("[\(limitCase.id)]"), "\(limitCase.name): \(output.stderr)")
        #expect(output.stderr.contains(limitCase.limit), "\(limitCase.name): \(output.stderr)")
        #expect(output.stderr.utf8.count < 4096, "\(limitCase.name): the message stays short")
    }
}

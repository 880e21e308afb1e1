import Foundation
import RunbookKit
import RunbookTestSupport
import Testing

@Suite("runbook validate, schema, rules")
struct ValidateCommandTests {
    let fixtures = "Tests/RunbookKitTests/Fixtures"

    @Test(
        "A valid sample exits 0 and says so on standard output",
        arguments: ["samples/guide-two-node.yaml", "samples/external-sql.yaml", "samples/metro-three-node.yaml"])
    func validSample(_ path: String) throws {
        let output = try CommandRunner.run(["validate", path])
        #expect(output.status == 0)
        #expect(output.stdout == "\(path): valid\n")
        #expect(output.stderr.isEmpty)
    }

    @Test("An invalid file exits 65 with compiler-style diagnostics and notes")
    func invalidFile() throws {
        let path = "\(fixtures)/invalid/site.duplicate-address.yaml"
        let output = try CommandRunner.run(["validate", path])
        #expect(output.status == 65)
        let lines = output.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("\(path):54:12: error: 10.1.0.11 is given to the SQL Server instance address"))
        #expect(lines[0].hasSuffix(" [site.duplicate-address]"))
        #expect(lines[1].hasPrefix("\(path):25:15: note: 10.1.0.11 is first used here"))
        #expect(lines[2] == "\(path): invalid: 1 error")
    }

    @Test("--format json reports every file and diagnostic on standard output")
    func json() throws {
        let output = try CommandRunner.run([
            "validate", "--format", "json", "samples/guide-two-node.yaml", "\(fixtures)/invalid/schema.unknown-key.yaml",
        ])
        #expect(output.status == 65)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let files = try #require(json["files"] as? [[String: Any]])
        #expect(files.map { $0["valid"] as? Bool } == [true, false])
        let diagnostics = try #require(files[1]["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.map { $0["id"] as? String } == ["schema.unknown-key", "schema.unknown-key"])
        let typo = try #require(diagnostics.first { $0["suggestion"] != nil })
        #expect(typo["suggestion"] as? String == "gateway")
        #expect(typo["line"] as? Int == 16)
        #expect(typo["column"] as? Int == 5)
    }

    @Test("Warnings pass unless --warnings-as-errors")
    func warnings() throws {
        let path = "\(fixtures)/invalid/site.single-dns-server.yaml"
        let lenient = try CommandRunner.run(["validate", path])
        #expect(lenient.status == 0)
        #expect(lenient.stdout == "\(path): valid (1 warning)\n")
        #expect(lenient.stderr.contains(": warning: "))
        let strict = try CommandRunner.run(["validate", "--warnings-as-errors", path])
        #expect(strict.status == 65)
        #expect(strict.stderr.contains(": error: "))
    }

    static let exitCases: [(arguments: [String], status: Int32)] = [
        (["validate"], 64), (["validate", "--format", "xml", "samples/guide-two-node.yaml"], 64),
        (["frobnicate"], 64), (["validate", "no/such/site.yaml"], 66),
    ]

    @Test("Usage errors exit 64; an unreadable file exits 66", arguments: exitCases)
    func exitCodes(arguments: [String], status: Int32) throws {
        let output = try CommandRunner.run(arguments)
        #expect(output.status == status, "\(output.stderr)")
        #expect(!output.stderr.isEmpty)
    }

    @Test("runbook schema prints the committed JSON Schema")
    func schema() throws {
        let output = try CommandRunner.run(["schema"])
        let committed = try String(
            contentsOf: CommandRunner.packageRoot.appendingPathComponent("schema/site-description.schema.json"), encoding: .utf8)
        #expect(output.status == 0)
        #expect(output.stdout == committed)
    }

    @Test("runbook rules lists every diagnostic id")
    func rules() throws {
        let output = try CommandRunner.run(["rules"])
        #expect(output.status == 0)
        for id in DiagnosticID.allCases {
            #expect(output.stdout.contains(id.rawValue + " "))
        }
    }
}

@Suite("runbook init")
struct InitCommandTests {
    @Test("Without a file it prints the starter")
    func printsStarter() throws {
        let output = try CommandRunner.run(["init"])
        #expect(output.status == 0)
        #expect(output.stdout == SiteStarter.text)
    }

    @Test("It writes a new file, then refuses to overwrite it unless --force")
    func neverOverwrites() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let created = try CommandRunner.run(["init", "site.yaml"], in: folder)
        #expect(created.status == 0)
        let file = folder.appendingPathComponent("site.yaml")
        #expect(try String(contentsOf: file, encoding: .utf8) == SiteStarter.text)

        try Data("my own work\n".utf8).write(to: file)
        let refused = try CommandRunner.run(["init", "site.yaml"], in: folder)
        #expect(refused.status == 73)
        #expect(refused.stderr.contains("already exists"))
        #expect(try String(contentsOf: file, encoding: .utf8) == "my own work\n")

        let forced = try CommandRunner.run(["init", "--force", "site.yaml"], in: folder)
        #expect(forced.status == 0)
        #expect(try String(contentsOf: file, encoding: .utf8) == SiteStarter.text)
    }

    @Test("The starter it writes fails validation only on its placeholders")
    func starterValidates() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try CommandRunner.run(["init", "site.yaml"], in: folder)
        let output = try CommandRunner.run(["validate", "site.yaml"], in: folder)
        #expect(output.status == 65)
        let errors = output.stderr.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(!errors.isEmpty && errors.allSatisfy { $0.hasSuffix("[schema.placeholder]") })
    }
}

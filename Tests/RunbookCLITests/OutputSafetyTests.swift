import Foundation
import RunbookTestSupport
import Testing

/// Secrets, reproducibility, batches and file-system failures, as a user meets them.
@Suite("Secrets, reproducible bytes, batches and file-system failures")
struct OutputSafetyTests {
    static let sample = CommandRunner.packageRoot.appendingPathComponent("samples/guide-two-node.yaml")
    static let secret = "Tr0ub4dor&3-Hunter2!"

    /// Every file below a folder, by relative path, with its bytes.
    static func contents(of folder: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = walker?.nextObject() as? URL {
            guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
            result[String(url.path.dropFirst(folder.path.count + 1))] = try Data(contentsOf: url)
        }
        return result
    }

    /// The sample with a password typed in where the format refuses it.
    static let secretPlacements: [(String, @Sendable (String) -> String)] = [
        (
            "a password key beside the domain administrator",
            {
                $0.replacingOccurrences(
                    of: "  administrator: TESTDOMAIN\\Administrator",
                    with: "  administrator: TESTDOMAIN\\Administrator\n  administrator-password: \"\(secret)\"")
            }
        ),
        (
            "an sa password in sql-server",
            { $0.replacingOccurrences(of: "  authentication: windows", with: "  authentication: mixed\n  sa-password: '\(secret)'") }
        ),
        (
            "a password in an x- extension, aliased into the customer",
            { "x-vault:\n  - password: &pw \"\(secret)\"\n" + $0.replacingOccurrences(of: "  customer: Example customer", with: "  customer: *pw") }
        ),
        (
            "a token under a node's addresses",
            { $0.replacingOccurrences(of: "      iSCSI: 10.0.0.213\n", with: "      iSCSI: 10.0.0.213\n      token: \(secret)\n") }
        ),
        ("a literal block under an unknown key", { $0 + "credentials:\n  pwd: |\n    \(secret)\n" }),
        (
            "a password in JSON-style flow mapping",
            { $0.replacingOccurrences(of: "xprotect:\n", with: "xprotect:\n  service-account-password: {value: \"\(secret)\"}\n") }
        ),
        (
            "a password that is also malformed YAML",
            { $0.replacingOccurrences(of: "  author: Example consultant", with: "  author: Example consultant\n  password: \"\(secret)") }
        ),
    ]

    @Test("A password never appears in any output, diagnostic or listing, whatever the command", arguments: secretPlacements.indices)
    func secretNeverLeaks(_ index: Int) throws {
        let (name, place) = Self.secretPlacements[index]
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let site = folder.appendingPathComponent("site.yaml")
        let text = place(try String(contentsOf: Self.sample, encoding: .utf8))
        #expect(text.contains(Self.secret), "\(name): the placement did not apply")
        try Data(text.utf8).write(to: site)
        let out = folder.appendingPathComponent("out")
        let runs: [[String]] = [
            ["generate", site.path, "-o", out.path],
            ["generate", site.path, "-o", "-", "--format", "md"],
            ["validate", site.path],
            ["validate", "--format", "json", site.path],
            ["plan", site.path],
            ["plan", "--format", "json", site.path],
            ["graph", site.path],
        ]
        for arguments in runs {
            let output = try CommandRunner.run(arguments)
            #expect(output.status == 65, "\(name): \(arguments.joined(separator: " ")) exits \(output.status): \(output.stderr)")
            #expect(!output.stdout.contains(Self.secret) && !output.stderr.contains(Self.secret), "\(name): \(arguments)")
            #expect(!output.stdout.contains("Hunter2") && !output.stderr.contains("Hunter2"), "\(name): part of it")
        }
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(try Self.contents(of: folder).keys.sorted() == ["site.yaml"], "nothing else is written anywhere near")
    }

    @Test("Same input, same bytes: two processes, two working folders, two locales and time zones")
    func reproducible() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var results: [[String: Data]] = []
        let settings: [(String, [String: String])] = [
            ("first", ["LC_ALL": "C", "LANG": "C", "TZ": "UTC", "SOURCE_DATE_EPOCH": "1767225600"]),
            (
                "second/deeper",
                [
                    "LC_ALL": "tr_TR.UTF-8", "LANG": "de_DE.UTF-8", "TZ": "Pacific/Kiritimati", "SOURCE_DATE_EPOCH": "1767225600",
                    "HOME": "/nonexistent",
                ]
            ),
        ]
        for (directory, environment) in settings {
            let cwd = folder.appendingPathComponent(directory)
            try FileManager.default.createDirectory(at: cwd, withIntermediateDirectories: true)
            let output = try CommandRunner.run(
                ["generate", Self.sample.path, CommandRunner.packageRoot.appendingPathComponent("samples/metro-three-node.yaml").path, "-o", "out"],
                in: cwd, environment: environment)
            #expect(output.status == 0, "\(output.stderr)")
            results.append(try Self.contents(of: cwd.appendingPathComponent("out")))
        }
        #expect(
            results[0].count == 35,
            "nine runbooks and six pictures of each site, two setup files of the one with a failover cluster instance, the folder's record of sites")
        #expect(results[0] == results[1])
        let dated = try #require(results[0]["testdomain-two-node-cluster-install.html"])
        #expect(String(decoding: dated, as: UTF8.self).contains("2026-01-01"), "SOURCE_DATE_EPOCH dates the document")
    }

    @Test("A batch writes each site's files as its own run does; sites that share file names are refused")
    func batch() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let samples = try FileManager.default.contentsOfDirectory(atPath: CommandRunner.packageRoot.appendingPathComponent("samples").path)
            .filter { $0.hasSuffix(".yaml") }.sorted().map { "samples/" + $0 }
        #expect(samples.count >= 3)
        let together = try CommandRunner.run(["generate"] + samples + ["-o", folder.appendingPathComponent("batch").path])
        #expect(together.status == 0, "\(together.stderr)")
        var alone: [String: Data] = [:]
        for sample in samples {
            let out = folder.appendingPathComponent("alone-" + URL(fileURLWithPath: sample).lastPathComponent)
            #expect(try CommandRunner.run(["generate", sample, "-o", out.path]).status == 0)
            alone.merge(try Self.contents(of: out)) { _, _ in Data() }
        }
        // Apart from the folder's record of which site wrote which file, which names them all.
        #expect(
            try Self.contents(of: folder.appendingPathComponent("batch")).filter { !$0.key.hasPrefix(".") } == alone.filter { !$0.key.hasPrefix(".") }
        )

        // The same site twice under two names clashes: nothing is written, both places named.
        let copy = folder.appendingPathComponent("copy.yaml")
        try FileManager.default.copyItem(at: Self.sample, to: copy)
        let clash = try CommandRunner.run(["generate", "samples/guide-two-node.yaml", copy.path, "-o", folder.appendingPathComponent("clash").path])
        #expect(clash.status == 65)
        #expect(clash.stderr.contains("\(copy.path):22:9: error: this site and samples/guide-two-node.yaml would both write"))
        #expect(clash.stderr.contains("samples/guide-two-node.yaml:22:9: note:"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("clash").path))

        // One bad site stops the whole batch.
        let bad = try CommandRunner.run([
            "generate", "samples/guide-two-node.yaml", "Tests/RunbookKitTests/Fixtures/invalid/site.duplicate-address.yaml", "-o",
            folder.appendingPathComponent("bad").path,
        ])
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("1 of 2 site descriptions have errors"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("bad").path))
    }

    @Test("A run killed (SIGKILL) at any point of putting its files in place: the next run of any site into the folder makes the set whole")
    func killedWhilePuttingInPlace() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let old = ["SOURCE_DATE_EPOCH": "1767225600"], new = ["SOURCE_DATE_EPOCH": "1769904000"]
        let arguments = ["generate", "samples/guide-two-node.yaml", "--format", "markdown", "-o"]
        let reference = folder.appendingPathComponent("reference")
        #expect(try CommandRunner.run(arguments + [reference.path], environment: new).status == 0)
        let expected = try Self.contents(of: reference).filter { !$0.key.hasPrefix(".") }
        let count = expected.count + 1  // and the folder's record of which site wrote which file
        for after in 0...count {
            let target = folder.appendingPathComponent("killed-\(after)")
            #expect(try CommandRunner.run(arguments + [target.path], environment: old).status == 0)
            let killed = try CommandRunner.run(arguments + [target.path], environment: new.merging(["RUNBOOK_TEST_KILL_AFTER": "\(after)"]) { $1 })
            #expect(killed.status == SIGKILL, "killed after \(after) files: \(killed.stderr)")
            // Another site, written into the same folder, finishes what the killed run began.
            let other = try CommandRunner.run(["generate", "samples/external-sql.yaml", "--format", "markdown", "-o", target.path])
            #expect(other.status == 0, "\(other.stderr)")
            let found = try Self.contents(of: target)
            for (name, bytes) in expected { #expect(found[name] == bytes, "killed after \(after) files: \(name) is not the new one") }
            let hidden = found.keys.filter { $0.hasPrefix(".") }
            #expect(hidden == [".runbook-sites.json"], "killed after \(after) files: \(hidden)")
            #expect(found.keys.contains { $0.hasPrefix("harbour-logistics-aarhus-") })
        }
    }

    @Test("Two sites whose names give the same file names ('Hafen Süd', 'Hafen Sud'), one run after the other: the second is refused")
    func transliteratedNames() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = try String(contentsOf: Self.sample, encoding: .utf8)
        func site(_ name: String) throws -> String {
            let path = folder.appendingPathComponent(name + ".yaml")
            try text.replacingOccurrences(of: "site: TESTDOMAIN two-node cluster", with: "site: \(name)").write(
                to: path, atomically: true, encoding: .utf8)
            return path.path
        }
        let out = folder.appendingPathComponent("out").path
        let umlaut = try site("Hafen Süd"), plain = try site("Hafen Sud")
        #expect(try CommandRunner.run(["generate", umlaut, "--format", "markdown", "-o", out]).status == 0)
        let before = try Self.contents(of: URL(fileURLWithPath: out))
        let second = try CommandRunner.run(["generate", plain, "--format", "markdown", "-o", out])
        #expect(second.status == 65, "\(second.stderr)")
        #expect(second.stderr.contains("holds a runbook of the site 'Hafen Süd', and this site, 'Hafen Sud', would replace it"), "\(second.stderr)")
        #expect(try Self.contents(of: URL(fileURLWithPath: out)) == before)
        // The same site again replaces its own files; once they are removed, the other site may write.
        #expect(try CommandRunner.run(["generate", umlaut, "--format", "markdown", "-o", out]).status == 0)
        for name in before.keys where !name.hasPrefix(".") { try FileManager.default.removeItem(atPath: out + "/" + name) }
        #expect(try CommandRunner.run(["generate", plain, "--format", "markdown", "-o", out]).status == 0)
    }

    /// A tmpfs, when this machine lets the tests mount one (root in CI).
    static let canMount: Bool = {
        guard getuid() == 0 else { return false }
        let probe = FileManager.default.temporaryDirectory.appendingPathComponent("runbook-mount-probe-\(getpid())")
        try? FileManager.default.createDirectory(at: probe, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: probe) }
        guard
            (try? CommandRunner.run(["sh", "-c", "mount -t tmpfs -o size=64k tmpfs \"$1\" && umount \"$1\"", "sh", probe.path], shell: true).status)
                == 0
        else { return false }
        return true
    }()

    @Test("A disk that fills up part-way: exit 73, a message that says so, the previous files as they were", .enabled(if: canMount))
    func diskFull() throws {
        let mount = try CommandRunner.temporaryFolder()
        defer {
            _ = try? CommandRunner.run(["sh", "-c", "umount \"$1\"", "sh", mount.path], shell: true)
            try? FileManager.default.removeItem(at: mount)
        }
        #expect(try CommandRunner.run(["sh", "-c", "mount -t tmpfs -o size=640k tmpfs \"$1\"", "sh", mount.path], shell: true).status == 0)
        // The previous run wrote Markdown only (and the setup files); now all formats do not fit.
        let first = try CommandRunner.run(["generate", "samples/guide-two-node.yaml", "-o", mount.path, "--format", "md"])
        #expect(first.status == 0, "\(first.stderr)")
        let before = try Self.contents(of: mount)
        #expect(before.count == 6, "four runbooks, a setup file, the folder's record of sites")
        let full = try CommandRunner.run(["generate", "samples/guide-two-node.yaml", "samples/metro-three-node.yaml", "-o", mount.path])
        #expect(full.status == 73)
        #expect(full.stderr.contains("the disk (or your quota) is full"), "\(full.stderr)")
        #expect(full.stderr.contains("[output.unwritable]"))
        #expect(try Self.contents(of: mount) == before, "no temporary file is left and the previous files are unchanged")
    }

    @Test("A read-only output file system: exit 73 and the reason", .enabled(if: canMount))
    func readOnly() throws {
        let mount = try CommandRunner.temporaryFolder()
        defer {
            _ = try? CommandRunner.run(["sh", "-c", "umount \"$1\"", "sh", mount.path], shell: true)
            try? FileManager.default.removeItem(at: mount)
        }
        #expect(try CommandRunner.run(["sh", "-c", "mount -t tmpfs -o size=64k,ro tmpfs \"$1\"", "sh", mount.path], shell: true).status == 0)
        let output = try CommandRunner.run(["generate", "samples/guide-two-node.yaml", "-o", mount.path])
        #expect(output.status == 73)
        #expect(output.stderr.contains("read-only"), "\(output.stderr)")
    }
}

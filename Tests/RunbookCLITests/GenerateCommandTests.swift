import Foundation
import RunbookTestSupport
import Testing

@Suite("runbook generate")
struct GenerateCommandTests {
    static let golden = CommandRunner.packageRoot.appendingPathComponent("Tests/RunbookKitTests/Snapshots/runbooks")

    static let goldenSetupFiles = CommandRunner.packageRoot.appendingPathComponent("Tests/RunbookKitTests/Snapshots/setup-files")

    @Test("-o - refuses to write a PDF or Word document to a terminal, and writes it to a pipe")
    func binaryToTerminal() throws {
        // script(1) gives the command a terminal for its standard output.
        let runbook = CommandRunner.binary.path
        let terminal = try CommandRunner.run(
            ["-qec", "\(runbook) generate samples/guide-two-node.yaml -o - --format docx --runbook install", "/dev/null"], tool: "/usr/bin/script")
        #expect(terminal.status == 64, "\(terminal.stdout)")
        #expect(terminal.stdout.contains("would write the Word document to the terminal; send it to a file (> runbook.docx)"))
        #expect(!terminal.stdout.contains("PK"), "no bytes of the document")
        let piped = try CommandRunner.run(["generate", "samples/guide-two-node.yaml", "-o", "-", "--format", "docx", "--runbook", "install"])
        #expect(piped.status == 0 && piped.stdout.hasPrefix("PK"))
    }

    @Test("-o with an empty folder name is a usage error, not the working folder")
    func emptyOutput() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let site = CommandRunner.packageRoot.appendingPathComponent("samples/guide-two-node.yaml").path
        let output = try CommandRunner.run(["generate", site, "-o", ""], in: folder)
        #expect(output.status == 64)
        #expect(output.stderr.contains("-o needs a folder to write into"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test(
        "Writes nine runbooks, their six pictures and two SQL Server setup files named after the site, byte for byte the golden ones, and lists them")
    func writesEverything() throws {
        let folder = try CommandRunner.temporaryFolder().appendingPathComponent("new/out")
        let output = try CommandRunner.run(["generate", "samples/guide-two-node.yaml", "-o", folder.path])
        #expect(output.status == 0, "\(output.stderr)")
        let all = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        // Beside them, the folder's record of which site wrote which file.
        #expect(all.first == ".runbook-sites.json")
        let record = try String(contentsOf: folder.appendingPathComponent(".runbook-sites.json"), encoding: .utf8)
        #expect(record.contains("\"testdomain-two-node-cluster-install.md\" : \"TESTDOMAIN two-node cluster\""), "\(record)")
        let names = all.filter { !$0.hasPrefix(".") }
        #expect(
            names == [
                "testdomain-two-node-cluster-install-order-of-procedures.svg", "testdomain-two-node-cluster-install-site-at-a-glance.svg",
                "testdomain-two-node-cluster-install.html", "testdomain-two-node-cluster-install.md", "testdomain-two-node-cluster-install.xml",
                "testdomain-two-node-cluster-sql-add-node.ini", "testdomain-two-node-cluster-sql-install.ini",
                "testdomain-two-node-cluster-upgrade-order-of-procedures.svg", "testdomain-two-node-cluster-upgrade-site-at-a-glance.svg",
                "testdomain-two-node-cluster-upgrade.html", "testdomain-two-node-cluster-upgrade.md", "testdomain-two-node-cluster-upgrade.xml",
                "testdomain-two-node-cluster-verify-order-of-procedures.svg", "testdomain-two-node-cluster-verify-site-at-a-glance.svg",
                "testdomain-two-node-cluster-verify.html", "testdomain-two-node-cluster-verify.md", "testdomain-two-node-cluster-verify.xml",
            ])
        for name in names {
            let written = try Data(contentsOf: folder.appendingPathComponent(name))
            let golden = name.hasSuffix(".ini") ? Self.goldenSetupFiles : Self.golden
            let expected = try Data(contentsOf: golden.appendingPathComponent("guide-two-node").appendingPathComponent(name))
            #expect(written == expected, "\(name)")
        }
        #expect(output.stdout.split(separator: "\n").map { URL(fileURLWithPath: String($0)).lastPathComponent }.sorted() == names)
    }

    @Test("The SQL Server setup files come with the install runbook in any format, only for a failover cluster instance, never on standard output")
    func setupFiles() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        func written(_ arguments: [String]) throws -> [String] {
            let out = folder.appendingPathComponent(UUID().uuidString)
            let output = try CommandRunner.run(["generate"] + arguments + ["-o", out.path])
            #expect(output.status == 0, "\(output.stderr)")
            return try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".ini") }.sorted()
        }
        let guide = ["testdomain-two-node-cluster-sql-add-node.ini", "testdomain-two-node-cluster-sql-install.ini"]
        #expect(try written(["samples/guide-two-node.yaml", "--format", "md"]) == guide)
        #expect(try written(["samples/guide-two-node.yaml", "--format", "docbook", "--runbook", "install"]) == guide)
        #expect(try written(["samples/guide-two-node.yaml", "--runbook", "upgrade"]).isEmpty)
        #expect(try written(["samples/external-sql.yaml"]).isEmpty)
        #expect(try written(["samples/metro-three-node.yaml"]).count == 2)

        // Standard output carries the install runbook alone, not its setup files after it.
        let standardOutput = try CommandRunner.run(["generate", "samples/guide-two-node.yaml", "-o", "-", "--format", "md"])
        #expect(standardOutput.status == 0)
        let runbook = try String(
            contentsOf: Self.golden.appendingPathComponent("guide-two-node/testdomain-two-node-cluster-install.md"), encoding: .utf8)
        #expect(standardOutput.stdout == runbook)
    }

    @Test("-o - writes one format of one runbook to standard output")
    func standardOutput() throws {
        let output = try CommandRunner.run(["generate", "samples/guide-two-node.yaml", "-o", "-", "--format", "md", "--runbook", "upgrade"])
        #expect(output.status == 0, "\(output.stderr)")
        let expected = try String(
            contentsOf: Self.golden.appendingPathComponent("guide-two-node/testdomain-two-node-cluster-upgrade.md"), encoding: .utf8)
        #expect(output.stdout == expected)

        let first = try CommandRunner.run(["generate", "samples/guide-two-node.yaml", "-o", "-", "--format", "docbook"])
        #expect(first.status == 0)
        #expect(first.stdout.contains("xml:id=\"install\""))
        #expect(first.stderr.contains("writing the install runbook"))

        let two = try CommandRunner.run(["generate", "samples/guide-two-node.yaml", "-o", "-", "--format", "md,html"])
        #expect(two.status == 64)
        #expect(two.stderr.contains("choose one format"))
        let unknown = try CommandRunner.run(["generate", "samples/guide-two-node.yaml", "-o", "-", "--format", "odt"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("unknown format 'odt'; choose from md, html, docbook, pdf"))
        // Case-blind, with the other names people use for the formats.
        for (name, start) in [("MD", "# Install"), ("Markdown", "# Install"), ("XML", "<?xml"), ("Word", "PK")] {
            let output = try CommandRunner.run(
                ["generate", "samples/guide-two-node.yaml", "-o", "-", "--format", name, "--runbook", "install"], shell: false)
            #expect(output.status == 0 && output.stdout.hasPrefix(start), "\(name): \(output.stderr)")
        }
    }

    @Test("SOURCE_DATE_EPOCH dates the documents; a bad one is refused")
    func sourceDate() throws {
        let dated = try CommandRunner.run(
            ["generate", "samples/guide-two-node.yaml", "-o", "-", "--format", "html"], environment: ["SOURCE_DATE_EPOCH": "1767225600"])
        #expect(dated.status == 0)
        #expect(dated.stdout.contains("<dt>Date</dt><dd>2026-01-01</dd>"))
        let bad = try CommandRunner.run(
            ["generate", "samples/guide-two-node.yaml", "-o", "-", "--format", "html"], environment: ["SOURCE_DATE_EPOCH": "soon"])
        #expect(bad.status == 64)
        #expect(bad.stdout.isEmpty)
        // A whole number past the year 9999 says the range, as a usage error too.
        let far = try CommandRunner.run(
            ["generate", "samples/guide-two-node.yaml", "-o", "-", "--format", "html"], environment: ["SOURCE_DATE_EPOCH": "253402300800"])
        #expect(far.status == 64)
        #expect(far.stderr.contains("from 0 to 253402300799 (9999-12-31) [output.source-date-invalid]"), "\(far.stderr)")
        let spaced = try CommandRunner.run(
            ["generate", "samples/guide-two-node.yaml", "-o", "-", "--format", "html"], environment: ["SOURCE_DATE_EPOCH": " 86400"])
        #expect(spaced.status == 64)
    }

    @Test("An invalid site writes nothing and exits 65")
    func invalidSite() throws {
        let folder = try CommandRunner.temporaryFolder()
        let output = try CommandRunner.run(["generate", "Tests/RunbookKitTests/Fixtures/invalid/site.duplicate-address.yaml", "-o", folder.path])
        #expect(output.status == 65)
        #expect(output.stderr.contains("site.duplicate-address"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test("A page shell that makes DocBook invalid fails validation: exit 70, nothing written, old files kept")
    func invalidDocBook() throws {
        let folder = try CommandRunner.temporaryFolder()
        let templates = folder.appendingPathComponent("brand/shells")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try Data(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <article xmlns="http://docbook.org/ns/docbook" version="5.0" xml:lang="{{lang}}" xml:id="{{id}}">
            <info>
            {{info}}
            <colophon/>
            </info>
            {{body}}
            </article>
            """.utf8
        ).write(to: templates.appendingPathComponent("docbook.xml"))
        let out = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let previous = out.appendingPathComponent("testdomain-two-node-cluster-install.md")
        try Data("previous run\n".utf8).write(to: previous)

        let output = try CommandRunner.run([
            "generate", "samples/guide-two-node.yaml", "-o", out.path, "--templates", folder.appendingPathComponent("brand").path,
        ])
        #expect(output.status == 70)
        #expect(output.stderr.contains("testdomain-two-node-cluster-install.xml:"))
        #expect(output.stderr.contains("[output.invalid-docbook]"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["testdomain-two-node-cluster-install.md"])
        #expect(try String(contentsOf: previous, encoding: .utf8) == "previous run\n")
    }

    @Test("A branded HTML shell is used; a shell with an unknown placeholder is refused")
    func brandedShell() throws {
        let folder = try CommandRunner.temporaryFolder()
        let shells = folder.appendingPathComponent("shells")
        try FileManager.default.createDirectory(at: shells, withIntermediateDirectories: true)
        try Data("body { font-family: serif; } /* Example Corp */\n".utf8).write(to: shells.appendingPathComponent("page.css"))
        let branded = try CommandRunner.run([
            "generate", "samples/guide-two-node.yaml", "-o", "-", "--format", "html", "--templates", folder.path,
        ])
        #expect(branded.status == 0, "\(branded.stderr)")
        #expect(branded.stdout.contains("/* Example Corp */"))

        try Data("<html><title>{{title}}</title>{{bodyy}}</html>\n".utf8).write(to: shells.appendingPathComponent("page.html"))
        let broken = try CommandRunner.run([
            "generate", "samples/guide-two-node.yaml", "-o", "-", "--format", "html", "--templates", folder.path,
        ])
        #expect(broken.status == 65)
        #expect(broken.stderr.contains("page.html:1:31: error: unknown placeholder {{bodyy}}"))
        #expect(broken.stderr.contains("no {{body}} placeholder"))
    }

    @Test("Without the DocBook schema, docbook fails with exit 69 and says what to install")
    func schemaMissing() throws {
        let folder = try CommandRunner.temporaryFolder()
        let output = try CommandRunner.run(
            ["generate", "samples/guide-two-node.yaml", "-o", folder.path], environment: ["XML_CATALOG_FILES": "/nonexistent/catalog"])
        #expect(output.status == 69)
        #expect(output.stderr.contains("docbook5-xml"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        let markdown = try CommandRunner.run(
            ["generate", "samples/guide-two-node.yaml", "-o", folder.path, "--format", "md,html"],
            environment: ["XML_CATALOG_FILES": "/nonexistent/catalog"])
        #expect(markdown.status == 0)
    }

    @Test("A TMPDIR where no folder can be made is named with exit 73, not taken for a broken Graphviz")
    func unusableTemporaryFolder() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try CommandRunner.run(
            ["generate", "samples/guide-two-node.yaml", "--format", "html", "-o", folder.appendingPathComponent("out").path],
            environment: ["TMPDIR": "/nonexistent/tmp"])
        #expect(output.status == 73)
        #expect(output.stderr.contains("cannot make a temporary folder in /nonexistent/tmp for Graphviz or WeasyPrint"), "\(output.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }

    @Test("An XML catalog that is a named pipe, or names one, stops the run with exit 69 and a sentence instead of hanging it")
    func catalogPipe() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pipe = folder.appendingPathComponent("catalog.fifo").path
        #expect(mkfifo(pipe, 0o600) == 0)
        let direct = try CommandRunner.run(
            ["generate", "samples/guide-two-node.yaml", "-o", folder.appendingPathComponent("a").path], environment: ["XML_CATALOG_FILES": pipe])
        #expect(direct.status == 69)
        #expect(direct.stderr.contains("the XML catalog \(pipe) (named in XML_CATALOG_FILES) is a named pipe, not a file"), "\(direct.stderr)")
        // Nor is a catalog fetched from the network.
        let remote = try CommandRunner.run(
            ["generate", "samples/guide-two-node.yaml", "-o", folder.appendingPathComponent("c").path],
            environment: ["XML_CATALOG_FILES": "http://127.0.0.1:9/catalog.xml"])
        #expect(remote.status == 69)
        #expect(remote.stderr.contains("which is not a file on this computer"), "\(remote.stderr)")
        // A catalog that points to the pipe: given up after the stated wait, and the process ends.
        let nested = folder.appendingPathComponent("catalog.xml")
        try """
        <?xml version="1.0"?>
        <catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog"><nextCatalog catalog="file://\(pipe)"/></catalog>
        """.write(to: nested, atomically: true, encoding: .utf8)
        let started = ContinuousClock.now
        let through = try CommandRunner.run(
            ["generate", "samples/guide-two-node.yaml", "-o", folder.appendingPathComponent("b").path],
            environment: ["XML_CATALOG_FILES": nested.path])
        #expect(through.status == 69)
        #expect(through.stderr.contains("took more than 30 seconds"), "\(through.stderr)")
        #expect(ContinuousClock.now - started < .seconds(50))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("b").path))
    }

    @Test("An output folder that cannot be created gives exit 73 and the reason")
    func unwritable() throws {
        let folder = try CommandRunner.temporaryFolder()
        let file = folder.appendingPathComponent("plain-file")
        try Data("x".utf8).write(to: file)
        let output = try CommandRunner.run(["generate", "samples/guide-two-node.yaml", "-o", file.appendingPathComponent("out").path])
        #expect(output.status == 73)
        #expect(output.stderr.contains("output.unwritable"))
    }

    @Test("An output name taken by a folder is found before any file is replaced")
    func occupiedName() throws {
        let out = try CommandRunner.temporaryFolder()
        try FileManager.default.createDirectory(
            at: out.appendingPathComponent("testdomain-two-node-cluster-upgrade.xml"), withIntermediateDirectories: true)
        let previous = out.appendingPathComponent("testdomain-two-node-cluster-install.md")
        try Data("previous run\n".utf8).write(to: previous)
        let output = try CommandRunner.run(["generate", "samples/guide-two-node.yaml", "-o", out.path])
        #expect(output.status == 73)
        #expect(output.stderr.contains("is not a file"))
        #expect(try String(contentsOf: previous, encoding: .utf8) == "previous run\n")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == [
                "testdomain-two-node-cluster-install.md", "testdomain-two-node-cluster-upgrade.xml",
            ])
    }

    @Test("A full standard output is an error with exit 73, not a crash", .enabled(if: FileManager.default.fileExists(atPath: "/dev/full")))
    func fullStandardOutput() throws {
        let output = try CommandRunner.run(
            ["sh", "-c", "exec \"$0\" generate samples/guide-two-node.yaml -o - --format md > /dev/full"], shell: true)
        #expect(output.status == 73)
        #expect(output.stderr.contains("cannot write to standard output"))
    }

    @Test("--role takes a role in any case; another word is refused with every role and the nearest, nothing written")
    func roles() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("runbook-role-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let typo = try CommandRunner.run(["generate", "samples/guide-two-node.yaml", "-o", out.path, "--role", "VMS-instaler"])
        #expect(typo.status == 64)
        #expect(typo.stderr.contains("use consultant, windows-administrator, database-administrator or vms-installer; did you mean 'vms-installer'?"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
        let written = try CommandRunner.run([
            "generate", "samples/guide-two-node.yaml", "-o", out.path, "--role", " VMS-Installer ", "--format", "md",
        ])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("testdomain-two-node-cluster-install-for-vms-installer.md").path))
    }
}

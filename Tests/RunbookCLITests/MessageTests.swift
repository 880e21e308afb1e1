import Foundation
import RunbookKit
import RunbookTestSupport
import Testing

/// What a newcomer sees when a path, an argument or a line is wrong: a sentence that says what
/// is wrong and what to do, the exit status the README gives, and no Foundation error text.
@Suite("Messages a newcomer understands")
struct MessageTests {
    static let sample = "samples/guide-two-node.yaml"

    /// Foundation's own words, which must never reach a user.
    static func expectNoFoundationText(_ output: CommandRunner.Output, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        for text in ["NSCocoaErrorDomain", "The operation could not be completed", "Error Domain=", "NSPOSIXErrorDomain"] {
            #expect(!output.stderr.contains(text), "\(output.stderr)", sourceLocation: sourceLocation)
        }
    }

    /// A folder with a file, a loop of links, a link to nowhere and a named pipe in it.
    static func awkwardFolder() throws -> URL {
        let folder = try CommandRunner.temporaryFolder()
        try Data("x".utf8).write(to: folder.appendingPathComponent("a-file"))
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("loop-1").path, withDestinationPath: "loop-2")
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("loop-2").path, withDestinationPath: "loop-1")
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("dangling").path, withDestinationPath: "nowhere")
        #expect(mkfifo(folder.appendingPathComponent("pipe").path, 0o600) == 0)
        try FileManager.default.copyItem(
            at: Fixtures.packageRoot.appendingPathComponent(sample), to: folder.appendingPathComponent("site.yaml"))
        return folder
    }

    @Test(
        "An input that is no file: a sentence, exit 66",
        arguments: [
            (".", "it is a folder, not a file; give the site description file itself, such as ./site.yaml"),
            ("loop-1", "its symbolic links form a loop"),
            ("dangling", "it is a symbolic link to nowhere, which does not exist"),
            ("missing.yaml", "no such file; check the path"),
            ("a-file/site.yaml", "a part of the path that should be a folder is a file"),
        ])
    func unreadableInput(_ path: String, _ message: String) throws {
        let folder = try Self.awkwardFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for command in [["validate"], ["plan"], ["generate", "-o", "out"]] {
            let output = try CommandRunner.run([command[0], path] + command.dropFirst(), in: folder)
            #expect(output.status == 66, "\(command): \(output.stderr)")
            #expect(output.stderr.contains("\(path):1:1: error: cannot read the file: \(message)"), "\(output.stderr)")
            Self.expectNoFoundationText(output)
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }

    @Test(
        "An output folder that cannot be one: a sentence, exit 73, nothing written",
        arguments: [
            ("a-file/out", "a-file is a file, not a folder; choose another output folder"),
            ("a-file", "it is a file, not a folder"),
            ("dangling", "it is a symbolic link to nowhere, which does not exist; create that folder or choose another output folder"),
            ("pipe", "it is a named pipe, not a folder"),
            ("loop-1", "its symbolic links form a loop"),
        ])
    func unusableOutput(_ path: String, _ message: String) throws {
        let folder = try Self.awkwardFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        let output = try CommandRunner.run(["generate", "site.yaml", "-o", path], in: folder)
        #expect(output.status == 73)
        #expect(output.stderr.contains(message), "\(output.stderr)")
        #expect(output.stderr.hasSuffix("[output.unwritable]\n"))
        Self.expectNoFoundationText(output)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == before)
    }

    @Test("A named pipe and standard input are read like a file; - works in every command that takes a site")
    func streams() throws {
        let text = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent(Self.sample), encoding: .utf8)
        // The script gets the binary as $0; the writer gives up after ten seconds should nobody read.
        let scratch = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let script = "mkfifo \"$TMPDIR/p\" && { timeout 10 cat \(Self.sample) > \"$TMPDIR/p\" & } && \"$0\" validate \"$TMPDIR/p\""
        let piped = try CommandRunner.run(["sh", "-c", script], environment: ["TMPDIR": scratch.path], shell: true)
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stdout.hasSuffix("/p: valid\n"))

        let validate = try CommandRunner.run(["validate", "-"], input: text)
        #expect(validate.status == 0 && validate.stdout == "<stdin>: valid\n", "\(validate.stderr)")
        let plan = try CommandRunner.run(["plan", "-"], input: text)
        let direct = try CommandRunner.run(["plan", Self.sample])
        #expect(plan.status == 0 && plan.stdout == direct.stdout)
        let graph = try CommandRunner.run(["graph", "-", "--format", "mermaid"], input: text)
        #expect(graph.status == 0 && graph.stdout.contains("\nflowchart TB\n"))
        let generate = try CommandRunner.run(["generate", "-", "-o", "-", "--format", "md"], input: text)
        #expect(generate.status == 0 && generate.stdout.hasPrefix("# Install XProtect"), "\(generate.stderr)")

        let broken = try CommandRunner.run(["validate", "-"], input: "nodes: [")
        #expect(broken.status == 65 && broken.stderr.hasPrefix("<stdin>:"), "\(broken.stderr)")
        let twice = try CommandRunner.run(["generate", "-", "-", "-o", scratch.appendingPathComponent("out").path], input: text)
        #expect(twice.status == 64 && twice.stderr.contains("give - only once"))
    }

    @Test("A usage mistake found while running prints that subcommand's usage, exit 64")
    func subcommandUsage() throws {
        let runbook = try CommandRunner.run(["generate", Self.sample, "-o", "-", "--format", "md", "--runbook", "nope"])
        #expect(runbook.status == 64)
        #expect(
            runbook.stderr.hasPrefix(
                "Error: there is no runbook 'nope'; the runbooks are install, upgrade and verify\nUsage: runbook generate <sites>"))
        #expect(runbook.stderr.contains("See 'runbook generate --help'"))
        let empty = try CommandRunner.run(["generate", Self.sample, "-o", ""])
        #expect(empty.status == 64 && empty.stderr.contains("Usage: runbook generate"))
    }

    @Test("Shell completion offers the formats, as a comma list, and the catalog's runbooks")
    func completion() throws {
        func complete(_ option: String, _ words: [String]) throws -> [String] {
            // The word being completed is the last; the cursor is at its end.
            let arguments = ["---completion", "generate", "--", option, String(words.count - 1), String(words.last?.count ?? 0)] + words
            return try CommandRunner.run(arguments).stdout.split(separator: "\n").map(String.init)
        }
        #expect(try complete("--format", ["runbook", "generate", "site.yaml", "--format", ""]) == ["md", "html", "docbook", "pdf", "docx"])
        #expect(try complete("--format", ["runbook", "generate", "site.yaml", "--format", "md,"]) == ["md,html", "md,docbook", "md,pdf", "md,docx"])
        #expect(try complete("--format", ["runbook", "generate", "site.yaml", "--format", "html,d"]) == ["html,docbook", "html,docx"])
        #expect(try complete("--runbook", ["runbook", "generate", "site.yaml", "--runbook", ""]) == ["install", "upgrade", "verify"])
        let script = try CommandRunner.run(["--generate-completion-script", "bash"])
        #expect(script.stdout.contains("---completion generate -- --format"))
        #expect(script.stdout.contains("---completion generate -- --runbook"))
    }

    @Test(
        "A YAML syntax error comes with a hint in our words",
        arguments: [
            ("document:\n  site: x\n   customer: y\n", "3:12", "check that this line is indented like its siblings"),
            ("document:\n  site: x\n customer: y\n", "3:2", "check that this line is indented like its siblings"),
            ("document:\n  site: \"x\n", "3:1", "a quoted value is never closed"),
            ("document:\n  site: [x\n", "3:1", "a list opened with '[' is not closed"),
            ("document:\n  site: @x\n", "2:9", "a value cannot start with @: put it in quotation marks"),
            ("document:\n  site: \"x\" y\n", "2:13", "something follows a closing quotation mark or bracket"),
            ("document:\n  site: a: b\n", "2:10", "quote a value that holds ': '"),
            ("storage:\n  - path: \"C:\\Data\"\n", "2:14", "write a Windows path in single quotes"),
            ("document: - x\n", "1:11", "a list cannot start on the line of its key"),
        ])
    func syntaxHints(_ text: String, _ position: String, _ hint: String) throws {
        let output = try CommandRunner.run(["validate", "-"], input: text)
        #expect(output.status == 65)
        #expect(output.stderr.hasPrefix("<stdin>:\(position): error: "), "\(output.stderr)")
        #expect(output.stderr.contains(hint), "\(output.stderr)")
    }

    @Test("A duplicate host names both entries; a wrong domain.netbios is reported once, there")
    func siteMessages() throws {
        let text = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent(Self.sample), encoding: .utf8)
        let duplicate = try CommandRunner.run(["validate", "-"], input: text.replacingOccurrences(of: "host: Cluster2", with: "host: Cluster1"))
        #expect(duplicate.stderr.contains("error: node 1 and node 2 are both named 'Cluster1'"), "\(duplicate.stderr)")
        #expect(duplicate.stderr.contains("note: node 1 is named here"))

        let netbios = try CommandRunner.run(
            ["validate", "-"], input: text.replacingOccurrences(of: "  netbios: TESTDOMAIN", with: "  netbios: OTHER"))
        let errors = netbios.stderr.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(errors.count == 1, "\(netbios.stderr)")
        #expect(errors.first?.contains("domain.netbios is 'OTHER', but all 5 accounts written DOMAIN\\name are in 'TESTDOMAIN'") == true)
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("netbios:") }.map { $0 + 1 }
        #expect(errors.first?.hasPrefix("<stdin>:\(line ?? 0):") == true)
    }

    @Test("init writes the schema its first line names beside the starter, and refuses a folder that is not there")
    func initSchema() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try CommandRunner.run(["init", "site.yaml"], in: folder)
        #expect(output.status == 0, "\(output.stderr)")
        let starter = try String(contentsOf: folder.appendingPathComponent("site.yaml"), encoding: .utf8)
        #expect(starter.hasPrefix("# yaml-language-server: $schema=site-description.schema.json\n"))
        let schema = try String(contentsOf: folder.appendingPathComponent("site-description.schema.json"), encoding: .utf8)
        let printed = try CommandRunner.run(["schema"])
        #expect(schema == printed.stdout)

        let missing = try CommandRunner.run(["init", "no/such/site.yaml"], in: folder)
        #expect(missing.status == 73)
        #expect(missing.stderr.contains("the folder"), "\(missing.stderr)")
        #expect(missing.stderr.contains("does not exist; create it first"))
        Self.expectNoFoundationText(missing)
        let under = try CommandRunner.run(["init", "site.yaml/x.yaml"], in: folder)
        #expect(under.status == 73 && under.stderr.contains("cannot hold it: it is a file"), "\(under.stderr)")
    }

    @Test("A template folder that is not one: a sentence, not an empty catalog")
    func templateFolder() throws {
        let folder = try Self.awkwardFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (path, problem) in [
            ("missing", "it does not exist"), ("a-file", "it is a file, not a folder"), ("dangling", "it is a symbolic link to nowhere"),
        ] {
            let output = try CommandRunner.run(["plan", "site.yaml", "--templates", path], in: folder)
            #expect(output.status == 66, "\(output.stderr)")
            #expect(output.stderr.contains("cannot read the template folder \(folder.path)/\(path): \(problem)"), "\(output.stderr)")
        }
    }

    @Test("A template folder that is no use: a FIFO, a loop, a runbook folder, an empty folder, an empty name")
    func uselessTemplateFolders() throws {
        let folder = try Self.awkwardFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifoFolder = folder.appendingPathComponent("fifo-templates/install")
        try FileManager.default.createDirectory(at: fifoFolder, withIntermediateDirectories: true)
        #expect(mkfifo(fifoFolder.appendingPathComponent("01-x.yaml").path, 0o600) == 0)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("empty"), withIntermediateDirectories: true)
        let cases: [(String, Int32, String)] = [
            ("fifo-templates", 66, "cannot read the template: it is a named pipe, not a file"),
            ("loop-1", 66, "its symbolic links form a loop"),
            (Fixtures.packageRoot.appendingPathComponent("Templates/install").path, 65, "are not inside a runbook folder"),
            ("empty", 65, "holds no template"),
            ("", 64, "--templates needs the folder"),
        ]
        for (path, status, message) in cases {
            let output = try CommandRunner.run(["plan", "site.yaml", "--templates", path], in: folder)
            #expect(output.status == status, "\(path): \(output.stderr)")
            #expect(output.stderr.contains(message), "\(path): \(output.stderr)")
            #expect(output.stderr.components(separatedBy: "\n").filter { $0.contains("error:") }.count <= 1, "\(output.stderr)")
        }
        let dash = try CommandRunner.run(["templates", "check", "--", "-x"], in: folder)
        #expect(dash.stderr.contains("cannot read the template folder") && !dash.stderr.contains("Usage: catalog"), "\(dash.stderr)")
    }

    @Test("init refuses what it cannot do with a reason, and never writes a file named -")
    func initEdges() throws {
        let folder = try Self.awkwardFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dash = try CommandRunner.run(["init", "-"], in: folder)
        #expect(dash.status == 0 && dash.stdout.hasPrefix("# yaml-language-server"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("-").path))
        let cases: [([String], Int32, String)] = [
            (["init", "a-file/site.yaml"], 73, "cannot hold it: it is a file"),
            (["init", "dangling/site.yaml"], 73, "cannot hold it: it is a symbolic link to nowhere"),
            (["init", "loop-1/site.yaml"], 73, "cannot hold it: its symbolic links form a loop"),
            (["init", "."], 64, "is a folder; give the name of a file in it"),
            (["init", "site-description.schema.json"], 64, "is the name of the schema"),
            (["init", "site.yaml"], 73, "already exists"),
        ]
        for (arguments, status, message) in cases {
            let output = try CommandRunner.run(arguments, in: folder)
            #expect(output.status == status, "\(arguments): \(output.stderr)")
            #expect(output.stderr.contains(message), "\(arguments): \(output.stderr)")
            Self.expectNoFoundationText(output)
        }
    }

    @Test("A failed generate leaves no folder it made; an empty format list is a usage error")
    func noFolderLeft() throws {
        let folder = try Self.awkwardFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let long = "new/" + String(repeating: "y", count: 300)
        let output = try CommandRunner.run(["generate", "site.yaml", "-o", long], in: folder)
        #expect(output.status == 73 && output.stderr.contains("too long"), "\(output.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("new").path))
        let none = try CommandRunner.run(["generate", "site.yaml", "-o", "out", "--format", ","], in: folder)
        #expect(none.status == 64 && none.stderr.contains("name at least one format"))
    }
}

import Foundation
import RunbookTestSupport
import Testing

@testable import RunbookKit

/// How the output of an external program (Graphviz, WeasyPrint) is read.
@Suite("Reading an external program's output")
struct ExternalToolTests {
    /// A handler that does nothing, installed without SA_RESTART, so that a blocked read
    /// returns EINTR when the signal arrives (Foundation's own read stops the process then).
    @Test("A read that a signal interrupts is tried again, and gives everything the program wrote")
    func interruptedRead() throws {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in }
        action.sa_flags = 0
        sigemptyset(&action.sa_mask)
        var previous = sigaction()
        #expect(sigaction(SIGUSR1, &action, &previous) == 0)
        defer { sigaction(SIGUSR1, &previous, nil) }

        let pipe = Pipe()
        let box = ReadBox()
        let started = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        // The reading thread is one of our own with SIGUSR1 unblocked: the test's own threads
        // may block signals, and then none would interrupt the read.
        let reading = Thread {
            var unblock = sigset_t()
            sigemptyset(&unblock)
            sigaddset(&unblock, SIGUSR1)
            pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
            box.thread = pthread_self()
            started.signal()
            box.data = ExternalTool.readAll(pipe.fileHandleForReading.fileDescriptor).0
            done.signal()
        }
        reading.start()
        started.wait()
        for _ in 0..<3 {
            usleep(50_000)
            pthread_kill(box.thread!, SIGUSR1)
        }
        usleep(50_000)
        try pipe.fileHandleForWriting.write(contentsOf: Data("laid out".utf8))
        try pipe.fileHandleForWriting.close()
        done.wait()
        let data = box.data
        #expect(String(decoding: data, as: UTF8.self) == "laid out")
    }
}

/// External programs are not trusted (issue 23): fake programs that hang, ignore SIGTERM,
/// leave a grandchild, flood, crash and lie, and real signals to the command.
@Suite("External programs under control")
struct ChildProcessTests {
    /// A fake program: a shell script in a folder of its own.
    static func fake(_ body: String) throws -> ExternalTool { try fake("tool", body) }

    static func fake(_ name: String, _ body: String) throws -> ExternalTool {
        let folder = try CommandRunner.temporaryFolder()
        let file = folder.appendingPathComponent(name)
        try Data("#!/bin/sh\n\(body)\n".utf8).write(to: file)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file.path)
        return ExternalTool(executable: file.path)
    }

    /// The processes whose command line holds `marker` (a number no other process uses).
    static func processes(holding marker: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { $0.allSatisfy(\.isNumber) }.filter { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            return String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self).contains(marker)
        }
    }

    static func marker() -> String { "6\(Int.random(in: 10_000...99_999)).\(Int.random(in: 100...999))" }

    @Test("A program that hangs is stopped with its group after its time, and nothing of it is left")
    func hang() throws {
        let marker = Self.marker()
        let tool = try Self.fake("cat >/dev/null\nsleep \(marker) &\nexec sleep \(marker)")
        let started = ContinuousClock.now
        let outcome = try #require(tool.run([], input: Data("graph".utf8), timeout: 1, outputLimit: 1 << 20))
        #expect(outcome.stopped && !outcome.succeeded)
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(Self.processes(holding: marker).isEmpty)
    }

    @Test("A program gets a temporary folder of its own, removed when it is stopped")
    func temporaryFolder() throws {
        let tool = try Self.fake("echo \"$TMPDIR\"\nmkdir \"$TMPDIR/left\" && touch \"$TMPDIR/left/file\"\nexec sleep 30")
        let outcome = try #require(tool.run([], input: Data(), timeout: 1, outputLimit: 1 << 20))
        let folder = String(decoding: outcome.output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(folder.contains("runbook-child-"))
        #expect(!FileManager.default.fileExists(atPath: folder))
    }

    @Test("A program that ignores SIGTERM is killed after the grace period")
    func ignoresTerm() throws {
        let marker = Self.marker()
        let tool = try Self.fake("trap '' TERM\nsleep \(marker)\nsleep \(marker)")
        let started = ContinuousClock.now
        let outcome = try #require(tool.run([], input: Data(), timeout: 1, outputLimit: 1 << 20))
        #expect(outcome.stopped)
        #expect(outcome.termination == .signalled(SIGKILL))
        #expect(ContinuousClock.now - started < .seconds(1 + ExternalTool.gracePeriod + 5))
        #expect(Self.processes(holding: marker).isEmpty)
    }

    @Test("A grandchild that holds the output open does not keep the run waiting once the program has ended")
    func grandchild() throws {
        let marker = Self.marker()
        let tool = try Self.fake("sleep \(marker) &\necho laid out\nexit 0")
        let started = ContinuousClock.now
        let outcome = try #require(tool.run([], input: Data(), timeout: 30, outputLimit: 1 << 20))
        #expect(outcome.succeeded)
        #expect(String(decoding: outcome.output, as: UTF8.self) == "laid out\n")
        #expect(ContinuousClock.now - started < .seconds(10), "not the 30 s of the timeout")
        #expect(Self.processes(holding: marker).isEmpty)
    }

    @Test(
        "A grandchild that leaves the group (setsid) and holds the pipes open, or a stdin nobody reads, is given up a grace period after the program ends",
        arguments: [false, true])
    func escapedGrandchild(_ largeInput: Bool) throws {
        let marker = Self.marker()
        // The grandchild keeps standard output, error and input open in a session of its own.
        let tool = try Self.fake("setsid sleep \(marker) &\necho laid out\nexit 0")
        let started = ContinuousClock.now
        let input = Data(repeating: 65, count: largeInput ? 8 << 20 : 0)
        let outcome = try #require(tool.run([], input: input, timeout: 60, outputLimit: 1 << 20))
        #expect(outcome.succeeded)
        #expect(String(decoding: outcome.output, as: UTF8.self) == "laid out\n")
        #expect(ContinuousClock.now - started < .seconds(ExternalTool.gracePeriod + 8), "not the 60 s of the timeout, nor the grandchild's life")
        for pid in Self.processes(holding: marker) { kill(Int32(pid) ?? 0, SIGKILL) }
    }

    @Test("What a program writes is capped, on standard output and on standard error", arguments: ["", " >&2"])
    func flood(_ redirect: String) throws {
        let tool = try Self.fake("head -c 200000000 /dev/zero\(redirect)\nexit 0")
        let started = ContinuousClock.now
        let outcome = try #require(tool.run([], input: Data(), timeout: 60, outputLimit: 1 << 20))
        #expect(!outcome.succeeded)
        let stream = redirect.isEmpty ? "standard output" : "standard error"
        #expect(outcome.overflow?.stream == stream)
        #expect(outcome.output.count <= 1 << 20)
        #expect(outcome.failure.hasPrefix("wrote more than 1 MB on \(stream)"), "\(outcome.failure)")
        #expect(ContinuousClock.now - started < .seconds(20))
    }

    @Test("A program a signal ends is reported as such, not as an exit status")
    func crash() throws {
        let tool = try Self.fake("kill -SEGV $$")
        let outcome = try #require(tool.run([], input: Data(), timeout: 10, outputLimit: 1 << 20))
        #expect(outcome.termination == .signalled(SIGSEGV))
        #expect(outcome.failure == "killed by signal 11 (SIGSEGV)")
    }

    @Test("A program runs in a process group of its own, with no signal blocked or ignored, whatever the starting thread has")
    func cleanStart() throws {
        // The masks read by the program itself (exec): a waiting dash blocks every signal for
        // a moment, and its status then says so.
        let tool = try Self.fake("echo $$ $(cut -d' ' -f5 /proc/$$/stat)\nexec grep -E '^Sig(Blk|Ign)' /proc/self/status")
        let result = Box2()
        let done = DispatchSemaphore(value: 0)
        Thread {
            var blocked = sigset_t()
            sigfillset(&blocked)
            pthread_sigmask(SIG_BLOCK, &blocked, nil)
            result.outcome = tool.run([], input: Data(), timeout: 10, outputLimit: 1 << 20)
            done.signal()
        }.start()
        done.wait()
        let outcome = try #require(result.outcome)
        let lines = String(decoding: outcome.output, as: UTF8.self).split(separator: "\n").map(String.init)
        let ids = try #require(lines.first).split(separator: " ")
        #expect(ids.count == 2 && ids[0] == ids[1], "its own process group: \(lines)")
        #expect(lines.contains("SigBlk:\t0000000000000000"), "\(lines)")
        // Signals 1 to 31; glibc keeps 32 and 33 for itself.
        let ignored = try #require(lines.first { $0.hasPrefix("SigIgn:") }.flatMap { UInt64($0.dropFirst(8), radix: 16) })
        #expect(ignored & 0x7fff_ffff == 0, "\(lines)")
    }

    @Test("A program gets standard input, output and error, and no other descriptor of this process")
    func noInheritedDescriptors() throws {
        let file = open("/dev/null", O_RDONLY)
        #expect(file >= 0)
        let leaked: Int32 = 77
        #expect(dup2(file, leaked) == leaked)
        defer {
            close(leaked)
            close(file)
        }
        let tool = try Self.fake("exec ls /proc/self/fd")
        let outcome = try #require(tool.run([], input: Data(), timeout: 10, outputLimit: 1 << 20))
        let open = String(decoding: outcome.output, as: UTF8.self).split(separator: "\n")
        #expect(!open.contains("\(leaked)") && open.count <= 4, "\(open)")
    }

    @Test("A folder on the PATH named like the program is not taken for it")
    func folderIsNoProgram() throws {
        let early = try CommandRunner.temporaryFolder()
        try FileManager.default.createDirectory(at: early.appendingPathComponent("dot"), withIntermediateDirectories: true)
        let late = try CommandRunner.temporaryFolder()
        let program = late.appendingPathComponent("dot")
        try Data("#!/bin/sh\n".utf8).write(to: program)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: program.path)
        #expect(ExternalTool.find("dot", path: early.path + ":" + late.path)?.executable == program.path)
        #expect(ExternalTool.find("dot", path: early.path) == nil)
    }

    @Test(
        "A picture that is no SVG, or one that would run a script or fetch anything, is refused",
        arguments: [
            ("not xml <", "not well-formed XML"),
            ("<html xmlns='http://www.w3.org/1999/xhtml'/>", "root element is not an SVG svg element"),
            ("<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "holds a script element"),
            ("<svg xmlns='http://www.w3.org/2000/svg'><g onload='alert(1)'/></svg>", "event handler"),
            ("<svg xmlns='http://www.w3.org/2000/svg'><foreignObject/></svg>", "foreignObject"),
            ("<svg xmlns='http://www.w3.org/2000/svg'><x:p xmlns:x='urn:x'/></svg>", "foreign element"),
            (
                "<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink'><a xlink:href='javascript:alert(1)'/></svg>",
                "links outside"
            ),
            ("<svg xmlns='http://www.w3.org/2000/svg'><rect fill='url(http://evil/x)'/></svg>", "refers outside"),
            // What an HTML parser reads otherwise than XML (from the adversarial review).
            ("<svg xmlns='http://www.w3.org/2000/svg'><SCRIPT>alert(1)</SCRIPT><text>hi</text></svg>", "holds a SCRIPT element"),
            (
                "<?xml version='1.0'?>\n<!-- <svg><script>alert(1)</script> -->\n<svg xmlns='http://www.w3.org/2000/svg'><text>hi</text></svg>",
                "not well-formed XML"
            ),
            ("<svg xmlns='http://www.w3.org/2000/svg'><?x ><img src=x onerror=alert(3)>?><text>x</text></svg>", "processing instruction"),
            ("<svg xmlns='http://www.w3.org/2000/svg'><a><set attributeName='href' to='javascript:alert(4)'/></a></svg>", "holds a set element"),
            ("<svg xmlns='http://www.w3.org/2000/svg'><text><![CDATA[</svg><script>alert(5)</script>]]></text></svg>", "CDATA section"),
            ("<svg xmlns='http://www.w3.org/2000/svg'><rect style='fill:red'/></svg>", "attribute style"),
            ("<svg xmlns='http://www.w3.org/2000/svg'><a HREF='javascript:alert(6)'/></svg>", "attribute HREF"),
            ("<svg xmlns='http://www.w3.org/2000/svg'><a target='javascript:alert(7)'/></svg>", "javascript: address"),
            // From the second adversarial review: a title an HTML parser would open and never
            // close, and a CSS escape that spells url(.
            ("<svg xmlns='http://www.w3.org/2000/svg'><desc><title/></desc><text>hi</text></svg>", "its title or desc holds an element"),
            ("<svg xmlns='http://www.w3.org/2000/svg'><rect fill='\\75 rl(https://evil.example/x.svg#p)'/></svg>", "backslash in fill"),
            // From the third: a width no page or Word can hold.
            ("<svg xmlns='http://www.w3.org/2000/svg' width='\(String(repeating: "9", count: 400))pt' height='10pt'/>", "its width is"),
        ])
    func lyingDot(_ output: String, _ reason: String) throws {
        let dot = try Self.fake("dot", "cat >/dev/null\ncat <<'EOF'\n\(output)\nEOF")
        let result = Graphviz.layout("digraph { a -> b }", format: "svg", engine: dot)
        guard case .failure(let problem) = result else {
            Issue.record("a lying dot's picture was used")
            return
        }
        #expect(problem.id == .layoutFailed)
        #expect(problem.message.contains(reason), "\(problem.message)")
    }

    @Test("What is inlined is written anew from the checked tree, not the program's bytes: a prefixed root comes out plain")
    func writtenAnew() throws {
        let dot = try Self.fake(
            "dot",
            "cat >/dev/null\ncat <<'EOF'\n<s:svg xmlns:s='http://www.w3.org/2000/svg' xmlns='http://www.w3.org/2000/svg'><g><title/><text x='1'>a &amp; b</text></g></s:svg>\nEOF"
        )
        let picture = try Graphviz.layout("digraph { a -> b }", format: "svg", engine: dot).get()
        #expect(
            String(decoding: picture, as: UTF8.self)
                == "<svg xmlns=\"http://www.w3.org/2000/svg\"><g><title></title><text x=\"1\">a &amp; b</text></g></svg>\n")
    }

    @Test("Graphviz's own picture passes the check")
    func realDot() throws {
        try #require(Graphviz.engine != nil)
        let svg = try Graphviz.layout("digraph { a -> b }", format: "svg").get()
        // What layout gives is already the picture as it is inlined, and passes again.
        #expect(ForeignOutput.svgProblem(svg) == nil)
        let png = try Graphviz.layout("digraph { a -> b }", format: "png").get()
        #expect(ForeignOutput.pngProblem(png) == nil)
        #expect(ForeignOutput.pngProblem(Data("\u{89}PNG garbage".utf8)) != nil)
    }

    @Test(
        "A PDF engine that writes %PDF- and garbage is refused",
        arguments: [
            "%PDF-1.7 garbage", "%PDF-1.7\nstartxref\n5\n%%EOF",
            // From the adversarial review: a startxref that points at the word xref and nothing more.
            "%PDF-1.4\nxref\nTHIS IS NOT A PDF AT ALL\nstartxref\n9\n%%EOF",
            "%PDF-1.4\nxref\n0 1\n0000000000 65535 f \nstartxref\n9\n%%EOF",
            // From the second review: a trailer that names its catalogue, and JavaScript run on opening.
            "%PDF-1.7\n1 0 obj << /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj\nxref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer << /Root 1 0 R /Size 2 >>\nstartxref\n97\n%%EOF",
        ])
    func lyingWeasyPrint(_ output: String) throws {
        let engine = try Self.fake("weasyprint", "cat >/dev/null\nprintf '%s' '\(output)'")
        let result = PDFEngine.render("<html></html>", file: "site.pdf", engine: engine)
        guard case .failure(let problem) = result else {
            Issue.record("a lying WeasyPrint's PDF was used")
            return
        }
        #expect(problem.id == .pdfFailed && problem.message.contains("cannot be used"), "\(problem.message)")
    }

    @Test("A PDF's names are read as PDF reads them: #xx spells a byte, and a stream's data is not syntax")
    func pdfNames() {
        let names = ForeignOutput.pdfNames(Data("<< /Type /Catalog /Open#41ction << /S /J#61vaScript >> >>\nstream\n/JS /URI\nendstream\n".utf8))
        #expect(names == ["Type", "Catalog", "OpenAction", "S", "JavaScript"])
        #expect(ForeignOutput.pdfNames(Data("<< /Type /ObjStm /N 3 >>".utf8)).contains("ObjStm"))
    }

    @Test(
        "RUNBOOK_PDF_TIMEOUT that is no whole number of seconds above 0 is refused with a sentence", arguments: ["abc", "0", "-1", "5s", "", "1e3"])
    func badTimeout(_ value: String) {
        guard case .failure(let problem) = PDFEngine.timeout(from: value) else {
            Issue.record("'\(value)' was taken")
            return
        }
        #expect(problem.id == .pdfTimeoutInvalid && problem.message.contains("RUNBOOK_PDF_TIMEOUT is '\(value)'"))
        #expect((try? PDFEngine.timeout(from: "600").get()) == 600)
        #expect((try? PDFEngine.timeout(from: nil).get()) == 300)
    }

    @Test("The command refuses a bad RUNBOOK_PDF_TIMEOUT before anything runs, with exit status 64")
    func badTimeoutCommand() throws {
        let out = try CommandRunner.temporaryFolder().appendingPathComponent("out")
        let output = try CommandRunner.run(
            ["generate", "samples/guide-two-node.yaml", "--format", "pdf", "-o", out.path], environment: ["RUNBOOK_PDF_TIMEOUT": "5s"])
        #expect(output.status == 64)
        #expect(output.stderr.contains("RUNBOOK_PDF_TIMEOUT is '5s'; it must be a whole number of seconds"), "\(output.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}

/// Signals to the command itself, while an external program runs.
@Suite("Stopping the command", .enabled(if: Graphviz.engine != nil, "Graphviz is not installed: run 'make deps'"))
struct SignalTests {
    @Test(
        "SIGINT, SIGTERM or SIGHUP stops every child and grandchild, leaves the runbooks as they were and exits 128 plus the signal",
        arguments: [SIGINT, SIGTERM, SIGHUP])
    func stopped(_ number: Int32) throws {
        let marker = ChildProcessTests.marker()
        let bin = try CommandRunner.temporaryFolder()
        let fake = bin.appendingPathComponent("weasyprint")
        try Data("#!/bin/sh\nsleep \(marker) &\ncat >/dev/null\nexec sleep \(marker)\n".utf8).write(to: fake)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        let out = try CommandRunner.temporaryFolder()
        let previous = out.appendingPathComponent("testdomain-two-node-cluster-verify.pdf")
        try Data("the previous runbook".utf8).write(to: previous)

        let process = Process()
        process.executableURL = CommandRunner.binary
        process.arguments = ["generate", "samples/guide-two-node.yaml", "--format", "pdf", "--runbook", "verify", "-o", out.path]
        process.currentDirectoryURL = CommandRunner.packageRoot
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = bin.path + ":/usr/bin:/bin"
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Until the fake engine runs, then the signal.
        let deadline = Date().addingTimeInterval(60)
        while ChildProcessTests.processes(holding: marker).count < 2 && Date() < deadline { usleep(50_000) }
        #expect(ChildProcessTests.processes(holding: marker).count >= 2, "the fake engine started")
        kill(process.processIdentifier, number)
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 128 + number, "\(said)")
        #expect(said.contains("stopped by SIG"), "\(said)")
        usleep(100_000)
        #expect(ChildProcessTests.processes(holding: marker).isEmpty, "no process of the run is left")
        #expect(try String(contentsOf: previous, encoding: .utf8) == "the previous runbook")
        let left = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(left == ["testdomain-two-node-cluster-verify.pdf"], "no temporary file: \(left)")
    }
}

/// What the starting thread hands back.
private final class Box2: @unchecked Sendable {
    var outcome: ExternalTool.Outcome?
}

/// What the reading thread hands back.
private final class ReadBox: @unchecked Sendable {
    var thread: pthread_t?
    var data = Data()
}

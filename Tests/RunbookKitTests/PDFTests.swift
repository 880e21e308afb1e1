import Foundation
import RunbookTestSupport
import Testing

@testable import RunbookKit

/// The PDF judged with poppler's tools, which nobody here wrote: its text, its page size, its fonts.
@Suite("The PDF", .enabled(if: PDFEngine.engine != nil, "WeasyPrint is not installed: run 'make deps'"))
struct PDFTests {
    /// Every runbook of a sample as PDF, with its document.
    static func pdfs(_ sample: String) throws -> [(file: RenderedFile, document: Document)] {
        let plan = try PlannerTests.plan(sample)
        let (files, diagnostics) = RunbookGenerator().generate(plan, formats: [.pdf])
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message))")
        return files.filter { $0.kind == .runbook(.pdf) }.map { file in
            (file, DocumentBuilder().document(for: plan.runbooks.first { $0.id == file.runbook }!, in: plan))
        }
    }

    static func poppler(_ tool: String, _ pdf: Data, _ arguments: [String] = []) throws -> String {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("runbook.pdf")
        try pdf.write(to: file)
        // pdftotext keeps the page's lines with -layout; without it, it drops a hyphen that ends a line.
        let output = try CommandRunner.run(
            (tool == "pdftotext" ? ["-layout"] : []) + arguments + [file.path] + (tool == "pdftotext" ? ["-"] : []), tool: "/usr/bin/" + tool)
        #expect(output.status == 0, "\(tool): \(output.stderr)")
        return output.stdout
    }

    /// Every address, URL and command line the document shows: what must reach paper exactly.
    static func exactTexts(_ document: Document) -> [String] {
        var texts: [String] = []
        func inlines(_ items: [Inline]) {
            for item in items {
                switch item {
                case .address(let value), .url(let value): texts.append(value)
                case .value(let value, .address): texts.append(value)
                default: break
                }
            }
        }
        func block(_ item: Block) {
            switch item {
            case .paragraph(let text), .result(let text): inlines(text)
            case .admonition(let admonition): inlines(admonition.text)
            case .table(let table): table.rows.joined().forEach(inlines)
            case .code(let code): texts += code.code.split(separator: "\n").map(String.init)
            case .figure: break
            case .procedure(let procedure): procedure.steps.forEach(step)
            }
        }
        func step(_ item: Step) {
            item.blocks.forEach(block)
            item.substeps.forEach(step)
            item.closing.forEach(block)
        }
        for section in document.sections { section.blocks.forEach(block) }
        return texts
    }

    @Test(
        "Its text holds every address and command of the site exactly, and matches its golden file (RECORD_SNAPSHOTS=1 re-records)",
        arguments: Fixtures.samples)
    func text(_ sample: String) throws {
        var texts: [(name: String, bytes: Data)] = []
        for (file, document) in try Self.pdfs(sample) {
            let text = try Self.poppler("pdftotext", file.data)
            // Lines wrap where the page ends; what is written must be there, character for character.
            let joined = String(text.unicodeScalars.filter { !$0.properties.isWhitespace })
            let exact = Self.exactTexts(document)
            #expect(exact.contains { $0.count > 60 }, "\(file.name): a long command or URL to wrap")
            for expected in exact {
                let squeezed = String(expected.unicodeScalars.filter { !$0.properties.isWhitespace })
                #expect(squeezed.isEmpty || joined.contains(squeezed), "\(file.name) lacks \(expected)")
            }
            texts.append((file.name.replacingOccurrences(of: ".pdf", with: ".txt"), Data(text.utf8)))
        }
        try Golden.check(texts, in: Golden.folder("pdf", sample: sample))
    }

    @Test("The page size is the site's paper, every font is embedded, the headings are bookmarks, the links have targets")
    func pages() throws {
        for (sample, size) in [("guide-two-node.yaml", "595.276 x 841.89 pts (A4)"), ("metro-three-node.yaml", "612 x 792 pts (letter)")] {
            let (file, _) = try #require(try Self.pdfs(sample).first)
            let info = try Self.poppler("pdfinfo", file.data)
            #expect(info.contains("Page size:       \(size)"), "\(sample): \(info)")
            let fonts = try Self.poppler("pdffonts", file.data).split(separator: "\n").dropFirst(2)
            #expect(!fonts.isEmpty)
            for font in fonts {
                // name, type, encoding, then emb sub uni: every font embedded.
                let columns = font.split(separator: " ", omittingEmptySubsequences: true)
                #expect(columns.count >= 7 && columns[columns.count - 5] == "yes", "not embedded: \(font)")
            }
            let destinations = try Self.poppler("pdfinfo", file.data, ["-dests"])
            #expect(destinations.contains("acceptance"), "the acceptance page is a link target")
            let outline = try Self.poppler("pdftohtml", file.data, ["-xml", "-i", "-stdout", "-q"])
            let bookmarks = try #require(outline.range(of: "<outline>").map { outline[$0.lowerBound...] }, "the PDF has bookmarks")
            #expect(bookmarks.contains(">Acceptance</item>") && bookmarks.contains(">Overview</item>"), "the headings are the PDF's bookmarks")
        }
    }

    @Test(
        "A PDF engine that fails, after reading the page or before, leaves nothing written and says its last line",
        arguments: ["cat >/dev/null\n", ""])
    func failingEngine(_ reading: String) throws {
        let bin = try CommandRunner.temporaryFolder()
        let fake = bin.appendingPathComponent("weasyprint")
        // Without reading, the engine is gone before runbook has written the page: the write
        // fails (EPIPE) instead of a SIGPIPE ending runbook without a word.
        let script = "#!/bin/sh\n\(reading)echo 'WARNING: something minor' >&2\necho 'ERROR: cannot lay out this page' >&2\nexit 1\n"
        try Data(script.utf8).write(to: fake)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        let out = try CommandRunner.temporaryFolder().appendingPathComponent("out")
        let output = try CommandRunner.run(
            ["generate", "samples/guide-two-node.yaml", "--format", "pdf", "-o", out.path], environment: ["PATH": bin.path + ":/usr/bin:/bin"])
        #expect(output.status == 70)
        #expect(output.stderr.contains("ERROR: cannot lay out this page [output.pdf-failed]"), "\(output.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test("A runbook past 4 MiB of paged HTML is refused as PDF before any WeasyPrint starts, naming the file and what to do instead")
    func tooLargeForPDF() throws {
        let bin = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: bin) }
        // A WeasyPrint that leaves a mark when it starts.
        let mark = bin.appendingPathComponent("started")
        let fake = bin.appendingPathComponent("weasyprint")
        try Data("#!/bin/sh\ntouch '\(mark.path)'\nexit 1\n".utf8).write(to: fake)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        let site = bin.appendingPathComponent("site.yaml")
        let script = try CommandRunner.run(
            ["sh", "-c", "python3 scripts/bench-site.py 7000 2 > \"$1\"", "sh", site.path], shell: true)
        #expect(script.status == 0, "\(script.stderr)")
        let out = bin.appendingPathComponent("out")
        let output = try CommandRunner.run(
            ["generate", site.path, "--format", "pdf", "--runbook", "install", "-o", out.path], environment: ["PATH": bin.path + ":/usr/bin:/bin"])
        #expect(output.status == 65)
        #expect(output.stderr.contains("testdomain-two-node-cluster-install.pdf would be "), "\(output.stderr)")
        #expect(output.stderr.contains("past the 4 MiB (about 900 pages) a PDF may hold; nothing was written"))
        #expect(output.stderr.contains("[output.pdf-too-large]"))
        #expect(!FileManager.default.fileExists(atPath: mark.path), "WeasyPrint started")
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(PDFEngine.tooLarge(String(repeating: "x", count: PDFEngine.maximumPageBytes), file: "x.pdf") == nil)
        #expect(PDFEngine.tooLarge(String(repeating: "x", count: PDFEngine.maximumPageBytes + 1), file: "x.pdf")?.id == .pdfTooLarge)
    }

    @Test("A customer's and a site's name of 256 and 204 letters without a space wrap on paper: no word runs past the page's edge")
    func longNamesWrap() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sample = try String(contentsOf: CommandRunner.packageRoot.appendingPathComponent("samples/guide-two-node.yaml"), encoding: .utf8)
        let site = folder.appendingPathComponent("long.yaml")
        try sample.replacingOccurrences(of: "site: TESTDOMAIN two-node cluster", with: "site: Long" + String(repeating: "X", count: 200))
            .replacingOccurrences(of: "customer: Example customer", with: "customer: " + String(repeating: "W", count: 256))
            .write(to: site, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        let output = try CommandRunner.run(["generate", site.path, "--format", "pdf", "--runbook", "verify", "-o", out.path])
        try #require(output.status == 0, "\(output.stderr)")
        let pdf = try #require(try FileManager.default.contentsOfDirectory(atPath: out.path).first { $0.hasSuffix(".pdf") })
        let boxes = try CommandRunner.run(["-bbox", out.appendingPathComponent(pdf).path, "-"], tool: "/usr/bin/pdftotext")
        let width = try #require(boxes.stdout.firstMatch(of: /<page width="([0-9.]+)"/).flatMap { Double($0.1) })
        let over = boxes.stdout.matches(of: /<word xMin="[0-9.]+" yMin="[0-9.]+" xMax="([0-9.]+)"[^>]*>([^<]*)</).filter {
            Double($0.1)! > width - 20
        }
        #expect(over.isEmpty, "\(over.prefix(3).map { String($0.2.prefix(30)) })")
        #expect(boxes.stdout.contains("WWWWWWWWWW"))
    }

    @Test("A PDF engine that hangs is stopped after RUNBOOK_PDF_TIMEOUT seconds, and nothing is written")
    func hangingEngine() throws {
        let bin = try CommandRunner.temporaryFolder()
        let fake = bin.appendingPathComponent("weasyprint")
        try Data("#!/bin/sh\ncat >/dev/null\nexec sleep 60\n".utf8).write(to: fake)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        let out = try CommandRunner.temporaryFolder().appendingPathComponent("out")
        let started = Date()
        let output = try CommandRunner.run(
            ["generate", "samples/guide-two-node.yaml", "--format", "pdf", "--runbook", "verify", "-o", out.path],
            environment: ["PATH": bin.path + ":/usr/bin:/bin", "RUNBOOK_PDF_TIMEOUT": "2"])
        #expect(output.status == 70)
        #expect(output.stderr.contains("within 2 seconds and was stopped; set RUNBOOK_PDF_TIMEOUT"), "\(output.stderr)")
        #expect(Date().timeIntervalSince(started) < 50, "the engine was stopped, not waited for")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test("The same site gives the same PDF bytes")
    func reproducible() throws {
        let first = try Self.pdfs("external-sql.yaml").map(\.file.data)
        let second = try Self.pdfs("external-sql.yaml").map(\.file.data)
        #expect(first == second)
    }

    @Test("Without WeasyPrint there is no PDF, and the message names the package, once for a whole batch")
    func missingEngine() throws {
        let output = try CommandRunner.run(
            [
                "generate", "samples/guide-two-node.yaml", "samples/external-sql.yaml", "--format", "pdf", "-o",
                try CommandRunner.temporaryFolder().path,
            ],
            environment: ["PATH": "/nonexistent"])
        #expect(output.status == 69)
        #expect(output.stderr.components(separatedBy: "apt-get install weasyprint").count == 2, "\(output.stderr)")
    }
}

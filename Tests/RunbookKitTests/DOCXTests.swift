import Foundation
import RunbookTestSupport
import Testing

@testable import RunbookKit

/// The programs that judge a Word document, and whether they are all installed.
enum WordJudges {
    static let python = CommandRunner.packageRoot.appendingPathComponent(".build/tools/venv/bin/python").path
    static let present = ["/usr/bin/soffice", "/usr/bin/pandoc", "/usr/bin/unzip", python].allSatisfy {
        FileManager.default.isExecutableFile(atPath: $0)
    }
}

/// The Word document judged by programs nobody here wrote: LibreOffice lays it out, pandoc
/// reads its lists back, python-docx opens it.
@Suite("The Word document", .enabled(if: WordJudges.present, "LibreOffice, pandoc or python-docx is missing: run 'make tools'"))
struct DOCXTests {
    static let python = WordJudges.python

    /// Every runbook of a sample in the formats asked for, written into a new folder, with its document.
    static func written(_ sample: String, formats: [OutputFormat], handout: Handout? = nil) throws -> (
        folder: URL, files: [(file: RenderedFile, document: Document)]
    ) {
        let plan = try PlannerTests.plan(sample)
        let (files, diagnostics) = RunbookGenerator().generate(plan, formats: formats, handout: handout)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message))")
        let folder = try CommandRunner.temporaryFolder()
        var result: [(RenderedFile, Document)] = []
        for file in files where file.kind != .setupFile {
            try file.data.write(to: folder.appendingPathComponent(file.name))
            result.append(
                (file, DocumentBuilder().document(for: plan.runbooks.first { $0.id == file.runbook }!, in: plan, handout: handout)))
        }
        return (folder, result)
    }

    static func tool(_ path: String, _ arguments: [String], in folder: URL? = nil) throws -> String {
        let output = try CommandRunner.run(arguments, in: folder ?? CommandRunner.packageRoot, tool: path)
        #expect(output.status == 0, "\(path) \(arguments.joined(separator: " ")): \(output.stderr)")
        return output.stdout
    }

    @Test("LibreOffice lays every Word document out as PDF, and its text holds every address and command exactly", arguments: Fixtures.samples)
    func libreOffice(_ sample: String) throws {
        let (folder, files) = try Self.written(sample, formats: [.docx])
        defer { try? FileManager.default.removeItem(at: folder) }
        // A profile of its own, so that tests running at once do not share one.
        let profile = folder.appendingPathComponent("profile").absoluteString
        _ = try Self.tool(
            "/usr/bin/soffice",
            ["-env:UserInstallation=\(profile)", "--headless", "--convert-to", "pdf", "--outdir", folder.appendingPathComponent("pdf").path]
                + files.map { folder.appendingPathComponent($0.file.name).path })
        for (file, document) in files {
            let pdf = folder.appendingPathComponent("pdf").appendingPathComponent(file.name.replacingOccurrences(of: ".docx", with: ".pdf"))
            let text = try PDFTests.poppler("pdftotext", try Data(contentsOf: pdf))
            let joined = String(text.unicodeScalars.filter { !$0.properties.isWhitespace })
            let exact = PDFTests.exactTexts(document)
            #expect(exact.contains { $0.count > 60 }, "\(file.name): a long command or URL to wrap")
            for expected in exact {
                let squeezed = String(expected.unicodeScalars.filter { !$0.properties.isWhitespace })
                #expect(squeezed.isEmpty || joined.contains(squeezed), "\(file.name) lacks \(expected)")
            }
            #expect(text.contains("Page 2 of "), "\(file.name): the footer numbers the pages")
        }
    }

    /// Every list item pandoc finds, as its number path: "3", "3.2".
    static func listPaths(_ file: URL, from format: String) throws -> [String] {
        let json = try Self.tool("/usr/bin/pandoc", ["-f", format, "-t", "json", file.path])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        var paths: [String] = []
        func walk(_ blocks: [Any], _ prefix: [Int]) {
            for case let block as [String: Any] in blocks {
                let content = block["c"]
                switch block["t"] as? String {
                case "OrderedList":
                    guard let list = content as? [Any], let attributes = list.first as? [Any], let start = attributes.first as? Int,
                        let items = list.last as? [[Any]]
                    else { continue }
                    for (index, item) in items.enumerated() {
                        let path = prefix + [start + index]
                        paths.append(path.map(String.init).joined(separator: "."))
                        walk(item, path)
                    }
                case "BulletList": for case let item as [Any] in (content as? [Any]) ?? [] { walk(item, prefix) }
                case "Div": walk(((content as? [Any])?.last as? [Any]) ?? [], prefix)
                case "BlockQuote": walk((content as? [Any]) ?? [], prefix)
                default: continue
                }
            }
        }
        walk(try #require(root["blocks"] as? [Any]), [])
        return paths
    }

    @Test("pandoc reads every step back numbered and nested as in the Markdown", arguments: Fixtures.samples)
    func pandocParity(_ sample: String) throws {
        let (folder, files) = try Self.written(sample, formats: [.markdown, .docx])
        defer { try? FileManager.default.removeItem(at: folder) }
        for (file, document) in files where file.kind == .runbook(.docx) {
            let word = try Self.listPaths(folder.appendingPathComponent(file.name), from: "docx")
            let markdown = try Self.listPaths(folder.appendingPathComponent(file.name.replacingOccurrences(of: ".docx", with: ".md")), from: "gfm")
            let steps = document.procedures.flatMap(\.blocks).flatMap { block -> [Step] in
                if case .procedure(let procedure) = block { return procedure.steps.flatMap { [$0] + $0.substeps } }
                return []
            }
            #expect(word.count == steps.count, "\(file.name): every step and substep is a list item")
            #expect(word == markdown, "\(file.name): the steps' numbers and nesting differ from the Markdown's")
            #expect(word.contains { $0.contains(".") } == steps.contains { $0.number.count > 2 }, "\(file.name): substeps nested in their steps")
        }
    }

    @Test("A handout as a Word document: LibreOffice lays it out with the handout's steps, pandoc reads them as the Markdown handout's")
    func handout() throws {
        for handout in [Handout(computer: "Cluster2"), Handout(role: .databaseAdministrator)] {
            let (folder, files) = try Self.written("guide-two-node.yaml", formats: [.markdown, .docx], handout: handout)
            defer { try? FileManager.default.removeItem(at: folder) }
            let documents = files.filter { $0.file.kind == .runbook(.docx) }
            #expect(!documents.isEmpty && documents.allSatisfy { $0.file.name.contains("-for-") })
            let profile = folder.appendingPathComponent("profile").absoluteString
            _ = try Self.tool(
                "/usr/bin/soffice",
                ["-env:UserInstallation=\(profile)", "--headless", "--convert-to", "pdf", "--outdir", folder.appendingPathComponent("pdf").path]
                    + documents.map { folder.appendingPathComponent($0.file.name).path })
            for (file, document) in documents {
                let pdf = folder.appendingPathComponent("pdf").appendingPathComponent(file.name.replacingOccurrences(of: ".docx", with: ".pdf"))
                let text = try PDFTests.poppler("pdftotext", try Data(contentsOf: pdf))
                #expect(text.contains("handout for"), "\(file.name): the header says whose handout it is")
                let word = try Self.listPaths(folder.appendingPathComponent(file.name), from: "docx")
                let markdown = try Self.listPaths(
                    folder.appendingPathComponent(file.name.replacingOccurrences(of: ".docx", with: ".md")), from: "gfm")
                #expect(word == markdown && !word.isEmpty, "\(file.name)")
                #expect(document.metadata.handout != nil)
            }
        }
    }

    @Test("python-docx opens it: the title and author, one heading per section, numbered steps, tables with a repeated header row")
    func pythonDocx() throws {
        let (folder, files) = try Self.written("metro-three-node.yaml", formats: [.docx])
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = """
            import sys, docx
            d = docx.Document(sys.argv[1])
            p = d.core_properties
            print(p.title); print(p.author)
            print(sum(1 for x in d.paragraphs if x.style.name == 'Heading 1'))
            print(sum(1 for x in d.paragraphs if x._p.pPr is not None and x._p.pPr.numPr is not None and x._p.pPr.numPr.numId.val > 0))
            print(all(t.rows[0]._tr.trPr is not None and t.rows[0]._tr.trPr.find(docx.oxml.ns.qn('w:tblHeader')) is not None for t in d.tables))
            print(d.sections[0].page_width, d.sections[0].page_height)
            """
        for (file, document) in files {
            let lines = try Self.tool(Self.python, ["-c", script, folder.appendingPathComponent(file.name).path]).split(separator: "\n").map(
                String.init)
            let steps = document.procedures.flatMap(\.blocks).map { block -> Int in
                if case .procedure(let procedure) = block { return procedure.steps.map { 1 + $0.substeps.count }.reduce(0, +) }
                return 0
            }
            #expect(
                lines == [
                    document.title.plainText, document.metadata.author, "\(document.sections.count)", "\(steps.reduce(0, +))", "True",
                    "7772400 10058400",
                ], "\(file.name)")
        }
    }

    @Test("The same document gives the same bytes; the archive holds Word's parts; the page is the site's paper")
    func package() throws {
        let plan = try PlannerTests.plan("guide-two-node.yaml")
        let first = RunbookGenerator().generate(plan, formats: [.docx]).files.filter { $0.kind == .runbook(.docx) }.map(\.data)
        let second = RunbookGenerator().generate(plan, formats: [.docx]).files.filter { $0.kind == .runbook(.docx) }.map(\.data)
        #expect(first == second && first.count == 3)
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("install.docx")
        try first[0].write(to: file)
        let listing = try Self.tool("/usr/bin/unzip", ["-Z1", file.path]).split(separator: "\n").map(String.init)
        #expect(
            listing == [
                "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "docProps/custom.xml",
                "word/_rels/document.xml.rels", "word/document.xml", "word/styles.xml", "word/numbering.xml", "word/settings.xml",
                "word/header1.xml", "word/footer1.xml", "word/media/image1.png", "word/media/image2.png",
            ])
        // The pictures are PNG, the site's first, and the document shows each by its relationship.
        let picture = try Self.tool("/usr/bin/unzip", ["-p", file.path, "word/media/image1.png"])
        #expect(picture.hasPrefix("\u{FFFD}PNG"))
        let relationships = try Self.tool("/usr/bin/unzip", ["-p", file.path, "word/_rels/document.xml.rels"])
        #expect(
            relationships.contains(
                "Id=\"rId6\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"media/image1.png\""))
        let body = try Self.tool("/usr/bin/unzip", ["-p", file.path, "word/document.xml"])
        #expect(body.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"), "A4")
        let custom = try Self.tool("/usr/bin/unzip", ["-p", file.path, "docProps/custom.xml"])
        #expect(custom.contains("name=\"Customer\"><vt:lpwstr>Example customer</vt:lpwstr>"))
    }

    @Test("Each sample's Word documents match their golden document.xml (RECORD_SNAPSHOTS=1 re-records)", arguments: Fixtures.samples)
    func golden(_ sample: String) throws {
        var bodies: [(name: String, bytes: Data)] = []
        let (written, files) = try Self.written(sample, formats: [.docx])
        defer { try? FileManager.default.removeItem(at: written) }
        for (file, _) in files {
            let body = try Self.tool("/usr/bin/unzip", ["-p", written.appendingPathComponent(file.name).path, "word/document.xml"])
            // One paragraph, row or table end to a line, so that a change reads as a diff.
            let lines =
                body.replacingOccurrences(of: "</w:p>", with: "</w:p>\n").replacingOccurrences(of: "</w:tr>", with: "</w:tr>\n")
                .replacingOccurrences(of: "</w:tbl>", with: "</w:tbl>\n")
            bodies.append((file.name.replacingOccurrences(of: ".docx", with: ".document.xml"), Data(lines.utf8)))
        }
        try Golden.check(bodies, in: Golden.folder("docx", sample: sample))
    }
}

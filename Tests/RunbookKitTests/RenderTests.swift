import Foundation
import RunbookTestSupport
import Testing

@testable import RunbookKit

@Suite("Rendered runbooks")
struct RenderTests {
    /// The sample's runbooks in every format (not the setup files that come with them).
    /// The sample's runbooks in the standard formats, and with `pictures` the SVG files that
    /// come with the DocBook ones.
    static func files(_ sample: String, date: String? = nil, pictures: Bool = false) throws -> [RenderedFile] {
        let plan = try PlannerTests.plan(sample)
        let (files, diagnostics) = RunbookGenerator(date: date).generate(plan, formats: OutputFormat.standard)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message))")
        return files.filter { $0.kind != .setupFile && (pictures || $0.kind != .image) }
    }

    static func structure(_ file: RenderedFile) throws -> RunbookStructure {
        switch file.kind {
        case .runbook(.markdown): return try StructureReader.markdown(file.contents)
        case .runbook(.html): return try StructureReader.html(file.contents)
        case .runbook(.docbook): return try StructureReader.docbook(file.contents)
        case .runbook(.pdf): throw SetupFileError(line: 0, problem: "\(file.name) is a PDF; PDFTests reads it with pdftotext")
        case .runbook(.docx): throw SetupFileError(line: 0, problem: "\(file.name) is a Word document; DOCXTests reads it with pandoc")
        case .setupFile: throw SetupFileError(line: 0, problem: "\(file.name) is a setup file, not a runbook")
        case .image: throw SetupFileError(line: 0, problem: "\(file.name) is a picture, not a runbook")
        }
    }

    @Test("Each sample's runbooks match their golden files in every format (RECORD_SNAPSHOTS=1 re-records)", arguments: Fixtures.samples)
    func golden(_ sample: String) throws {
        let files = try Self.files(sample, pictures: true)
        #expect(files.count == 15, "install, upgrade and verify, in three formats, each with its two pictures for DocBook")
        #expect(
            files.filter { $0.kind == .image }.map(\.name).allSatisfy {
                $0.hasSuffix("-site-at-a-glance.svg") || $0.hasSuffix("-order-of-procedures.svg")
            })
        try Golden.check(files.map { ($0.name, Data($0.contents.utf8)) }, in: Golden.folder("runbooks", sample: sample))
    }

    @Test("The three formats of a runbook read back to the same procedures, steps, numbering and tables", arguments: Fixtures.samples)
    func parity(_ sample: String) throws {
        let files = try Self.files(sample)
        for runbook in Set(files.map(\.runbook)) {
            let formats = files.filter { $0.runbook == runbook }
            let structures = try formats.map(Self.structure)
            let reference = try #require(structures.last)  // DocBook
            #expect(reference.sections.count > 1)
            #expect(reference.sections.contains { !$0.steps.isEmpty })
            for (file, structure) in zip(formats, structures) {
                #expect(structure.title == reference.title, "\(file.name)")
                #expect(structure.sections.map(\.title) == reference.sections.map(\.title), "\(file.name)")
                for (mine, theirs) in zip(structure.sections, reference.sections) {
                    #expect(mine.steps == theirs.steps, "\(file.name): steps of \(mine.title)")
                    #expect(mine.tables == theirs.tables, "\(file.name): tables of \(mine.title)")
                }
            }
        }
    }

    @Test("The plan's procedures and steps are all in the document, numbered in plan order")
    func documentFollowsPlan() throws {
        let plan = try PlannerTests.plan("guide-two-node.yaml")
        let document = DocumentBuilder().document(for: plan.runbooks[0], in: plan)
        #expect(document.procedures.count == plan.runbooks[0].procedures.count)
        for (index, (section, procedure)) in zip(document.procedures, plan.runbooks[0].procedures).enumerated() {
            #expect(section.title.plainText == "\(index + 1). " + procedure.title.plainText)
            let steps =
                section.blocks.compactMap { block -> Procedure? in
                    if case .procedure(let steps) = block { return steps } else { return nil }
                }.first?.steps ?? []
            #expect(steps.map(\.label) == procedure.steps.indices.map { "\(index + 1).\($0 + 1)" })
        }
        let anchors = document.sections.map(\.id.rawValue)
        #expect(Set(anchors).count == anchors.count)
        #expect(anchors.contains("enable-failover-clustering--cluster1"))
    }

    /// Every value the site gives that the document uses, from the tree itself.
    static func values(in document: Document) -> Set<String> {
        var values: Set<String> = []
        func collect(_ inlines: [Inline]) {
            for inline in inlines {
                switch inline {
                case .value(let text, _), .userInput(let text), .file(let text), .address(let text), .url(let text):
                    if !text.isEmpty { values.insert(text) }
                default: break
                }
            }
        }
        func collect(_ blocks: [Block]) {
            for block in blocks {
                switch block {
                case .paragraph(let text), .result(let text): collect(text)
                case .admonition(let admonition): collect(admonition.text)
                case .table(let table): table.rows.flatMap { $0 }.forEach(collect)
                case .code, .figure: break
                case .procedure(let procedure):
                    func visit(_ step: Step) {
                        collect(step.blocks)
                        collect(step.closing)
                        step.substeps.forEach(visit)
                    }
                    procedure.steps.forEach(visit)
                }
            }
        }
        for section in document.sections {
            collect(section.title)
            collect(section.blocks)
        }
        return values
    }

    @Test("Every site value the runbook uses appears in all three formats", arguments: Fixtures.samples)
    func valuesAppear(_ sample: String) throws {
        let plan = try PlannerTests.plan(sample)
        let files = try Self.files(sample)
        for runbook in plan.runbooks {
            let values = Self.values(in: DocumentBuilder().document(for: runbook, in: plan))
            #expect(values.count > (runbook.id == "install" ? 20 : 3))
            for file in files where file.runbook == runbook.id {
                let text = try Self.structure(file).text
                let missing = values.filter { !text.contains(Node.normalized($0)) }
                #expect(missing.isEmpty, "\(file.name) lacks \(missing.sorted().prefix(5))")
            }
        }
    }

    @Test("The guide's fixed facts appear, filled in from the site, in every format")
    func guideFacts() throws {
        let files = try Self.files("guide-two-node.yaml").filter { $0.runbook == "install" }
        let facts = [
            // Registered services under the role's name, with their ports.
            "http://MyCluster.TESTDOMAIN.local:80/API/", "http://MyCluster.TESTDOMAIN.local:22331/",
            "http://MyCluster.TESTDOMAIN.local:80/LogServer/soapext.dll?logserver",
            // Wizard pages, the Generic Service role and its failover policy.
            "Before You Begin", "Access Point for Administering the Cluster", "Select Role", "Generic Service",
            "Client Access Point", "Maximum failures in the specified period", "Period (hours)",
            "Milestone XProtect Management Server",
        ]
        #expect(files.count == 3)
        for file in files {
            let text = try Self.structure(file).text
            for fact in facts { #expect(text.contains(fact), "\(file.name) lacks \(fact)") }
            #expect(text.contains("set Maximum failures in the specified period to 2 and Period (hours) to 6"), "\(file.name)")
        }
    }

    @Test("Same plan, same bytes; a date only when one is given")
    func deterministic() throws {
        let first = try Self.files("guide-two-node.yaml", pictures: true)
        let second = try Self.files("guide-two-node.yaml", pictures: true)
        #expect(first == second)
        #expect(try PlannerTests.plan("guide-two-node.yaml").document.date == nil)
        // The document's date, not the Date column of a sign-off form.
        #expect(!first.contains { ["**Date:**", "<dt>Date</dt>", "<date>"].contains(where: $0.contents.contains) })
        let dated = try Self.files("guide-two-node.yaml", date: "2031-05-17")
        for file in dated { #expect(file.contents.contains("2031-05-17"), "\(file.name)") }
        #expect(try SourceDate.date(fromEpoch: "1700000000").get() == "2023-11-14")
        #expect((try? SourceDate.date(fromEpoch: "yesterday").get()) == nil)
    }

    @Test("File names come from the site name and cannot leave the output folder")
    func fileNames() {
        #expect(FileNaming.slug("TESTDOMAIN two-node cluster", fallback: "site") == "testdomain-two-node-cluster")
        #expect(FileNaming.slug("../../etc/passwd", fallback: "site") == "etc-passwd")
        #expect(FileNaming.slug("/abs/path", fallback: "site") == "abs-path")
        #expect(FileNaming.slug("Ærø Ø", fallback: "site") == "aero-o")
        #expect(FileNaming.slug("Hafen Süd", fallback: "site") == "hafen-sud")
        #expect(FileNaming.slug("Łódź Straße", fallback: "site") == "lodz-strasse")
        #expect(FileNaming.slug("…", fallback: "site") == "site")
        #expect(FileNaming.slug(String(repeating: "a-", count: 100), fallback: "site").count <= 60)
    }

    @Test("Two alerts in a row stay two in Markdown: an empty comment parts them, at the top and inside a step")
    func consecutiveQuotes() throws {
        let plan = try PlannerTests.plan("guide-two-node.yaml")
        var document = DocumentBuilder(date: nil).document(for: plan.runbooks[0], in: plan)
        let index = try #require(document.sections.firstIndex { if case .procedure = $0.kind { return true } else { return false } })
        let pair: [Block] = [
            .admonition(Admonition(kind: .warning, text: [.text("First.")])), .admonition(Admonition(kind: .note, text: [.text("Second.")])),
        ]
        document.sections[index].blocks.insert(contentsOf: pair, at: 0)
        for (b, block) in document.sections[index].blocks.enumerated() {
            guard case .procedure(var procedure) = block else { continue }
            procedure.steps[0].blocks += pair
            document.sections[index].blocks[b] = .procedure(procedure)
        }
        let text = MarkdownRenderer().render(document)
        #expect(text.contains("> First.\n\n<!-- -->\n\n> [!NOTE]"))
        #expect(text.contains("   > **Warning:** First.\n\n   <!-- -->\n\n   > **Note:** Second."))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        for index in lines.indices.dropFirst(2) where lines[index].hasPrefix(">") && lines[index - 1].isEmpty {
            #expect(!lines[index - 2].hasPrefix(">"), "a quote right after a quote at line \(index + 1)")
        }
    }
}

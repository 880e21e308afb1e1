import Foundation
import RunbookTestSupport
import Testing

@testable import RunbookKit

/// The pictures: the site at a glance and the order of the procedures, laid out by Graphviz
/// for HTML, the PDF, DocBook and Word, and written as Mermaid in the Markdown.
@Suite("Pictures of the site and of the plan")
struct PictureTests {
    static let mermaidBundle = CommandRunner.packageRoot.appendingPathComponent(
        ".build/tools/mermaid/nicegui/elements/mermaid/dist/index.js")

    /// The procedure numbers in a box's title: "14 → 15 → 16", "26–29", "5, 9, 13".
    static func numbers(_ title: String) -> [Int] {
        title.replacingOccurrences(of: " → ", with: ", ").components(separatedBy: ", ").flatMap { part -> [Int] in
            let bounds = part.components(separatedBy: "–").compactMap { Int($0) }
            return bounds.count == 2 ? Array(bounds[0]...bounds[1]) : bounds
        }
    }

    /// The text of every `text` element of an SVG picture, in order.
    static func texts(_ svg: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: "<text[^>]*>([^<]*)</text>")
        return pattern.matches(in: svg, range: NSRange(svg.startIndex..., in: svg)).map {
            let raw = String(svg[Range($0.range(at: 1), in: svg)!])
            return raw.replacingOccurrences(of: "&#45;", with: "-").replacingOccurrences(of: "&amp;", with: "&")
                .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                .replacingOccurrences(of: "&#160;", with: " ").trimmingCharacters(in: .whitespaces)
        }
    }

    @Test("The site's picture names every node with its addresses, the cluster, the roles, the networks and the disks", arguments: Fixtures.samples)
    func siteContents(_ sample: String) throws {
        let plan = try PlannerTests.plan(sample)
        let site = plan.overview
        let files = try RenderTests.files(sample, pictures: true)
        let svg = try #require(files.first { $0.name.hasSuffix("-install-site-at-a-glance.svg") }).contents
        let texts = Set(Self.texts(svg))
        var expected =
            [site.clusterName, site.clusterAddress] + site.nodes.flatMap { [$0.host] + $0.addresses.flatMap { [$0.network, $0.address] } }
        expected += site.networks.flatMap { [$0.name, $0.subnet] } + site.disks.flatMap { [$0.name, $0.path] }
        expected += site.roles.flatMap { [$0.name] + ($0.address.map { [$0] } ?? []) }
        if let sql = site.externalSQLServer { expected.append(sql.name) }
        let joined = texts.joined(separator: "\n")
        let missing = expected.filter { value in !texts.contains(value) && !joined.contains(value) }
        #expect(missing.isEmpty, "\(sample): the picture lacks \(missing)")
        // The same facts in the Markdown's Mermaid diagram.
        let markdown = try #require(files.first { $0.kind == .runbook(.markdown) && $0.runbook == "install" }).contents
        let mermaid = markdown.components(separatedBy: "```mermaid\n")[1].components(separatedBy: "```")[0]
        let absent = expected.filter { !mermaid.contains($0) }
        #expect(absent.isEmpty, "\(sample): the Mermaid diagram lacks \(absent)")
    }

    @Test(
        "The plan's picture has a box for every procedure, an arrow for every needed prerequisite, and the critical path marked",
        arguments: Fixtures.samples)
    func planContents(_ sample: String) throws {
        let plan = try PlannerTests.plan(sample)
        let runbook = try #require(plan.runbooks.first { $0.id == "install" })
        let figure = try #require(FigureBuilder.plan(runbook, held: runbook.procedures.map { _ in true }))
        // Every procedure number once, in the boxes' titles.
        let numbers = figure.diagram.nodes.flatMap { Self.numbers($0.title) }
        #expect(numbers.sorted() == Array(1...runbook.procedures.count))
        // Every box with a procedure without slack is heavier, and the caption lists them all.
        let index = Dictionary(uniqueKeysWithValues: runbook.procedures.enumerated().map { ($1.id, $0 + 1) })
        var before: [Int: [Int]] = [:]
        for (position, procedure) in runbook.procedures.enumerated() { before[position] = procedure.prerequisites.map { index[$0]! - 1 } }
        let critical = CriticalPath(Array(runbook.procedures.indices), before: before, duration: { runbook.procedures[$0].duration })
        let onPath = Set(critical.procedures.map { $0 + 1 })
        for node in figure.diagram.nodes {
            let inBox = Set(Self.numbers(node.title))
            #expect(node.emphasis == !inBox.isDisjoint(with: onPath), "\(node.title)")
        }
        #expect(figure.caption.plainText.contains("in all: \(FigureBuilder.ranges(Array(onPath))). Other procedures"), "\(figure.caption.plainText)")
        #expect(figure.diagram.edges.contains { $0.emphasis })
        // Every prerequisite is an arrow or follows from the arrows.
        let box = Dictionary(
            figure.diagram.nodes.flatMap { node in Self.numbers(node.title).map { ($0, node.id) } },
            uniquingKeysWith: { first, _ in first })
        var reach: [String: Set<String>] = [:]
        for edge in figure.diagram.edges { reach[edge.from, default: []].insert(edge.to) }
        func reaches(_ from: String, _ to: String) -> Bool {
            from == to || (reach[from] ?? []).contains { reaches($0, to) }
        }
        for (position, procedure) in runbook.procedures.enumerated() {
            for prerequisite in procedure.prerequisites {
                let from = try #require(box[index[prerequisite]!]), to = try #require(box[position + 1])
                #expect(reaches(from, to), "procedure \(position + 1) waits for \(index[prerequisite]!)")
            }
        }
    }

    @Test("A runbook too large to draw box by box (400 groups, each on its own computer) is drawn by kind of procedure, narrow enough for a page")
    func summarisedPlan() throws {
        let script = try CommandRunner.run(["sh", "-c", "python3 scripts/bench-site.py 400 2 --group-per-computer", "sh"], shell: true)
        #expect(script.status == 0, "\(script.stderr)")
        let loaded = SiteLoader().load(Data(script.stdout.utf8), file: "site.yaml")
        let site = try #require(loaded.site, "\(loaded.diagnostics)")
        let catalog = try #require(TemplateCatalog.load().catalog)
        let plan = try #require(Planner(catalog: catalog).plan(site).plan)
        let runbook = try #require(plan.runbooks.first { $0.id == "install" })
        #expect(runbook.procedures.count > 800)
        let figure = try #require(FigureBuilder.plan(runbook, held: runbook.procedures.map { _ in true }))
        #expect(figure.diagram.groups.isEmpty, "no frame per computer")
        #expect(figure.diagram.nodes.count == Set(runbook.procedures.map(\.templateID)).count)
        #expect(figure.diagram.nodes.allSatisfy { $0.title.count <= 40 }, "\(figure.diagram.nodes.map(\.title))")
        #expect(figure.caption.plainText.contains("too many procedures and computers to draw one by one"))
        #expect(figure.description.contains("The \(runbook.procedures.count) procedures in \(figure.diagram.nodes.count) kinds"))
        // Laid out, it fits a page's width give or take (A4 is 595 points), not 11,000 points.
        if Graphviz.unavailable == nil {
            let document = DocumentBuilder().document(for: runbook, in: plan)
            let artwork = try Graphviz.artworks(for: [(document: document, name: "x")], png: false).get()[0]
            let planFigure = try #require(document.figures.first { $0.id == Anchor(FigureBuilder.planID) })
            let svg = try #require(artwork[planFigure]?.svg)
            let width = try #require(svg.firstMatch(of: /width="([0-9.]+)pt"/).flatMap { Double($0.1) })
            #expect(width < 1_000, "the picture is \(width) points wide")
        }
    }

    @Test("The critical path is every procedure without slack, ties included; an arrow that a longer way implies is left out")
    func criticalPathAndReduction() {
        // 0 → 1 → 3, 0 → 2 → 3, 0 → 3: the way through 2 is the longer; 4 after 0 takes as long as 2.
        let before: [Int: [Int]] = [1: [0], 2: [0], 3: [0, 1, 2], 4: [0]]
        let durations = [0: 10, 1: 5, 2: 30, 3: 1, 4: 31]
        let path = CriticalPath([0, 1, 2, 3, 4], before: before, duration: { durations[$0]! })
        #expect(path.procedures == [0, 2, 3, 4])
        #expect(path.length == 41)
        let all = [true, true, true, true, true]
        #expect(path.leads(from: 0, to: 2, through: all) && path.leads(from: 2, to: 3, through: all) && path.leads(from: 0, to: 4, through: all))
        #expect(!path.leads(from: 0, to: 1, through: all) && !path.leads(from: 0, to: 3, through: all))
        // With 2 left out, 3's wait for 0 runs through it, on the path.
        #expect(path.leads(from: 0, to: 3, through: [true, true, false, true, true]))
        #expect(FigureBuilder.reduced([0, 1, 2], before: before) == [1, 2])
        #expect(FigureBuilder.reduced([0], before: before) == [0])
        // One group per computer (issue 23): 20,000 procedures that each wait for the role, and
        // one that waits for all of them and for the role; the walk is one pass, not one per pair.
        var wide: [Int: [Int]] = [:]
        for group in 1...20_000 { wide[group] = [0] }
        let waited = Array(0...20_000)
        #expect(FigureBuilder.reduced(waited, before: wide) == Array(1...20_000))
        #expect(FigureBuilder.ranges([1, 2, 3, 6, 8, 9, 10, 11, 14, 15]) == "1–3, 6, 8–11, 14, 15")
        #expect(FigureBuilder.lowercasedFirstWord("API gateway") == "API gateway")
        #expect(FigureBuilder.lowercasedFirstWord("SQL Server role") == "SQL Server role")
        #expect(FigureBuilder.lowercasedFirstWord("Recording server") == "recording server")
    }

    @Test("A handout's plan keeps every wait, a dashed arrow where it runs through work done elsewhere", arguments: Fixtures.samples)
    func handoutWaits(_ sample: String) throws {
        let plan = try PlannerTests.plan(sample)
        let runbook = try #require(plan.runbooks.first { $0.id == "install" })
        let second = try #require(plan.overview.nodes.dropFirst().first).host
        let held = runbook.procedures.map { $0.computer.host?.spelled == second }
        let figure = try #require(FigureBuilder.plan(runbook, held: held))
        let index = Dictionary(uniqueKeysWithValues: runbook.procedures.enumerated().map { ($1.id, $0) })
        func waits(_ position: Int, for earlier: Int) -> Bool {
            runbook.procedures[position].prerequisites.compactMap { index[$0] }.contains { $0 == earlier || waits($0, for: earlier) }
        }
        let box = Dictionary(
            figure.diagram.nodes.flatMap { node in Self.numbers(node.title).map { ($0 - 1, node.id) } },
            uniquingKeysWith: { first, _ in first })
        var reach: [String: Set<String>] = [:]
        for edge in figure.diagram.edges { reach[edge.from, default: []].insert(edge.to) }
        func reaches(_ from: String, _ to: String) -> Bool { from == to || (reach[from] ?? []).contains { reaches($0, to) } }
        let kept = runbook.procedures.indices.filter { held[$0] }
        for later in kept {
            for earlier in kept where earlier < later {
                #expect(waits(later, for: earlier) == reaches(box[earlier]!, box[later]!), "\(sample): \(later + 1) and \(earlier + 1)")
            }
        }
        #expect(figure.diagram.edges.contains { $0.indirect }, "\(sample): the second node waits for the first")
        #expect(figure.caption.plainText.contains("A dashed arrow waits through procedures done elsewhere"))
    }

    @Test("The HTML draws both pictures inline, each an image named by its description, no id twice on the page")
    func inlineHTML() throws {
        let files = try RenderTests.files("metro-three-node.yaml")
        let page = try #require(files.first { $0.kind == .runbook(.html) && $0.runbook == "install" }).contents
        #expect(page.components(separatedBy: "<figure class=\"diagram\"").count == 3)
        #expect(page.components(separatedBy: "<svg role=\"img\" aria-label=\"").count == 3)
        #expect(!page.contains("<?xml") && !page.contains("<!--") && !page.contains("<title>node"))
        let ids = try NSRegularExpression(pattern: " id=\"([^\"]+)\"").matches(in: page, range: NSRange(page.startIndex..., in: page)).map {
            String(page[Range($0.range(at: 1), in: page)!])
        }
        #expect(ids.count == Set(ids).count, "repeated: \(Dictionary(grouping: ids, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted())")
        // The DocBook refers to the SVG files written beside it.
        let docbook = try #require(files.first { $0.kind == .runbook(.docbook) && $0.runbook == "install" }).contents
        #expect(docbook.contains("<imagedata fileref=\"metro-transit-operations-centre-install-site-at-a-glance.svg\" format=\"SVG\""))
        #expect(docbook.contains("<imagedata fileref=\"metro-transit-operations-centre-install-order-of-procedures.svg\" format=\"SVG\""))
    }

    @Test(
        "Mermaid reads every diagram of every sample's Markdown without an error",
        .enabled(if: FileManager.default.fileExists(atPath: mermaidBundle.path), "Mermaid is not unpacked: run 'make tools'"))
    func mermaidReads() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var paths: [String] = []
        for sample in Fixtures.samples {
            for file in try RenderTests.files(sample) where file.kind == .runbook(.markdown) {
                let url = folder.appendingPathComponent(file.name)
                try file.data.write(to: url)
                paths.append(url.path)
            }
        }
        let output = try CommandRunner.run(
            ["scripts/judge-mermaid.mjs", Self.mermaidBundle.path] + paths, environment: ["NODE_PATH": "/usr/share/nodejs"], tool: "/usr/bin/node")
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("Mermaid read \(paths.count * 2) diagrams in \(paths.count) files, 0 with errors"), "\(output.stdout)")
    }

    @Test("Without Graphviz the pictured formats are refused with the package to install; Markdown needs none")
    func missingGraphviz() throws {
        let out = try CommandRunner.temporaryFolder().appendingPathComponent("out")
        let refused = try CommandRunner.run(["generate", "samples/guide-two-node.yaml", "-o", out.path], environment: ["PATH": "/nonexistent"])
        #expect(refused.status == 69)
        #expect(
            refused.stderr.contains("apt-get install graphviz") && refused.stderr.contains("[output.layout-engine-unavailable]"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
        let markdown = try CommandRunner.run(
            ["generate", "samples/guide-two-node.yaml", "--format", "md", "-o", out.path], environment: ["PATH": "/nonexistent"])
        #expect(markdown.status == 0, "\(markdown.stderr)")
    }

    @Test("A Graphviz that fails leaves nothing written and says its last line")
    func failingGraphviz() throws {
        let bin = try CommandRunner.temporaryFolder()
        let fake = bin.appendingPathComponent("dot")
        try Data("#!/bin/sh\ncat >/dev/null\necho 'Error: <stdin>: syntax error in line 3' >&2\nexit 1\n".utf8).write(to: fake)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        let out = try CommandRunner.temporaryFolder().appendingPathComponent("out")
        let output = try CommandRunner.run(
            ["generate", "samples/guide-two-node.yaml", "--format", "html", "-o", out.path], environment: ["PATH": bin.path + ":/usr/bin:/bin"])
        #expect(output.status == 70)
        #expect(output.stderr.contains("Error: <stdin>: syntax error in line 3 [output.layout-failed]"), "\(output.stderr)")
        #expect(output.stderr.components(separatedBy: "[output.layout-failed]").count == 2, "said once: \(output.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}

import Foundation
import Synchronization

/// A figure laid out: the SVG that HTML, the PDF and DocBook carry, and for Word a PNG.
struct Picture: Sendable, Hashable {
    /// The `svg` element alone (no XML declaration or doctype), every id in it starting with the
    /// figure's id, so that two pictures can share a page.
    var svg: String
    /// The same picture as PNG at ``Graphviz/pngResolution`` dots per inch; nil when no format
    /// of the run needs it.
    var png: Data?
    /// Its size in points (1/72 inch), as laid out.
    var width: Double
    var height: Double
    /// The name of the SVG file written beside a DocBook runbook.
    var fileName: String
}

/// The pictures of one document, by figure id. A renderer without a figure's picture prints
/// the figure's description in its place.
struct Artwork: Sendable, Hashable {
    var pictures: [String: Picture] = [:]

    subscript(_ figure: Figure) -> Picture? { pictures[figure.id.rawValue] }
}

/// Lays out the pictures with Graphviz's `dot` (Debian `graphviz`), a layout engine made for
/// directed graphs: it ranks the boxes, keeps arrows short and uncrossed, and draws the same
/// picture for the same input. It runs as another process, the graph on its standard input;
/// its fonts are the system's (DejaVu Sans, with Verdana and any sans-serif font named after
/// it in the SVG for readers without it), and nothing is fetched.
enum Graphviz {
    /// `dot`, found on `PATH` once per process; nil when Graphviz is not installed.
    static let engine = ExternalTool.find("dot")

    /// Why no picture can be laid out, or nil when Graphviz is there.
    static var unavailable: Diagnostic? {
        guard engine == nil else { return nil }
        return Diagnostic(
            .layoutEngineUnavailable,
            "Graphviz lays out the pictures of the HTML, PDF, DocBook and Word runbooks and is not installed; install it with 'apt-get install graphviz', or write Markdown alone (--format md)",
            at: nil)
    }

    /// Seconds one picture may take; the metro site's plan takes a fraction of one.
    static let timeout = 60
    /// Bytes one picture may take: the largest site's plan is a few megabytes.
    static let outputLimit = 64 << 20
    /// The PNG's resolution: sharp on paper at the size Word shows it.
    static let pngResolution = 150.0
    static let font = "DejaVu Sans"
    /// What the SVG asks for: the font the layout measured first.
    static let fontFamilies = "DejaVu Sans,Verdana,sans-serif"
    /// The colour of the critical path (a dark red that stays darker than the rest in grey).
    static let emphasisColour = "#a8321e"
    /// The SVG text's size against the size it was laid out at.
    static let textScale = 0.95

    /// The pictures of every figure of every document, SVG always and PNG when `png`, in
    /// `documents`' order; each document's `name` is the start of its SVG files' names
    /// (`site-install`). Each different graph is laid out once (the site's picture is the same
    /// in every runbook), one `dot` per graph and format, several at a time. One `dot` for
    /// several graphs would start once, but Graphviz 2.42 then lays out the later graphs
    /// differently from run to run.
    static func artworks(for documents: [(document: Document, name: String)], png: Bool) -> Result<[Artwork], Diagnostic> {
        var sources: [String] = []
        var number: [String: Int] = [:]
        for (document, _) in documents {
            for figure in document.figures {
                let source = source(figure)
                if number[source] == nil {
                    number[source] = sources.count
                    sources.append(source)
                }
            }
        }
        let formats = png ? ["svg", "png"] : ["svg"]
        let jobs = formats.flatMap { format in sources.map { (format: format, source: $0) } }
        let made = Mutex([Result<Data, Diagnostic>?](repeating: nil, count: jobs.count))
        // Once one layout has failed no other starts, so that a hanging engine's timeouts do
        // not add up.
        let failed = Mutex(false)
        DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
            if failed.withLock({ $0 }) { return }
            let result = layout(jobs[index].source, format: jobs[index].format)
            if case .failure = result { failed.withLock { $0 = true } }
            made.withLock { $0[index] = result }
        }
        let results = made.withLock { $0 }
        for case .failure(let problem)? in results { return .failure(problem) }
        var pictures: [Data] = []
        for result in results {
            guard case .success(let data)? = result else { return .failure(Diagnostic(.layoutFailed, "Graphviz gave no picture", at: nil)) }
            pictures.append(data)
        }
        return .success(
            documents.map { document, name in
                var artwork = Artwork()
                for figure in document.figures {
                    let index = number[source(figure)]!
                    let svg = String(decoding: pictures[index], as: UTF8.self)
                    let (width, height) = size(of: svg)
                    artwork.pictures[figure.id.rawValue] = Picture(
                        svg: svg, png: png ? pictures[sources.count + index] : nil, width: width, height: height,
                        fileName: name + "-" + figure.id.rawValue + ".svg")
                }
                return artwork
            })
    }

    /// The picture of a DOT graph as `svg` or `png`, or why Graphviz could not lay it out:
    /// `engine` (Graphviz's `dot` unless a test gives another) must finish within `timeout`
    /// seconds, write at most ``outputLimit`` bytes, and give a picture of the kind asked for
    /// that is safe to use (``ForeignOutput``).
    static func layout(_ source: String, format: String, engine: ExternalTool? = Graphviz.engine, timeout: Double = Double(timeout))
        -> Result<Data, Diagnostic>
    {
        guard let engine else { return .failure(unavailable!) }
        var arguments = ["-T" + format]
        if format == "png" { arguments.append("-Gdpi=\(Int(pngResolution))") }
        guard let outcome = engine.run(arguments, input: Data(source.utf8), timeout: timeout, outputLimit: outputLimit) else {
            if let problem = ExternalTool.temporaryFolderProblem() { return .failure(problem) }
            return .failure(
                Diagnostic(.layoutFailed, "cannot start Graphviz (\(engine.executable)); reinstall it with 'apt-get install graphviz'", at: nil))
        }
        guard outcome.succeeded, !outcome.output.isEmpty else {
            let why =
                outcome.stopped
                ? "did not finish within \(ExternalTool.seconds(timeout)) and was stopped"
                : outcome.output.isEmpty && outcome.succeeded ? "wrote nothing" : outcome.failure
            return .failure(
                Diagnostic(
                    .layoutFailed,
                    "Graphviz (\(engine.executable)) could not lay out a picture (\(why))" + (outcome.lastError.map { ": " + $0 } ?? ""),
                    at: nil))
        }
        // An SVG is checked, and written anew from what was checked: that text is what the
        // runbooks inline (the element, Graphviz's comments and tooltips taken out first).
        var picture = outcome.output
        var problem: String?
        if format == "png" {
            problem = ForeignOutput.pngProblem(outcome.output)
        } else {
            switch ForeignOutput.safeSVG(Data(element(of: String(decoding: outcome.output, as: UTF8.self)).utf8)) {
            case .success(let text): picture = Data((text + "\n").utf8)
            case .failure(let refusal): problem = refusal.reason
            }
        }
        if let problem {
            return .failure(
                Diagnostic(
                    .layoutFailed,
                    "Graphviz (\(engine.executable)) gave a \(format.uppercased()) picture that cannot be used: \(problem); reinstall it with 'apt-get install graphviz'",
                    at: nil))
        }
        return .success(picture)
    }

    /// The `svg` element of Graphviz's output without its comments and tooltips (titles that
    /// name internal ids), its font given with fallbacks and its text a little smaller.
    static func element(of output: String) -> String {
        var svg = output.range(of: "<svg").map { String(output[$0.lowerBound...]) } ?? output
        svg = svg.replacingOccurrences(of: #"<!--[\s\S]*?-->\n?"#, with: "", options: .regularExpression)
        svg = svg.replacingOccurrences(of: #"<title>[^<]*</title>\n?"#, with: "", options: .regularExpression)
        svg = svg.replacingOccurrences(of: "font-family=\"\(font)\"", with: "font-family=\"\(fontFamilies)\"")
        // Browsers and WeasyPrint set DejaVu Sans a few per cent wider than Graphviz measures it
        // (its layout hints the glyphs): the text is drawn that much smaller, so that it stays
        // inside its box.
        for size in [9, 10] {
            svg = svg.replacingOccurrences(of: "font-size=\"\(size).00\"", with: "font-size=\"\(String(format: "%.2f", Double(size) * textScale))\"")
        }
        return svg.trimmingCharacters(in: .whitespacesAndNewlines) + "\n"
    }

    /// The width and height of an `svg` element, in points.
    static func size(of svg: String) -> (Double, Double) {
        func number(_ attribute: String) -> Double {
            guard let start = svg.range(of: " \(attribute)=\"") else { return 0 }
            let digits = svg[start.upperBound...].prefix { $0.isNumber || $0 == "." }
            return Double(digits) ?? 0
        }
        return (number("width"), number("height"))
    }

    /// The figure's diagram in DOT: boxes as HTML-like labels (a bold title over rows of
    /// cells), groups as clusters, rows as ranks kept in order by invisible arrows.
    static func source(_ figure: Figure) -> String {
        let diagram = figure.diagram
        let prefix = figure.id.rawValue
        var lines = ["digraph \(DOTEscaping.quoted(prefix)) {"]
        lines.append("  graph [id=\(DOTEscaping.quoted(prefix + "-picture")), rankdir=\(diagram.direction == .down ? "TB" : "LR"), newrank=true,")
        lines.append("         fontname=\(DOTEscaping.quoted(font)), fontsize=10, nodesep=0.15, ranksep=0.25, pad=0.08, bgcolor=white];")
        lines.append(
            "  node [fontname=\(DOTEscaping.quoted(font)), fontsize=10, shape=box, height=0.25, width=0.3, margin=\"0.12,0.04\", color=\"#4d4d4d\"];")
        lines.append("  edge [fontname=\(DOTEscaping.quoted(font)), fontsize=9, color=\"#4d4d4d\", arrowsize=0.7];")
        func node(_ node: Diagram.Node, indent: String) -> String {
            var attributes = ["id=" + DOTEscaping.quoted(prefix + "-" + node.id), "label=<" + label(node) + ">"]
            switch node.shape {
            case .box: break
            case .role: attributes.append("style=\"rounded,dashed\"")
            case .task: attributes.append("style=rounded")
            case .cylinder: attributes.append("shape=cylinder")
            }
            if node.emphasis { attributes += ["penwidth=2.4", "color=\"\(emphasisColour)\""] }
            return indent + node.id + " [" + attributes.joined(separator: ", ") + "];"
        }
        for group in diagram.groups {
            lines.append("  subgraph cluster_\(group.id) {")
            lines.append(
                "    graph [id=\(DOTEscaping.quoted(prefix + "-" + group.id)), label=<<B>\(DOTEscaping.html(group.title))</B>>, labeljust=l, style=rounded, color=\"#8c8c8c\", margin=10];"
            )
            for member in diagram.nodes where member.group == group.id { lines.append(node(member, indent: "    ")) }
            lines.append("  }")
        }
        for member in diagram.nodes where member.group == nil { lines.append(node(member, indent: "  ")) }
        for (index, row) in diagram.rows.enumerated() where !row.isEmpty {
            lines.append("  { rank=same; " + row.joined(separator: "; ") + "; }")
            for (left, right) in zip(row, row.dropFirst()) { lines.append("  \(left) -> \(right) [style=invis];") }
            if index + 1 < diagram.rows.count, let next = diagram.rows[index + 1].first, let first = row.first {
                lines.append("  \(first) -> \(next) [style=invis];")
            }
        }
        let lengths = Self.lengths(diagram)
        for (index, edge) in diagram.edges.enumerated() {
            var attributes = ["id=" + DOTEscaping.quoted("\(prefix)-e\(index + 1)")]
            if lengths[index] > 1 { attributes.append("minlen=\(lengths[index])") }
            if edge.indirect { attributes.append("style=dashed") }
            if let label = edge.label { attributes.append("label=" + DOTEscaping.quoted(label)) }
            if edge.emphasis { attributes += ["penwidth=2.4", "color=\"\(emphasisColour)\""] }
            lines.append("  \(edge.from) -> \(edge.to) [" + attributes.joined(separator: ", ") + "];")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The most arrows out of one box whose ends share a rank, and the ranks a larger fan is
    /// spread over.
    static let maximumFanOut = 4
    static let fanRanks = 4

    /// Each arrow's least length in ranks. A box with many arrows out to boxes in one frame (or
    /// outside all) would put all their ends on one rank, far wider than a page: their ends are
    /// spread over a few ranks instead, as Graphviz's unflatten does. Ends in frames of their
    /// own sit side by side in narrow frames anyway. Mermaid's writer spreads them the same way.
    static func lengths(_ diagram: Diagram) -> [Int] {
        let groupOf = Dictionary(diagram.nodes.map { ($0.id, $0.group ?? "") }, uniquingKeysWith: { first, _ in first })
        let fan = { (edge: Diagram.Edge) in edge.from + "\n" + (groupOf[edge.to] ?? "") }
        let large = Set(Dictionary(grouping: diagram.edges, by: fan).filter { $0.value.count > maximumFanOut }.keys)
        var fanned: [String: Int] = [:]
        return diagram.edges.map { edge in
            guard large.contains(fan(edge)) else { return 1 }
            let count = fanned[fan(edge), default: 0]
            fanned[fan(edge)] = count + 1
            return count % fanRanks + 1
        }
    }

    /// A box's label: its title in bold across the top, then one row per line, cells left-aligned.
    static func label(_ node: Diagram.Node) -> String {
        let columns = max(1, node.lines.map(\.count).max() ?? 1)
        let aside = node.aside.map { "  " + DOTEscaping.html($0) } ?? ""
        var rows = ["<TR><TD COLSPAN=\"\(columns)\" ALIGN=\"LEFT\"><B>\(DOTEscaping.html(node.title))</B>\(aside)</TD></TR>"]
        for line in node.lines {
            let cells = line.enumerated().map { index, cell in
                let span = index == line.count - 1 && line.count < columns ? " COLSPAN=\"\(columns - index)\"" : ""
                return "<TD ALIGN=\"LEFT\"\(span)>\(cell.isEmpty ? " " : DOTEscaping.html(cell))</TD>"
            }
            rows.append("<TR>" + cells.joined() + "</TR>")
        }
        // Room between cells and around the text: a reader's font may set the text a few per
        // cent wider than Graphviz measured it.
        let padding = "CELLPADDING=\"1\" CELLSPACING=\"\(columns > 1 ? 6 : 0)\""
        return "<TABLE BORDER=\"0\" CELLBORDER=\"0\" \(padding)>" + rows.joined() + "</TABLE>"
    }
}

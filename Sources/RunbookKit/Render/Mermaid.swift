/// A diagram as a Mermaid flowchart, which GitHub and other Markdown viewers draw: groups as
/// subgraphs, rows kept in order by invisible links, the critical path in heavier strokes.
enum Mermaid {
    static func source(_ diagram: Diagram) -> String {
        // Long lines of a box (a row of the networks table) wrap only past 480 pixels.
        var lines = ["%%{init: {\"flowchart\": {\"wrappingWidth\": 480}}}%%", "flowchart " + (diagram.direction == .down ? "TB" : "LR")]
        func node(_ node: Diagram.Node, indent: String) -> String {
            var text = "<b>" + MermaidEscaping.label(node.title) + "</b>" + (node.aside.map { " " + MermaidEscaping.label($0) } ?? "")
            for line in node.lines { text += "<br/>" + line.filter { !$0.isEmpty }.map(MermaidEscaping.label).joined(separator: " · ") }
            let quoted = "\"" + text + "\""
            switch node.shape {
            case .box: return indent + node.id + "[" + quoted + "]"
            case .role, .task: return indent + node.id + "(" + quoted + ")"
            case .cylinder: return indent + node.id + "[(" + quoted + ")]"
            }
        }
        for group in diagram.groups {
            lines.append("  subgraph \(group.id)[\"\(MermaidEscaping.label(group.title))\"]")
            for member in diagram.nodes where member.group == group.id { lines.append(node(member, indent: "    ")) }
            lines.append("  end")
        }
        for member in diagram.nodes where member.group == nil { lines.append(node(member, indent: "  ")) }
        var links = 0
        var emphasised: [Int] = []
        // A longer link ("--->") spans more ranks, as Graphviz's minlen does; a dashed one waits
        // through what the picture leaves out.
        let lengths = Graphviz.lengths(diagram)
        for (index, edge) in diagram.edges.enumerated() {
            let link =
                edge.indirect ? "-" + String(repeating: ".", count: lengths[index]) + "->" : String(repeating: "-", count: lengths[index] + 1) + ">"
            lines.append("  \(edge.from) \(link)" + (edge.label.map { "|\"\(MermaidEscaping.label($0))\"|" } ?? "") + " \(edge.to)")
            if edge.emphasis { emphasised.append(links) }
            links += 1
        }
        // Rows after the real links, so that the links' numbers above stay theirs. An invisible
        // link puts its end one rank below its start, so every box of a row hangs from the first
        // box of the row above, and the boxes of one row share a rank.
        for (above, row) in zip(diagram.rows, diagram.rows.dropFirst()) {
            guard let first = above.first else { continue }
            for box in row { lines.append("  \(first) ~~~ \(box)") }
        }
        let roles = diagram.nodes.filter { $0.shape == .role }.map(\.id)
        if !roles.isEmpty {
            lines.append("  classDef role stroke-dasharray:5 3")
            lines.append("  class \(roles.joined(separator: ",")) role")
        }
        let critical = diagram.nodes.filter(\.emphasis).map(\.id)
        if !critical.isEmpty {
            lines.append("  classDef critical stroke:\(Graphviz.emphasisColour),stroke-width:3px")
            lines.append("  class \(critical.joined(separator: ",")) critical")
        }
        if !emphasised.isEmpty {
            lines.append("  linkStyle \(emphasised.map(String.init).joined(separator: ",")) stroke:\(Graphviz.emphasisColour),stroke-width:3px")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

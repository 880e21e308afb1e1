/// The procedures of a plan and what each must follow, as a graph for Graphviz or Mermaid
/// (`runbook graph`).
///
/// It is drawn as the runbooks' own pictures are: one diagram (a frame per runbook, a box
/// per procedure, an arrow per prerequisite), written by the same writers, with the same
/// escaping.
public enum PlanGraph {
    /// The graph languages it writes.
    public enum Format: String, CaseIterable, Sendable {
        /// Graphviz's DOT language.
        case dot
        /// A Mermaid flowchart, which GitHub draws in Markdown.
        case mermaid
    }

    /// The graph of every runbook: one box per procedure, one arrow per prerequisite.
    public static func render(_ plan: Plan, as format: Format) -> String {
        let diagram = Self.diagram(plan)
        switch format {
        case .dot:
            return Graphviz.source(Figure(id: Anchor("runbook"), title: [], description: "", diagram: diagram))
        case .mermaid:
            return Mermaid.source(diagram)
        }
    }

    /// A frame per runbook; a box per procedure (`install_3` for its third), titled with its
    /// number, title and computer; an arrow from each prerequisite.
    static func diagram(_ plan: Plan) -> Diagram {
        var diagram = Diagram(direction: .down)
        for (number, runbook) in plan.runbooks.enumerated() {
            // Letters, digits and _ only, as a diagram's ids are; two folder names that spell
            // alike keep apart by their position.
            var group = FileNaming.slug(runbook.id, fallback: "runbook").replacingOccurrences(of: "-", with: "_")
            if diagram.groups.contains(where: { $0.id == group }) { group += "_\(number + 1)" }
            diagram.groups.append(Diagram.Group(id: group, title: runbook.title.plainText))
            let ids = Dictionary(uniqueKeysWithValues: runbook.procedures.enumerated().map { ($1.id, "\(group)_\($0 + 1)") })
            for (position, procedure) in runbook.procedures.enumerated() {
                diagram.nodes.append(
                    Diagram.Node(
                        id: "\(group)_\(position + 1)", title: "\(position + 1). \(procedure.title.plainText)",
                        aside: "(\(procedure.computer))", shape: .task, group: group))
            }
            for procedure in runbook.procedures {
                for prerequisite in procedure.prerequisites {
                    guard let from = ids[prerequisite], let to = ids[procedure.id] else { continue }
                    diagram.edges.append(Diagram.Edge(from: from, to: to))
                }
            }
        }
        return diagram
    }
}

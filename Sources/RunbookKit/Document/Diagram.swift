/// A picture in a document: a diagram with its title and a description for readers who
/// cannot see it.
struct Figure: Sendable, Hashable {
    /// Unique in the document; renderers derive every id inside the picture from it, and the
    /// DocBook image file's name.
    var id: Anchor
    var title: [Inline]
    /// What to see in it, printed under it (the critical path), when there is more to say
    /// than the title.
    var caption: [Inline] = []
    /// The picture in words: the alternative text of the image.
    var description: String
    var diagram: Diagram
}

/// Boxes, groups of boxes and arrows between them, not yet laid out: what the picture says,
/// never where things go. Renderers lay it out (Graphviz) or hand it to a reader that does
/// (Mermaid).
struct Diagram: Sendable, Hashable {
    enum Direction: Sendable, Hashable {
        /// Ranks from top to bottom.
        case down
        /// Ranks from left to right.
        case right
    }

    /// How a box is drawn, by what it stands for.
    enum Shape: Sendable, Hashable {
        /// A computer, or rows of facts (the networks).
        case box
        /// A name and address the cluster moves from node to node (a clustered role).
        case role
        /// A step of work (a procedure).
        case task
        /// Storage.
        case cylinder
    }

    struct Node: Sendable, Hashable {
        /// Unique in the diagram; letters, digits and `_` only.
        var id: String
        /// The first line, in bold.
        var title: String
        /// Said after the title on its line, not in bold (a time).
        var aside: String? = nil
        /// The lines under the title; each line's cells (a table's columns, or one cell).
        var lines: [[String]] = []
        var shape: Shape = .box
        /// On the critical path (or otherwise to be seen first): drawn heavier.
        var emphasis = false
        /// The group it is drawn in, by the group's id.
        var group: String? = nil
    }

    /// A frame around boxes that belong together: the cluster, the procedures on one computer.
    struct Group: Sendable, Hashable {
        var id: String
        var title: String
    }

    struct Edge: Sendable, Hashable {
        var from: String
        var to: String
        var label: String? = nil
        /// On the critical path: drawn heavier.
        var emphasis = false
        /// A wait through what the picture leaves out: dashed.
        var indirect = false
    }

    var direction: Direction = .down
    var groups: [Group] = []
    var nodes: [Node] = []
    var edges: [Edge] = []
    /// Boxes kept side by side on one rank, in order, each list below the one before (the
    /// cluster's nodes, four to a row).
    var rows: [[String]] = []
}

extension Document {
    /// Every figure, in document order.
    var figures: [Figure] {
        func walk(_ blocks: [Block]) -> [Figure] {
            blocks.flatMap { block -> [Figure] in
                switch block {
                case .figure(let figure): return [figure]
                case .procedure(let procedure): return procedure.steps.flatMap { walkStep($0) }
                case .paragraph, .result, .admonition, .table, .code: return []
                }
            }
        }
        func walkStep(_ step: Step) -> [Figure] { walk(step.blocks) + step.substeps.flatMap(walkStep) + walk(step.closing) }
        return walk(introduction) + sections.flatMap { walk($0.blocks) }
    }
}

/// One runbook as a format-neutral document: what every renderer receives, and all it
/// receives. It carries meaning (a procedure, a step's result, a button), never layout.
///
/// The planner's output becomes this tree in ``DocumentBuilder``; the renderers in `Render/`
/// turn it into Markdown, HTML and DocBook and never see the site description.
struct Document: Sendable, Hashable {
    /// The runbook's id, such as `install`; also the document's anchor.
    var id: Anchor
    var title: [Inline]
    var metadata: DocumentMetadata
    /// BCP 47 language tag of the text.
    var language: String
    /// Paragraphs before the first section.
    var introduction: [Block]
    var sections: [Section]

    /// What a page's running head calls the document: "Install runbook", "Verify handout for
    /// Cluster2".
    var runningTitle: String {
        id.rawValue.prefix(1).uppercased() + id.rawValue.dropFirst() + (metadata.handout.map { " handout for " + $0 } ?? " runbook")
    }

    /// Every procedure section, in order.
    var procedures: [Section] { sections.filter { if case .procedure = $0.kind { return true } else { return false } } }
}

/// What is said about the document as a whole: for the HTML header and DocBook's `info`.
struct DocumentMetadata: Sendable, Hashable {
    var site: String
    var customer: String
    var author: String
    var revision: String
    /// YYYY-MM-DD; nil when the site gives none and no `SOURCE_DATE_EPOCH` is set.
    var date: String?
    /// Sum of the step estimates, in seconds.
    var duration: Int
    /// The page size of the PDF.
    var paper: Paper = .a4
    /// For a handout, whom it is for ("Cluster2", "the database administrator"); the PDF's
    /// page headers say so, so that a loose page can be told from the whole runbook's.
    var handout: String?

    /// The facts a cover page lists, labelled, in order: site, customer, author, revision,
    /// the date where there is one, the estimated time.
    var coverFacts: [(label: String, value: String)] {
        var facts = [("Site", site), ("Customer", customer), ("Author", author), ("Revision", revision)]
        if let date { facts.append(("Date", date)) }
        facts.append(("Estimated time", PlanReport.duration(duration)))
        return facts
    }
}

struct Section: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        /// The list of procedures with where, who and how long.
        case overview
        /// The procedure numbered `number`, from 1.
        case procedure(number: Int)
        /// The page the installer and the customer fill in and sign when the work is done.
        case acceptance
    }

    var id: Anchor
    var kind: Kind
    var title: [Inline]
    /// Facts about the section, such as the computer and role of a procedure.
    var facts: [Fact]
    var blocks: [Block]
}

/// A labelled value, such as Computer: Cluster1.
struct Fact: Sendable, Hashable {
    enum Kind: String, Sendable, Hashable, CaseIterable {
        case computer, role, duration, prerequisites
        var label: String {
            switch self {
            case .computer: return "Computer"
            case .role: return "Role"
            case .duration: return "Estimated time"
            case .prerequisites: return "After"
            }
        }
    }
    var kind: Kind
    var value: [Inline]
}

indirect enum Block: Sendable, Hashable {
    case paragraph([Inline])
    /// What the reader sees when a step or procedure has done its work.
    case result([Inline])
    case admonition(Admonition)
    case table(Table)
    case code(CodeBlock)
    case procedure(Procedure)
    /// A picture: the site at a glance, the order of the procedures.
    case figure(Figure)
}

struct Admonition: Sendable, Hashable {
    /// In order of increasing weight; renderers label each visibly.
    enum Kind: String, Sendable, Hashable, CaseIterable {
        case note, important, warning
        var label: String {
            switch self {
            case .note: return "Note"
            case .important: return "Important"
            case .warning: return "Warning"
            }
        }
    }
    var kind: Kind
    var text: [Inline]
}

struct Table: Sendable, Hashable {
    var caption: [Inline]
    var columns: [[Inline]]
    /// Never empty: the builder turns a table without rows into a paragraph.
    var rows: [[[Inline]]]
    /// A form filled in by hand (a sign-off line, a test record): its blank cells are room to
    /// write in, and no cell of it heads a row.
    var form = false
    /// The columns' shares of the width, one per column, when they should not be equal (a
    /// narrow step number beside a wide result); nil leaves it to the renderer.
    var widths: [Int]? = nil

    /// Each column's share of the width in per cent, the rounding given to the last one; nil
    /// when the table has no widths or not one for each column.
    var percentages: [Int]? {
        guard let widths, widths.count == columns.count, widths.allSatisfy({ $0 > 0 }) else { return nil }
        let total = widths.reduce(0, +)
        var shares = widths.map { $0 * 100 / total }
        shares[shares.count - 1] += 100 - shares.reduce(0, +)
        return shares
    }
}

struct CodeBlock: Sendable, Hashable {
    /// powershell, cmd, ini, json or text.
    var language: String
    var code: String
}

struct Procedure: Sendable, Hashable {
    var steps: [Step]
    /// Where and by whom, as the procedure's facts say; a step says it again only where it differs.
    var computer: Computer
    var role: Role
}

struct Step: Sendable, Hashable {
    var id: Anchor
    /// The id of the step's sign-off mark (the HTML check box), unique beside every other anchor.
    var signOff: Anchor
    /// The step's position, such as [5, 2] for step 2 of procedure 5, or [5, 2, 1] for its first substep.
    var number: [Int]
    /// The host it runs on (or any computer), and who does it.
    var computer: Computer
    var role: Role
    /// The instruction first, then what goes with it before the substeps.
    var blocks: [Block]
    var substeps: [Step]
    /// What follows the substeps: the result, the command-line alternative.
    var closing: [Block]

    var label: String { number.map(String.init).joined(separator: ".") }
}

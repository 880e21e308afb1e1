/// One runbook as a format-neutral document: what every renderer receives, and all it
/// receives. It carries meaning (a procedure, a step's result, a button), never layout.
///
/// The planner's output becomes this tree in ``DocumentBuilder``; the renderers in `Render/`
/// turn it into Markdown, HTML and DocBook and never see the site description.
public struct Document: Sendable, Hashable {
    /// The runbook's id, such as `install`; also the document's anchor.
    public var id: Anchor
    public var title: [Inline]
    public var metadata: DocumentMetadata
    /// BCP 47 language tag of the text.
    public var language: String
    /// Paragraphs before the first section.
    public var introduction: [Block]
    public var sections: [Section]

    /// Every procedure section, in order.
    public var procedures: [Section] { sections.filter { if case .procedure = $0.kind { return true } else { return false } } }
}

/// What is said about the document as a whole: for the HTML header and DocBook's `info`.
public struct DocumentMetadata: Sendable, Hashable {
    public var site: String
    public var customer: String
    public var author: String
    public var revision: String
    /// YYYY-MM-DD; nil when the site gives none and no `SOURCE_DATE_EPOCH` is set.
    public var date: String?
    /// Sum of the step estimates, in seconds.
    public var duration: Int
}

public struct Section: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// The list of procedures with where, who and how long.
        case overview
        /// The procedure numbered `number`, from 1.
        case procedure(number: Int)
    }

    public var id: Anchor
    public var kind: Kind
    public var title: [Inline]
    /// Facts about the section, such as the computer and role of a procedure.
    public var facts: [Fact]
    public var blocks: [Block]
}

/// A labelled value, such as Computer: Cluster1.
public struct Fact: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case computer, role, duration, prerequisites
        public var label: String {
            switch self {
            case .computer: return "Computer"
            case .role: return "Role"
            case .duration: return "Estimated time"
            case .prerequisites: return "After"
            }
        }
    }
    public var kind: Kind
    public var value: [Inline]
}

public indirect enum Block: Sendable, Hashable {
    case paragraph([Inline])
    /// What the reader sees when a step or procedure has done its work.
    case result([Inline])
    case admonition(Admonition)
    case table(Table)
    case code(CodeBlock)
    case procedure(Procedure)
}

public struct Admonition: Sendable, Hashable {
    /// In order of increasing weight; renderers label each visibly.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case note, important, warning
        public var label: String {
            switch self {
            case .note: return "Note"
            case .important: return "Important"
            case .warning: return "Warning"
            }
        }
    }
    public var kind: Kind
    public var text: [Inline]
}

public struct Table: Sendable, Hashable {
    public var caption: [Inline]
    public var columns: [[Inline]]
    /// Never empty: the builder turns a table without rows into a paragraph.
    public var rows: [[[Inline]]]
}

public struct CodeBlock: Sendable, Hashable {
    /// powershell, cmd, ini, json or text.
    public var language: String
    public var code: String
}

public struct Procedure: Sendable, Hashable {
    public var steps: [Step]
}

public struct Step: Sendable, Hashable {
    public var id: Anchor
    /// The id of the step's sign-off mark (the HTML check box), unique beside every other anchor.
    public var signOff: Anchor
    /// The step's position, such as [5, 2] for step 2 of procedure 5, or [5, 2, 1] for its first substep.
    public var number: [Int]
    /// The host it runs on (or `any`), and who does it.
    public var computer: String
    public var role: Role
    /// The instruction first, then what goes with it before the substeps.
    public var blocks: [Block]
    public var substeps: [Step]
    /// What follows the substeps: the result, the command-line alternative.
    public var closing: [Block]

    public var label: String { number.map(String.init).joined(separator: ".") }
}

/// Who carries out a procedure.
public struct Role: Sendable, Hashable {
    public var id: String
    public var name: String {
        switch id {
        case "consultant": return "Consultant"
        case "windows-administrator": return "Windows administrator"
        case "database-administrator": return "Database administrator"
        case "vms-installer": return "VMS installer"
        default: return id
        }
    }
}

/// A piece of template text, parsed, with where it came from.
public struct TemplateText: Sendable, Hashable {
    public var spans: [InlineMarkup.Span]
    public var location: SourceLocation
    /// The raw text, kept for code blocks (which take parameters but no markup).
    public var raw: String
    /// Where each parameter reference starts, by its character offset in the text.
    public var parameterLocations: [Int: SourceLocation] = [:]

    /// The position of a parameter reference, or of the whole text.
    func location(ofOffset offset: Int) -> SourceLocation { parameterLocations[offset] ?? location }
}

/// A template value with its location (conditions, loops, computers, capabilities).
public struct Located<Value: Sendable & Hashable>: Sendable, Hashable {
    public var value: Value
    public var location: SourceLocation
}

/// Blocks a procedure or step may carry besides its instruction.
public struct TemplateContent: Sendable, Hashable {
    public var result: TemplateText?
    public var note: TemplateText?
    public var important: TemplateText?
    public var warning: TemplateText?
    public var command: (language: String, code: TemplateText)?
    public var table: TableTemplate?

    public static func == (lhs: TemplateContent, rhs: TemplateContent) -> Bool {
        lhs.result == rhs.result && lhs.note == rhs.note && lhs.important == rhs.important && lhs.warning == rhs.warning
            && lhs.command?.language == rhs.command?.language && lhs.command?.code == rhs.command?.code && lhs.table == rhs.table
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(result)
        hasher.combine(command?.code)
    }
}

public struct TableTemplate: Sendable, Hashable {
    public struct Row: Sendable, Hashable {
        public var foreach: Located<String>?
        public var when: Located<String>?
        public var cells: [TemplateText]
    }

    public var caption: TemplateText
    public var columns: [TemplateText]
    public var rows: [Row]
}

public struct SubstepTemplate: Sendable, Hashable {
    public var id: String
    public var when: Located<String>?
    public var foreach: Located<String>?
    public var instruction: TemplateText
    public var content: TemplateContent
    public var location: SourceLocation
}

public struct StepTemplate: Sendable, Hashable {
    public var id: String
    public var when: Located<String>?
    public var foreach: Located<String>?
    public var instruction: TemplateText
    public var duration: Located<Int>
    /// A list whose every item takes `duration` (one step done on each computer of a table).
    public var durationEach: Located<String>?
    public var requires: [Located<String>]
    public var provides: [Located<String>]
    /// Statements about the site's state (see ``Statement``) that must hold before the step.
    public var expects: [Located<String>] = []
    /// Statements that hold after the step.
    public var effects: [Located<String>] = []
    public var content: TemplateContent
    public var substeps: [SubstepTemplate]
    public var location: SourceLocation
}

/// One procedure of a runbook, as written in `Templates/RUNBOOK/NN-name.yaml`.
public struct ProcedureTemplate: Sendable, Hashable {
    public var id: String
    public var runbook: String
    public var title: TemplateText
    public var when: Located<String>?
    public var foreach: Located<String>?
    public var computer: Located<String>
    public var role: String
    public var requires: [Located<String>]
    public var provides: [Located<String>]
    /// Statements that must hold before the first step.
    public var expects: [Located<String>] = []
    /// Statements that hold after the last step.
    public var effects: [Located<String>] = []
    public var introduction: TemplateText?
    public var content: TemplateContent
    public var steps: [StepTemplate]
    public var location: SourceLocation
}

/// A runbook: its title page and its procedures in catalog order.
public struct RunbookTemplate: Sendable, Hashable {
    public var id: String
    public var title: TemplateText
    public var introduction: TemplateText
    public var procedures: [ProcedureTemplate]
    /// Statements that must hold when the runbook is done.
    public var ends: [Located<String>] = []
}

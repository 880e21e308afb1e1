/// A piece of template text, parsed, with where it came from.
struct TemplateText: Sendable, Hashable {
    var spans: [InlineMarkup.Span]
    var location: SourceLocation
    /// The raw text, kept for code blocks (which take parameters but no markup).
    var raw: String
    /// Where each parameter reference starts, by its character offset in the text.
    var parameterLocations: [Int: SourceLocation] = [:]

    /// The position of a parameter reference, or of the whole text.
    func location(ofOffset offset: Int) -> SourceLocation { parameterLocations[offset] ?? location }
}

/// A template value with its location (conditions, loops, computers, capabilities).
struct Located<Value: Sendable & Hashable>: Sendable, Hashable {
    var value: Value
    var location: SourceLocation
}

/// Blocks a procedure or step may carry besides its instruction.
struct TemplateContent: Sendable, Hashable {
    var result: TemplateText?
    var note: TemplateText?
    var important: TemplateText?
    var warning: TemplateText?
    var command: (language: String, code: TemplateText)?
    var table: TableTemplate?

    static func == (lhs: TemplateContent, rhs: TemplateContent) -> Bool {
        lhs.result == rhs.result && lhs.note == rhs.note && lhs.important == rhs.important && lhs.warning == rhs.warning
            && lhs.command?.language == rhs.command?.language && lhs.command?.code == rhs.command?.code && lhs.table == rhs.table
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(result)
        hasher.combine(command?.code)
    }
}

struct TableTemplate: Sendable, Hashable {
    struct Row: Sendable, Hashable {
        var foreach: Located<String>?
        var when: Located<String>?
        var cells: [TemplateText]
    }

    var caption: TemplateText
    var columns: [TemplateText]
    var rows: [Row]
}

struct SubstepTemplate: Sendable, Hashable {
    var id: String
    var when: Located<String>?
    var foreach: Located<String>?
    var instruction: TemplateText
    var content: TemplateContent
    var location: SourceLocation
}

struct StepTemplate: Sendable, Hashable {
    var id: String
    var when: Located<String>?
    var foreach: Located<String>?
    var instruction: TemplateText
    var duration: Located<Int>
    /// A list whose every item takes `duration` (one step done on each computer of a table).
    var durationEach: Located<String>?
    var requires: [Located<String>]
    var provides: [Located<String>]
    /// Statements about the site's state (see ``Statement``) that must hold before the step.
    var expects: [Located<String>] = []
    /// Statements that hold after the step.
    var effects: [Located<String>] = []
    var content: TemplateContent
    var substeps: [SubstepTemplate]
    var location: SourceLocation
}

/// One procedure of a runbook, as written in `Templates/RUNBOOK/NN-name.yaml`.
public struct ProcedureTemplate: Sendable, Hashable {
    var id: String
    var runbook: String
    var title: TemplateText
    var when: Located<String>?
    var foreach: Located<String>?
    var computer: Located<String>
    var role: Role
    var requires: [Located<String>]
    var provides: [Located<String>]
    /// Statements that must hold before the first step.
    var expects: [Located<String>] = []
    /// Statements that hold after the last step.
    var effects: [Located<String>] = []
    var introduction: TemplateText?
    var content: TemplateContent
    var steps: [StepTemplate]
    var location: SourceLocation
}

/// A runbook: its title page and its procedures in catalog order.
public struct RunbookTemplate: Sendable, Hashable {
    /// The runbook's folder name, such as `install`; `--runbook` and the file names use it.
    public var id: String
    var title: TemplateText
    var introduction: TemplateText
    /// Its procedures, in catalog order (planning may reorder them).
    public var procedures: [ProcedureTemplate]
    /// Statements that must hold when the runbook is done.
    var ends: [Located<String>] = []
    /// Whether the runbook ends with an acceptance page (the failover test record, open items,
    /// signatures).
    var acceptance = false
    /// Whether each procedure ends with a record of its checks: every step's expected result,
    /// with room to write what was seen (the verification runbook).
    var record = false
    /// The span during which the management server is out of service, when the runbook has one.
    var outage: OutageTemplate?
    /// Where the runbook comes among the runbooks, lower first; nil puts it after those that
    /// have one.
    var order: Int?
    /// The runbook whose end state this one starts from; nil starts from the site before the
    /// install.
    var startsFrom: Located<String>?
    /// Whether the SQL Server setup configuration files are written beside this runbook.
    var writesSetupFiles = false
    /// The lines of the failover test record on the acceptance page, in order; none leaves
    /// the failover test to the procedures' own records.
    var failoverRecord: [FailoverTestTemplate] = []
}

/// One line of the acceptance page's failover test record, or one line per item (`foreach`).
struct FailoverTestTemplate: Sendable, Hashable {
    var foreach: Located<String>?
    var when: Located<String>?
    /// What is done and what must follow; plain text once its parameters are filled in.
    var test: TemplateText
    /// The node a role leaves, where the line names one.
    var from: TemplateText?
    /// The node a role moves to, where the line names one.
    var to: TemplateText?
}

/// From which procedure to which the management server is out of service, and what that
/// means for the people who use it (`outage:` in `runbook.yaml`).
struct OutageTemplate: Sendable, Hashable {
    /// The template id of the procedure that starts the outage (its first planned instance).
    var from: Located<String>
    /// The template id of the procedure whose end ends it (its last planned instance).
    var to: Located<String>
    /// What works and what does not in the meantime.
    var text: TemplateText
}

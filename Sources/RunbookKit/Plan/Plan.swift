/// The result of planning: every procedure of every runbook for one site, in a proven order.
///
/// Every value of the site is filled in. Renderers turn it into documents; it knows nothing
/// more of the site.
public struct Plan: Sendable, Hashable {
    var document: DocumentInfo
    /// What the documents' picture of the site shows.
    var overview: SiteOverview
    /// The runbooks, in the catalog's order.
    public var runbooks: [PlannedRunbook]
}

/// One runbook of a plan: its procedures in the order they are carried out.
public struct PlannedRunbook: Sendable, Hashable {
    /// The runbook's id, such as `install`.
    public var id: String
    var title: [Inline]
    var introduction: [Inline]
    /// Its procedures, each after every procedure it requires.
    public var procedures: [PlannedProcedure]
    /// What must hold when the runbook is done (its `runbook.yaml`'s `ends:`).
    var ends: [PlannedStatement] = []
    /// The runbook whose end state this one starts from (`starts-from:`); nil for one that
    /// starts from the site before the install.
    var startsFrom: String?
    /// The files its procedures hand to tools, written beside the runbook: SQL Server setup's
    /// configuration files, for the runbook whose `runbook.yaml` says `setup-files: true`, at a
    /// site with a failover cluster instance.
    var setupFiles: [SQLSetupConfiguration] = []
    /// The acceptance page at its end, when its `runbook.yaml` asks for one.
    var acceptance: Acceptance?
    /// Whether each procedure ends with a record of its checks (`record: true`).
    var record = false
    /// When the management server is out of service, where the runbook takes it out.
    var outage: Outage?

    var duration: Int { procedures.map(\.duration).reduce(0, +) }
}

/// The span of a runbook during which the management server is out of service: from the start
/// of one procedure to the end of another, by their positions in the runbook.
struct Outage: Sendable, Hashable {
    var from: Int
    var to: Int
    /// What works and what does not in the meantime.
    var text: [Inline]
}

/// What the acceptance page at the end of a runbook holds besides its blank lines: the moves
/// of the failover test to record, and who signs.
struct Acceptance: Sendable, Hashable {
    /// One line of the failover test record: what was done, from which node, to which.
    struct Test: Sendable, Hashable {
        var test: String
        var from: String?
        var to: String?
    }

    /// The failover test record's lines, from the runbook's `failover-record`, filled in for
    /// the site; empty when the runbook's procedures record the failover test themselves.
    var tests: [Test]
    /// The roles that sign, such as "Installer" and "Customer".
    var signers: [String]
}

/// One procedure of a runbook, for one computer, with every value of the site filled in.
public struct PlannedProcedure: Sendable, Hashable {
    /// Unique in the plan: the template id, then the item it was repeated for (`@Cluster2`).
    public var id: String
    var templateID: String
    var title: [Inline]
    /// The host it runs on, or any computer.
    var computer: Computer
    var role: Role
    var introduction: [Inline]?
    var content: PlannedContent
    /// Its steps, in order.
    public var steps: [PlannedStep]
    var requires: [String]
    var provides: [String]
    /// The ids of the procedures that provide what this one requires, in plan order.
    var prerequisites: [String]
    /// Statements that must hold before its first step, and that hold after its last.
    var expects: [PlannedStatement] = []
    var effects: [PlannedStatement] = []
    /// Where its template is.
    var location: SourceLocation?

    /// Seconds, the sum of the steps' estimates.
    var duration: Int { steps.map(\.duration).reduce(0, +) }
}

/// One numbered step of a procedure.
public struct PlannedStep: Sendable, Hashable {
    /// Unique in its procedure: the template's step id, then the item it was repeated for (`@Cluster2`).
    public var id: String
    var instruction: [Inline]
    var duration: Int
    var requires: [String]
    var provides: [String]
    var content: PlannedContent
    var substeps: [PlannedSubstep]
    /// Statements about the site that must hold before the step, and that hold after it.
    var expects: [PlannedStatement] = []
    var effects: [PlannedStatement] = []
}

struct PlannedSubstep: Sendable, Hashable {
    var id: String
    var instruction: [Inline]
    var content: PlannedContent
}

struct PlannedContent: Sendable, Hashable {
    var result: [Inline]?
    var note: [Inline]?
    var important: [Inline]?
    var warning: [Inline]?
    var command: PlannedCommand?
    var table: PlannedTable?
}

struct PlannedCommand: Sendable, Hashable {
    var language: String
    var code: String
}

struct PlannedTable: Sendable, Hashable {
    var caption: [Inline]
    var columns: [[Inline]]
    var rows: [[[Inline]]]
}

/// The result of planning: every procedure of every runbook for one site, in a proven order,
/// every value filled in. Renderers turn it into documents; it knows nothing of the site.
public struct Plan: Sendable, Hashable {
    public var document: DocumentInfo
    public var runbooks: [PlannedRunbook]
}

public struct PlannedRunbook: Sendable, Hashable {
    public var id: String
    public var title: [Inline]
    public var introduction: [Inline]
    public var procedures: [PlannedProcedure]
    /// What must hold when the runbook is done (its `runbook.yaml`'s `ends:`).
    public var ends: [PlannedStatement] = []
    /// The files its procedures hand to tools, written beside the runbook: SQL Server setup's
    /// configuration files for the install runbook of a site with a failover cluster instance.
    public var setupFiles: [SQLSetupConfiguration] = []

    public var duration: Int { procedures.map(\.duration).reduce(0, +) }
}

public struct PlannedProcedure: Sendable, Hashable {
    /// Unique in the plan: the template id, then the item it was repeated for (`@Cluster2`).
    public var id: String
    public var templateID: String
    public var title: [Inline]
    /// The host it runs on, or `any`.
    public var computer: String
    public var role: String
    public var introduction: [Inline]?
    public var content: PlannedContent
    public var steps: [PlannedStep]
    public var requires: [String]
    public var provides: [String]
    /// The ids of the procedures that provide what this one requires, in plan order.
    public var prerequisites: [String]
    /// Statements that must hold before its first step, and that hold after its last.
    public var expects: [PlannedStatement] = []
    public var effects: [PlannedStatement] = []
    /// Where its template is.
    public var location: SourceLocation?

    /// Seconds, the sum of the steps' estimates.
    public var duration: Int { steps.map(\.duration).reduce(0, +) }
}

public struct PlannedStep: Sendable, Hashable {
    public var id: String
    public var instruction: [Inline]
    public var duration: Int
    public var requires: [String]
    public var provides: [String]
    public var content: PlannedContent
    public var substeps: [PlannedSubstep]
    /// Statements about the site that must hold before the step, and that hold after it.
    public var expects: [PlannedStatement] = []
    public var effects: [PlannedStatement] = []
}

public struct PlannedSubstep: Sendable, Hashable {
    public var id: String
    public var instruction: [Inline]
    public var content: PlannedContent
}

public struct PlannedContent: Sendable, Hashable {
    public var result: [Inline]?
    public var note: [Inline]?
    public var important: [Inline]?
    public var warning: [Inline]?
    public var command: PlannedCommand?
    public var table: PlannedTable?
}

public struct PlannedCommand: Sendable, Hashable {
    public var language: String
    public var code: String
}

public struct PlannedTable: Sendable, Hashable {
    public var caption: [Inline]
    public var columns: [[Inline]]
    public var rows: [[[Inline]]]
}

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

    /// The failover test as the runbook's failover procedure does it, in its order: the
    /// management server role to each node, the external IDP's sign-in on each node (where the
    /// site has one), the SQL Server role to each node (a failover cluster instance), the first
    /// node switched off without warning, the first node back. Empty when the runbook's
    /// procedures record their own checks.
    var tests: [Test]
    /// The roles that sign, such as "Installer" and "Customer".
    var signers: [String]

    /// The tests for a site.
    static func tests(for site: SiteDescription) -> [Test] {
        let role = site.xprotect.role.name
        let first = site.nodes.first?.host ?? ""
        var tests = site.nodes.map { Test(test: "Move \(role) to \($0.host)", to: $0.host) }
        if site.xprotect.idpCertificateThumbprint != nil {
            tests += site.nodes.map { Test(test: "Sign-in through the external IDP with \(role) on \($0.host)", to: $0.host) }
        }
        var owns = role
        if case .failoverInstance(let instance) = site.sqlServer {
            tests += site.nodes.map { Test(test: "Move \(instance.resourceGroup) to \($0.host)", to: $0.host) }
            owns = "\(role) and \(instance.resourceGroup)"
        }
        tests.append(Test(test: "Switch \(first) off without warning, owning \(owns): every role online on another node", from: first))
        tests.append(Test(test: "\(first) switched on, back Up, every role online"))
        tests.append(Test(test: "Simulated failure of the management server resource: \(role) online again"))
        if !site.xprotect.computers.recordingServers.isEmpty {
            tests.append(Test(test: "Smart Client through \(role): live video, playback and a test event"))
        }
        tests.append(Test(test: "Licence shown as activated in License Information"))
        switch site.sqlServer {
        case .failoverInstance:
            tests.append(Test(test: "Database backups scheduled and run once, copied outside the cluster's storage, a restore tested"))
        case .external(let sql):
            tests.append(Test(test: "Database backups agreed in writing with the database team, with the date of their last restore test"))
            // The cluster protects the management server only: the database stays on one
            // SQL Server unless its owners made it highly available themselves.
            tests.append(
                Test(
                    test: "Availability of SQL Server \(sql.connectionName) (single server, failover cluster instance or availability "
                        + "group) stated by the database team, and accepted by the customer"))
        }
        return tests
    }
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

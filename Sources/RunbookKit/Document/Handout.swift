/// Which part of a runbook a handout holds: the procedures that run on one computer, those
/// of one role, or those of one role on one computer.
///
/// A handout keeps the full runbook's numbers, so "procedure 7" means the same on every
/// handout and in the runbook, and it says where its reader must wait for work on another
/// computer or by another role, and who waits for theirs.
public struct Handout: Sendable, Hashable {
    /// The computer whose procedures it holds (`any` for the work done from any computer), or
    /// nil for every computer.
    var computer: Computer?
    /// The role whose procedures it holds, or nil for every role.
    var role: Role?

    /// A handout of one computer's procedures, one role's, or one role's on one computer.
    public init(computer: String? = nil, role: Role? = nil) {
        self.computer = computer.map { Computer($0.trimmingWhitespace()) }
        self.role = role
    }

    /// Whether it holds `procedure`. The computer is compared without regard to case.
    func holds(_ procedure: PlannedProcedure) -> Bool {
        (computer.map { procedure.computer == $0 } ?? true) && (role.map { procedure.role == $0 } ?? true)
    }

    /// The part of a file name that says which handout a file is: `for-cluster2`,
    /// `for-database-administrator`, `for-database-administrator-on-cluster2`.
    var fileNameSuffix: String {
        var words = ["for"]
        if let role { words.append(role.rawValue) }
        if role != nil && computer != nil { words.append("on") }
        if let computer { words.append(computer.description) }
        return FileNaming.slug(words.joined(separator: "-"), fallback: "handout")
    }

    /// Whom the handout is for, in words: "Cluster2", "the database administrator", "the
    /// database administrator on Cluster2". `computer` is the host as the plan spells it.
    func reader(computer spelled: Computer?) -> String {
        let person = role?.phrase
        switch (person, (spelled ?? computer)?.readerName) {
        case let (person?, host?): return "\(person) on \(host)"
        case let (person?, nil): return person
        case let (nil, host?): return host
        case (nil, nil): return "everyone"
        }
    }

    /// Problems with the handout for `plan`: a computer or role that has no procedure in the
    /// runbooks chosen, with the ones that have.
    func check(against plan: Plan, runbooks: [String]?, site: String) -> [Diagnostic] {
        let procedures = plan.runbooks.filter { runbooks?.contains($0.id) ?? true }.flatMap(\.procedures)
        var diagnostics: [Diagnostic] = []
        if let computer, !procedures.contains(where: { $0.computer == computer }) {
            var hosts: [String] = []
            for procedure in procedures {
                if let host = procedure.computer.host?.spelled, !hosts.contains(host) { hosts.append(host) }
            }
            diagnostics.append(
                Diagnostic(
                    .unknownHandout,
                    "\(site) has no procedure on '\(computer)'; the computers with procedures are \(EnglishList.joined(hosts.sorted()))"
                        + (procedures.contains { $0.computer == .any }
                            ? ", and 'any' holds the work done from any computer (checks, SQL Server and component servers)" : ""),
                    at: nil, suggestion: Spelling.suggestion(for: computer.description, among: hosts)))
        }
        if let role, !procedures.contains(where: { $0.role == role }) {
            var roles: [String] = []
            for procedure in procedures where !roles.contains(procedure.role.rawValue) { roles.append(procedure.role.rawValue) }
            diagnostics.append(
                Diagnostic(
                    .unknownHandout,
                    "\(site) has no procedure for the role '\(role.rawValue)'; the roles with procedures are \(EnglishList.joined(roles.sorted()))",
                    at: nil))
        }
        if diagnostics.isEmpty, computer != nil, role != nil, !procedures.contains(where: holds) {
            diagnostics.append(
                Diagnostic(
                    .unknownHandout,
                    "\(site) has no procedure for \(reader(computer: nil)); a handout for the computer or for the role alone has some",
                    at: nil))
        }
        return diagnostics
    }
}

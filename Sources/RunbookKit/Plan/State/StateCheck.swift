/// Walks the planned runbooks in order over a ``SiteState`` and reports, at the template line
/// that says it, every step whose expectations do not hold in the state the steps before it
/// left, every state that must never exist, and a runbook that does not end where it must.
///
/// The install runbook starts from servers with nothing on them; every other runbook starts
/// from the state the install left.
struct StateCheck {
    let site: SiteDescription
    var state: SiteState
    var diagnostics: [Diagnostic] = []
    /// The state after each step, by `runbook/procedure-id.step-id`, for `runbook plan --state`.
    var snapshots: [String: SiteState] = [:]
    /// For each fact, the step that last made it so, by its number and id.
    var provenance: [String: String] = [:]
    private var reported: Set<String> = []

    init(site: SiteDescription) {
        self.site = site
        state = SiteState(nodes: site.nodes.map(\.host), clusteredServices: ParameterScope.clusteredServiceNames(site))
    }

    /// Checks every runbook; the install first, then the others from the state it left.
    static func run(_ runbooks: [PlannedRunbook], site: SiteDescription) -> StateCheck {
        var check = StateCheck(site: site)
        let install = runbooks.first { $0.id == "install" }
        var afterInstall = check.state
        for runbook in [install].compactMap({ $0 }) + runbooks.filter({ $0.id != "install" }) {
            if runbook.id != "install" { check.state = afterInstall }
            check.walk(runbook)
            if runbook.id == "install" { afterInstall = check.state }
        }
        return check
    }

    mutating func walk(_ runbook: PlannedRunbook) {
        for (p, procedure) in runbook.procedures.enumerated() {
            let label = "procedure \(p + 1) (\(procedure.id))"
            for expectation in procedure.expects { expect(expectation, by: label) }
            for (s, step) in procedure.steps.enumerated() {
                let stepLabel = "step \(p + 1).\(s + 1) (\(procedure.id), \(step.id))"
                for expectation in step.expects { expect(expectation, by: stepLabel) }
                for effect in step.effects { apply(effect, by: stepLabel, on: procedure.computer) }
                // The procedure's own effects hold once its last step is done.
                let last = s == procedure.steps.count - 1
                if last { for effect in procedure.effects { apply(effect, by: label, on: procedure.computer) } }
                let effects = step.effects + (last ? procedure.effects : [])
                checkInvariants(after: stepLabel, at: effects.last?.location ?? procedure.location)
                snapshots["\(runbook.id)/\(procedure.id).\(step.id)"] = state
            }
        }
        for end in runbook.ends {
            for statement in expanded(end.statement) where !holds(statement) {
                report(
                    .templateEndState,
                    "the \(runbook.id) runbook must end with '\(statement)', but \(actual(statement))\(cause(statement))",
                    at: end.location)
            }
        }
    }

    // MARK: - Expectations

    mutating func expect(_ expectation: PlannedStatement, by label: String) {
        for statement in expanded(expectation.statement) where !holds(statement) {
            report(
                .templateExpectation, "\(label) expects '\(statement)', but \(actual(statement))\(cause(statement))",
                at: expectation.location)
        }
    }

    /// One statement per host for `every-node`.
    func expanded(_ statement: Statement) -> [Statement] {
        switch statement {
        case .feature(let name, let host): return state.hosts(host).map { .feature(name, host: $0) }
        case .service(let service, let host, let condition): return state.hosts(host).map { .service(service, host: $0, condition) }
        case .sqlOwner(let host): return state.hosts(host).map { .sqlOwner($0) }
        case .rolePossibleOwner(let host): return state.hosts(host).map { .rolePossibleOwner($0) }
        case .registered(let host, let name): return state.hosts(host).map { .registered(host: $0, name: name) }
        case .idpCertificate(let host): return state.hosts(host).map { .idpCertificate(host: $0) }
        default: return [statement]
        }
    }

    func holds(_ statement: Statement) -> Bool {
        switch statement {
        case .feature(let name, let host): return state.features[host.lowercased()]?.contains(name) == true
        case .service(let service, let host, let condition):
            return state.services(service).allSatisfy { name in
                let s = state.service(name, on: host)
                switch condition {
                case .installed: return s.installed
                case .removed: return !s.installed
                case .running: return s.installed && s.running
                case .stopped: return !s.running
                case .manual: return s.installed && s.manual
                case .automatic: return s.installed && !s.manual
                }
            }
        case .clusterExists: return state.cluster
        case .clusterNetworksNamed: return state.networksNamed
        case .clusterDisksNamed: return state.disksNamed
        case .witnessConfigured: return state.witness
        case .nameExists(let name): return state.names[name.lowercased()] != nil
        case .sqlInstanceInstalled: return state.sqlInstalled
        case .sqlOwner(let host): return state.sqlOwners.contains { $0.lowercased() == host.lowercased() }
        case .databaseExists, .databaseCreated: return state.databaseCreator != nil
        case .roleExists: return state.role != nil
        case .roleOnline(let host): return state.role.map { $0.online && $0.owner.lowercased() == host.lowercased() } ?? false
        case .roleOffline: return state.role.map { !$0.online } ?? false
        case .roleOnlineAnywhere: return state.role?.online == true
        case .rolePossibleOwner(let host): return state.role?.possibleOwners.contains { $0.lowercased() == host.lowercased() } == true
        case .roleRestartsHeld(let held): return state.role?.restartsHeld == held
        case .registered(let host, let name): return state.registrations[host.lowercased()]?.lowercased() == name.lowercased()
        case .registeredServices(let name): return state.registeredServices?.lowercased() == name.lowercased()
        case .idpCertificate(let host): return state.idpCertificates.contains(host.lowercased())
        }
    }

    /// What the state is, said against a statement that does not hold.
    func actual(_ statement: Statement) -> String {
        switch statement {
        case .feature(let name, let host): return "\(host) does not have \(name)"
        case .service(let service, let host, _):
            let parts = state.services(service).map { name -> String in
                let s = state.service(name, on: host)
                return !s.installed
                    ? "\(name.rawValue) is not installed"
                    : "\(name.rawValue) is \(s.running ? "running" : "stopped"), \(s.manual ? "manual" : "automatic")"
            }
            return "on \(host) " + parts.joined(separator: "; ")
        case .clusterExists, .clusterNetworksNamed, .clusterDisksNamed, .witnessConfigured:
            return state.cluster ? "the cluster is not that far yet" : "there is no cluster yet"
        case .nameExists(let name): return "no step has created the name \(name)"
        case .sqlInstanceInstalled: return "SQL Server is not installed yet"
        case .sqlOwner(let host):
            return "the SQL Server instance can run on " + (state.sqlOwners.isEmpty ? "no node" : state.sqlOwners.joined(separator: ", "))
                + ", not \(host)"
        case .databaseExists, .databaseCreated: return "no management server has created the database yet"
        case .roleExists, .roleOnline, .roleOffline, .roleRestartsHeld, .roleOnlineAnywhere, .rolePossibleOwner:
            guard let role = state.role else { return "the role does not exist yet" }
            return "the role is \(role.online ? "online" : "offline") on \(role.owner)" + (role.restartsHeld ? " with its restarts held" : "")
        case .registered(let host, _):
            return state.registrations[host.lowercased()].map { "\(host) is registered with \($0)" } ?? "\(host) is not registered with the role"
        case .registeredServices: return state.registeredServices.map { "they point at \($0)" } ?? "they were never pointed at the role"
        case .idpCertificate(let host): return "\(host) has no IDP certificate"
        }
    }

    /// "; step X made it so", or "; no earlier step makes it so".
    func cause(_ statement: Statement) -> String {
        provenance[Self.fact(statement)].map { "; \($0) made it so" } ?? "; no earlier step makes it so"
    }

    /// The fact a statement is about, for provenance.
    static func fact(_ statement: Statement) -> String {
        switch statement {
        case .feature(let name, let host): return "feature \(name) \(host.lowercased())"
        case .service(_, let host, _): return "services \(host.lowercased())"
        case .clusterExists, .clusterNetworksNamed, .clusterDisksNamed, .witnessConfigured: return "cluster"
        case .nameExists(let name): return "name \(name.lowercased())"
        case .sqlInstanceInstalled, .sqlOwner: return "sql"
        case .databaseExists, .databaseCreated: return "database"
        case .roleExists, .roleOnline, .roleOffline, .roleRestartsHeld, .roleOnlineAnywhere, .rolePossibleOwner: return "role"
        case .registered(let host, _): return "registered \(host.lowercased())"
        case .registeredServices: return "registered-services"
        case .idpCertificate(let host): return "idp \(host.lowercased())"
        }
    }

    /// Says a problem once: `once` names it apart from the step where it shows (a state that
    /// lasts over many steps is reported at the first).
    mutating func report(_ id: DiagnosticID, _ message: String, at location: SourceLocation?, once: String? = nil) {
        let key = once.map { "\(id.rawValue)|\($0)" } ?? "\(id.rawValue)|\(location?.description ?? "")|\(message)"
        guard reported.insert(key).inserted else { return }
        diagnostics.append(Diagnostic(id, message, at: location))
    }
}

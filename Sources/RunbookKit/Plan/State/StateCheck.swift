/// Walks the planned runbooks in order over a ``SiteState`` and reports, at the template line
/// that says it, every step whose expectations do not hold in the state the steps before it
/// left, every state that must never exist, and a runbook that does not end where it must.
///
/// The install runbook starts from servers with nothing on them; every other runbook starts
/// from the state the install left.
struct StateCheck {
    /// The step that last made a fact so.
    struct Cause: Hashable {
        var label: String
        var runbook: String
        var procedure: String
        var location: SourceLocation
    }

    let site: SiteDescription
    var state: SiteState
    var diagnostics: [Diagnostic] = []
    /// The state after the steps named in ``keep``, by `runbook/procedure-id.step-id`, for
    /// `runbook plan --state`. Only those: a copy of the state at every step would cost memory
    /// in proportion to steps times computers.
    var snapshots: [String: SiteState] = [:]
    var keep: Set<String> = []
    /// For each fact (``fact(_:)``), the step that last made it so.
    var provenance: [StateFact: Cause] = [:]
    /// The runbook being walked, and for each of its procedures every procedure it comes after.
    var runbook = ""
    var before: [String: Set<String>] = [:]
    var reported: Set<String> = []

    init(site: SiteDescription) {
        self.site = site
        state = SiteState(nodes: site.nodes.map { HostName($0.host) }, clusteredServices: ParameterScope.clusteredServiceNames(site))
        // The nodes and the XProtect computers are in DNS before anything starts.
        let hosts = site.nodes.map(\.host) + site.xprotect.computers.groups.flatMap { $0.computers.map(\.host) }
        for host in hosts { state.addName(host) }
        // An existing system runs today: its management server and companions on a computer
        // of their own, every component registered with it, its databases on its SQL Server.
        if let existing = site.xprotect.system?.existing {
            let old = existing.managementServer
            state.addName(old)
            state.existingManagementServer = HostName(old)
            for name in [Statement.ServiceName.managementServer, .eventServer, .logServer, .dataCollector] {
                state.services[HostName(old), default: [:]][name] = SiteState.Service(installed: true, running: true, manual: false)
            }
            for host in site.xprotect.computers.groups.flatMap({ $0.computers.map(\.host) }) {
                state.registrations[HostName(host)] = old
            }
            state.registeredServices = old
            // Databases on the SQL Server instance the cluster uses stay there: they exist from the start.
            if site.existingDatabasesStay { state.databaseCreator = "the existing system on \(old)" }
        }
    }

    /// Checks every runbook, in the catalog's order: each from the state the runbook it starts
    /// from left (`starts-from` in its `runbook.yaml`, an earlier runbook), or from the site
    /// before the install.
    static func run(_ runbooks: [PlannedRunbook], site: SiteDescription, keeping keep: Set<String> = []) -> StateCheck {
        var check = StateCheck(site: site)
        check.keep = keep
        let initial = check.state
        var ended: [String: SiteState] = [:]
        for runbook in runbooks {
            check.state = runbook.startsFrom.flatMap { ended[$0] } ?? initial
            check.walk(runbook)
            ended[runbook.id] = check.state
        }
        return check
    }

    mutating func walk(_ runbook: PlannedRunbook) {
        self.runbook = runbook.id
        before = Self.transitivePrerequisites(runbook.procedures)
        for (p, procedure) in runbook.procedures.enumerated() {
            let label = "\(runbook.id) procedure \(p + 1) (\(procedure.id))"
            for expectation in procedure.expects { expect(expectation, by: label, in: procedure) }
            for (s, step) in procedure.steps.enumerated() {
                let stepLabel = "\(runbook.id) step \(p + 1).\(s + 1) (\(procedure.id), \(step.id))"
                for expectation in step.expects { expect(expectation, by: stepLabel, in: procedure) }
                for effect in step.effects { apply(effect, by: stepLabel, in: procedure) }
                // The procedure's own effects hold once its last step is done.
                let last = s == procedure.steps.count - 1
                if last { for effect in procedure.effects { apply(effect, by: label, in: procedure) } }
                let effects = step.effects + (last ? procedure.effects : [])
                checkInvariants(after: stepLabel, at: effects.last?.location ?? procedure.location)
                if !keep.isEmpty {
                    let key = "\(runbook.id)/\(procedure.id).\(step.id)"
                    if keep.contains(key) { snapshots[key] = state }
                }
            }
            if procedure.steps.isEmpty {
                for effect in procedure.effects { apply(effect, by: label, in: procedure) }
                checkInvariants(after: label, at: procedure.effects.last?.location ?? procedure.location)
            }
        }
        for end in runbook.ends {
            for statement in expanded(end.statement) where !holds(statement) {
                report(
                    .templateEndState, "the \(runbook.id) runbook must end with '\(statement)', but \(actual(statement))",
                    at: end.location, cause: cause(statement))
            }
        }
    }

    /// For each procedure, every procedure it follows through its requirements.
    static func transitivePrerequisites(_ procedures: [PlannedProcedure]) -> [String: Set<String>] {
        var result: [String: Set<String>] = [:]
        for procedure in procedures {
            var all = Set(procedure.prerequisites)
            for prerequisite in procedure.prerequisites { all.formUnion(result[prerequisite] ?? []) }
            result[procedure.id] = all
        }
        return result
    }

    // MARK: - Expectations

    mutating func expect(_ expectation: PlannedStatement, by label: String, in procedure: PlannedProcedure) {
        for statement in expanded(expectation.statement) {
            guard holds(statement) else {
                report(
                    .templateExpectation, "\(label) expects '\(statement)', but \(actual(statement))", at: expectation.location,
                    cause: cause(statement))
                continue
            }
            requireOrder(of: statement, by: label, in: procedure, at: expectation.location)
        }
    }

    /// A fact that a procedure relies on must come from a procedure it follows through its
    /// requirements: the printed order alone could change, and the runbook's "After" says
    /// what may run before what.
    mutating func requireOrder(of statement: Statement, by label: String, in procedure: PlannedProcedure, at location: SourceLocation) {
        guard let cause = provenance[fact(statement)], cause.runbook == runbook, cause.procedure != procedure.id,
            !(before[procedure.id] ?? []).contains(cause.procedure)
        else { return }
        report(
            .templateExpectation,
            "\(label) relies on '\(statement)', which \(cause.label) makes so, but nothing it requires comes after \(cause.procedure); require what that procedure provides",
            at: location, cause: cause)
    }

    /// One statement per host for `every-node`.
    func expanded(_ statement: Statement) -> [Statement] {
        switch statement {
        case .feature(let name, let host): return state.hosts(host).map { .feature(name, host: $0) }
        case .service(let service, let host, let condition):
            return state.hosts(host).flatMap { host in state.services(service).map { .service($0, host: host, condition) } }
        case .sqlOwner(let host): return state.hosts(host).map { .sqlOwner($0) }
        case .rolePossibleOwner(let host): return state.hosts(host).map { .rolePossibleOwner($0) }
        case .registered(let host, let name): return state.hosts(host).map { .registered(host: $0, name: name) }
        case .idpCertificate(let host): return state.hosts(host).map { .idpCertificate(host: $0) }
        default: return [statement]
        }
    }

    func holds(_ statement: Statement) -> Bool {
        switch statement {
        case .feature(let name, let host): return state.features[host]?.contains(name) == true
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
        case .nameExists(let name): return state.hasName(name)
        case .sqlInstanceInstalled: return state.sqlInstalled
        case .sqlOwner(let host): return state.sqlOwners.contains(host)
        case .databaseExists, .databaseCreated, .databaseRestored: return state.databaseCreator != nil
        case .databaseBackedUp: return state.databaseBackedUp
        case .roleExists: return state.role != nil
        case .roleOnline(let host): return state.role.map { $0.online && $0.owner == host } ?? false
        case .roleOffline: return state.role.map { !$0.online } ?? false
        case .roleOnlineAnywhere: return state.role?.online == true
        case .rolePossibleOwner(let host): return state.role?.possibleOwners.contains(host) == true
        case .roleRestartsHeld(let held): return state.role?.restartsHeld == held
        case .registered(let host, let name):
            return state.registrations[host].map { state.sameName($0, name) } ?? false
        case .registeredServices(let name): return state.registeredServices.map { state.sameName($0, name) } ?? false
        case .idpCertificate(let host): return state.idpCertificates.contains(host)
        }
    }

    /// What the state is, said against a statement that does not hold.
    func actual(_ statement: Statement) -> String {
        switch statement {
        case .feature(let name, let host): return "\(host) does not have \(name)"
        case .service(let name, let host, _):
            let s = state.service(name, on: host)
            return !s.installed
                ? "\(name.rawValue) is not installed on \(host)"
                : "\(name.rawValue) is \(s.running ? "running" : "stopped") and \(s.manual ? "manual" : "automatic") on \(host)"
        case .clusterExists, .clusterNetworksNamed, .clusterDisksNamed, .witnessConfigured:
            return state.cluster ? "the cluster is not that far yet" : "there is no cluster yet"
        case .nameExists(let name): return "no step has created the name \(name)"
        case .sqlInstanceInstalled: return "SQL Server is not installed yet"
        case .sqlOwner(let host):
            return "the SQL Server instance can run on " + (state.sqlOwners.isEmpty ? "no node" : EnglishList.joined(state.sqlOwners.map(\.spelled)))
                + ", not on \(host)"
        case .databaseExists, .databaseCreated, .databaseRestored:
            return state.existingManagementServer == nil
                ? "no management server has created the database yet" : "the existing system's databases are not restored in the cluster yet"
        case .databaseBackedUp: return "the existing system's databases are not backed up"
        case .roleExists, .roleOnline, .roleOffline, .roleRestartsHeld, .roleOnlineAnywhere, .rolePossibleOwner:
            guard let role = state.role else { return "the role does not exist yet" }
            return "the role is \(role.online ? "online" : "offline") on \(role.owner)" + (role.restartsHeld ? " with its restarts held" : "")
        case .registered(let host, _):
            return state.registrations[host].map { "\(host) is registered with \($0)" } ?? "\(host) is not registered"
        case .registeredServices: return state.registeredServices.map { "they point at \($0)" } ?? "they were never pointed at the role"
        case .idpCertificate(let host): return "\(host) has no IDP certificate"
        }
    }

    /// The step that last made the fact so, if one did.
    func cause(_ statement: Statement) -> Cause? { provenance[fact(statement)] }

    /// What a statement is about, for provenance: one service on one host, one name...
    enum StateFact: Hashable {
        case feature(String, HostName)
        case service(Statement.ServiceName, HostName)
        case cluster
        case name(HostName)
        case sqlInstance
        case sqlOwner(HostName)
        case database
        case databaseBackup
        case role
        case registered(HostName)
        case registeredServices
        case idpCertificate(HostName)
    }

    /// The fact a statement is about.
    func fact(_ statement: Statement) -> StateFact {
        switch statement {
        case .feature(let name, let host): return .feature(name, host)
        case .service(let service, let host, _): return .service(service, host)
        case .clusterExists, .clusterNetworksNamed, .clusterDisksNamed, .witnessConfigured: return .cluster
        case .nameExists(let name): return .name(HostName(droppingDomainOf: name))
        case .sqlInstanceInstalled: return .sqlInstance
        case .sqlOwner(let host): return .sqlOwner(host)
        case .databaseExists, .databaseCreated, .databaseRestored: return .database
        case .databaseBackedUp: return .databaseBackup
        case .roleExists, .roleOnline, .roleOffline, .roleRestartsHeld, .roleOnlineAnywhere, .rolePossibleOwner: return .role
        case .registered(let host, _): return .registered(host)
        case .registeredServices: return .registeredServices
        case .idpCertificate(let host): return .idpCertificate(host)
        }
    }

    /// Says a problem once: `once` names it apart from the step where it shows (a state that
    /// lasts over many steps is reported at the first). The step that made the state so, if
    /// any, is a note at its own line.
    mutating func report(_ id: DiagnosticID, _ message: String, at location: SourceLocation?, once: String? = nil, cause: Cause? = nil) {
        let key = "\(runbook)|" + (once.map { "\(id.rawValue)|\($0)" } ?? "\(id.rawValue)|\(location?.description ?? "")|\(message)")
        guard reported.insert(key).inserted else { return }
        let notes = cause.map { [Diagnostic.Note("\($0.label) made it so", at: $0.location)] } ?? []
        let message = message + (cause == nil && id != .templateInvariant ? "; no earlier step makes it so" : "")
        diagnostics.append(Diagnostic(id, message, at: location, notes: notes))
    }
}

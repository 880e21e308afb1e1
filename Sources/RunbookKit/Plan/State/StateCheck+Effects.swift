extension StateCheck {
    /// Makes a step's effect true in the state. An effect that cannot happen (a service started
    /// where it is not installed, a second database, a registration with a name that does not
    /// exist) is reported as a state that must never exist.
    mutating func apply(_ effect: PlannedStatement, by label: String, in procedure: PlannedProcedure) {
        if case .roleOnlineAnywhere = effect.statement {
            return report(
                .templateStatement, "'role online' names no node, so it can only be expected; as an effect write role online on HOST",
                at: effect.location)
        }
        let cause = Cause(label: label, runbook: runbook, procedure: procedure.id, location: effect.location)
        for statement in expanded(effect.statement) {
            apply(statement, cause: cause, on: procedure)
            provenance[fact(statement)] = cause
        }
    }

    private mutating func apply(_ statement: Statement, cause: Cause, on procedure: PlannedProcedure) {
        func never(_ message: String) { report(.templateInvariant, "\(cause.label): \(message)", at: cause.location) }
        switch statement {
        case .feature(let name, let host):
            state.features[host, default: []].insert(name)
        case .service(let name, let host, let condition):
            var s = state.service(name, on: host)
            switch condition {
            case .installed: s = SiteState.Service(installed: true, running: true, manual: false)
            case .removed:
                s = SiteState.Service()
                if name == .managementServer {
                    // A new install registers anew and reads its own IDP settings.
                    state.registrations[host] = nil
                    state.idpCertificates.remove(host)
                }
            case .running:
                guard s.installed else { return never("\(name.rawValue) cannot run on \(host), where it is not installed") }
                s.running = true
            case .stopped: s.running = false
            case .manual: s.manual = true
            case .automatic: s.manual = false
            }
            state.services[host, default: [:]][name] = s
        case .clusterExists: state.cluster = true
        case .clusterNetworksNamed: state.networksNamed = true
        case .clusterDisksNamed: state.disksNamed = true
        case .witnessConfigured: state.witness = true
        case .nameExists(let name): state.addName(name)
        case .sqlInstanceInstalled: state.sqlInstalled = true
        case .sqlOwner(let host):
            if !state.sqlOwners.contains(host) { state.sqlOwners.append(host) }
        case .databaseExists:
            if state.databaseCreator == nil { never("'database exists' creates nothing; write database created where the database is created") }
        case .databaseCreated:
            if let old = state.existingManagementServer {
                never("a new database would leave behind the configuration of the existing system on \(old); every node uses that system's databases")
            } else if let creator = state.databaseCreator {
                never("a second database would replace or split the configuration that \(creator) created; every later node uses it")
            } else {
                state.databaseCreator = procedure.computer.description
            }
        case .databaseBackedUp:
            guard let old = state.existingManagementServer else { return never("there is no existing system whose databases could be backed up") }
            if state.service(.managementServer, on: old).running {
                never("the databases are backed up while the management server on \(old) still runs; what changes after the backup is lost")
            }
            state.databaseBackedUp = true
        case .databaseRestored:
            guard let old = state.existingManagementServer else { return never("there is no existing system whose databases could be restored") }
            if !state.databaseBackedUp { never("the databases are restored before they are backed up") }
            if let creator = state.databaseCreator {
                never("the restore would replace the configuration that \(creator) created")
            } else {
                state.databaseCreator = "the backup of \(old)"
            }
        case .roleExists:
            // The role's wizard runs on a node; a template that says "any" leaves it unnamed.
            state.role = SiteState.ManagementRole(
                owner: procedure.computer.host ?? HostName(procedure.computer.description), online: false, possibleOwners: state.nodes)
        case .roleOnline(let host):
            if let problem = moveRole(to: host) { never(problem) }
        case .roleOffline:
            guard var role = state.role else { return never("the role cannot go offline: it does not exist") }
            setClustered(on: role.owner, running: false)
            role.online = false
            state.role = role
        case .roleOnlineAnywhere: break
        case .rolePossibleOwner(let host):
            guard state.role != nil else { return never("\(host) cannot become a possible owner of a role that does not exist") }
            if state.role?.possibleOwners.contains(host) == false {
                state.role?.possibleOwners.append(host)
            }
        case .roleRestartsHeld(let held):
            guard state.role != nil else { return never("the role's restarts cannot be \(held ? "held" : "given back"): the role does not exist") }
            state.role?.restartsHeld = held
        case .registered(let host, let name):
            checkName(name, for: "\(host) registers with", never: never)
            state.registrations[host] = name
        case .registeredServices(let name):
            checkName(name, for: "the registered services point at", never: never)
            state.registeredServices = name
        case .idpCertificate(let host):
            state.idpCertificates.insert(host)
        }
    }

    /// The cluster stops the role's services on the node it leaves and starts them on the node
    /// it comes to; nothing else changes on the other nodes.
    /// Nil when the role came online on `host`; otherwise why it cannot.
    private mutating func moveRole(to host: HostName) -> String? {
        guard var role = state.role else { return "the role cannot come online on \(host): it does not exist" }
        guard role.possibleOwners.contains(host) else {
            return "the role cannot come online on \(host): it is not one of its possible owners"
        }
        guard state.service(.managementServer, on: host).installed else {
            return "the role cannot come online on \(host): no management server is installed there"
        }
        if role.online && role.owner != host { setClustered(on: role.owner, running: false) }
        setClustered(on: host, running: true)
        role.owner = host
        role.online = true
        state.role = role
        return nil
    }

    private mutating func setClustered(on host: HostName, running: Bool) {
        for name in state.clusteredServices where state.service(name, on: host).installed {
            state.services[host, default: [:]][name]?.running = running
        }
    }

    /// Nothing registers with a name that does not exist yet; once the role exists, only with its name.
    private func checkName(_ name: String, for what: String, never: (String) -> Void) {
        if !state.hasName(name) {
            never("\(what) \(name), a name that does not exist yet")
        } else if state.role != nil && !state.sameName(name, site.xprotect.role.name) {
            never("\(what) \(name), but once the role exists only its name, \(site.xprotect.role.name), reaches the management server")
        }
    }

    // MARK: - Invariants

    /// What must hold after every step: never two management servers against the database, and
    /// no other clustered service on two nodes at once; while the role is online, its services
    /// run only on its owner and start manually on every node (the upgrade reinstalls a node
    /// with the role offline, and the installer leaves its services automatic until the
    /// services procedure sets them back).
    mutating func checkInvariants(after label: String, at location: SourceLocation?) {
        if let old = state.existingManagementServer, state.service(.managementServer, on: old).running {
            let nodes = state.nodes.filter { state.service(.managementServer, on: $0).running }
            if !nodes.isEmpty {
                report(
                    .templateInvariant,
                    "after \(label), the existing system's management server on \(old) still runs beside the one on \(EnglishList.joined(nodes.map(\.spelled))); only one management server of a system may run",
                    at: location, once: "existing \(old)")
            }
        }
        for name in state.clusteredServices {
            let running = state.nodes.filter { state.service(name, on: $0).running }
            guard running.count > 1 else { continue }
            let message =
                name == .managementServer
                ? "management servers run on \(EnglishList.joined(running.map(\.spelled))) at once; only one may work against the site's database"
                : "\(name.rawValue) runs on \(EnglishList.joined(running.map(\.spelled))) at once; only the node that owns the role may run it"
            report(.templateInvariant, "after \(label), " + message, at: location, once: "twice \(name.rawValue) \(running)")
        }
        guard let role = state.role, role.online else { return }
        for node in state.nodes {
            for name in state.clusteredServices {
                let s = state.service(name, on: node)
                guard s.installed else { continue }
                if s.running && node != role.owner {
                    report(
                        .templateInvariant,
                        "after \(label), \(name.rawValue) runs on \(node) outside the cluster while the role runs on \(role.owner)",
                        at: location, once: "outside \(name.rawValue) \(node)")
                }
                if !s.manual {
                    report(
                        .templateInvariant,
                        "after \(label), \(name.rawValue) starts automatically on \(node) while the role runs it; set it to manual",
                        at: location, once: "automatic \(name.rawValue) \(node)")
                }
            }
        }
    }
}

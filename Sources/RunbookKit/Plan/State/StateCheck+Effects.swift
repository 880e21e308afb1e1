extension StateCheck {
    /// Makes a step's effect true in the state. An effect that cannot happen (a service started
    /// where it is not installed, a second database, a registration with a name that does not
    /// exist) is reported as a state that must never exist.
    mutating func apply(_ effect: PlannedStatement, by label: String, on computer: String) {
        for statement in expanded(effect.statement) {
            let before = diagnostics.count
            apply(statement, by: label, on: computer, at: effect.location)
            // Only an effect that took place explains a later state.
            if diagnostics.count == before { provenance[Self.fact(statement)] = label }
        }
    }

    private mutating func apply(_ statement: Statement, by label: String, on computer: String, at location: SourceLocation) {
        func never(_ message: String) { report(.templateInvariant, "\(label): \(message)", at: location) }
        switch statement {
        case .feature(let name, let host):
            state.features[host.lowercased(), default: []].insert(name)
        case .service(let service, let host, let condition):
            for name in state.services(service) {
                var s = state.service(name, on: host)
                switch condition {
                case .installed: s = SiteState.Service(installed: true, running: true, manual: false)
                case .removed: s = SiteState.Service()
                case .running:
                    guard s.installed else {
                        never("\(name.rawValue) cannot run on \(host), where it is not installed")
                        continue
                    }
                    s.running = true
                case .stopped: s.running = false
                case .manual: s.manual = true
                case .automatic: s.manual = false
                }
                state.services[host.lowercased(), default: [:]][name] = s
            }
        case .clusterExists: state.cluster = true
        case .clusterNetworksNamed: state.networksNamed = true
        case .clusterDisksNamed: state.disksNamed = true
        case .witnessConfigured: state.witness = true
        case .nameExists(let name): state.names[name.lowercased()] = name
        case .sqlInstanceInstalled: state.sqlInstalled = true
        case .sqlOwner(let host):
            if !state.sqlOwners.contains(where: { $0.lowercased() == host.lowercased() }) { state.sqlOwners.append(host) }
        case .databaseExists: break
        case .databaseCreated:
            if let creator = state.databaseCreator {
                never("a second database would replace or split the configuration that \(creator) created; every later node uses it")
            } else {
                state.databaseCreator = computer
            }
        case .roleExists:
            state.role = SiteState.Role(owner: computer, online: false, possibleOwners: state.nodes)
        case .roleOnline(let host):
            guard var role = state.role else { return never("the role cannot come online on \(host): it does not exist") }
            for node in state.nodes {
                for name in state.clusteredServices where state.service(name, on: node).installed {
                    // The cluster stops the role's services where it leaves and starts them where it goes.
                    state.services[node.lowercased(), default: [:]][name]?.running = node.lowercased() == host.lowercased()
                }
            }
            if !state.service(.managementServer, on: host).installed {
                never("the role cannot run on \(host): no management server is installed there")
            }
            role.owner = host
            role.online = true
            state.role = role
        case .roleOffline:
            guard var role = state.role else { return never("the role cannot go offline: it does not exist") }
            for name in state.clusteredServices where state.service(name, on: role.owner).installed {
                state.services[role.owner.lowercased(), default: [:]][name]?.running = false
            }
            role.online = false
            state.role = role
        case .roleOnlineAnywhere:
            never("'role online' names no node; write role online on HOST as an effect")
        case .rolePossibleOwner(let host):
            if state.role?.possibleOwners.contains(host) == false { state.role?.possibleOwners.append(host) }
        case .roleRestartsHeld(let held):
            state.role?.restartsHeld = held
        case .registered(let host, let name):
            checkName(name, for: "\(host) registers", never: never)
            state.registrations[host.lowercased()] = name
            state.registeredHosts[host.lowercased()] = host
        case .registeredServices(let name):
            checkName(name, for: "the registered services point", never: never)
            state.registeredServices = name
        case .idpCertificate(let host):
            state.idpCertificates.insert(host.lowercased())
        }
    }

    /// Nothing registers with a name that does not exist yet; once the role exists, only with its name.
    private func checkName(_ name: String, for what: String, never: (String) -> Void) {
        if state.names[name.lowercased()] == nil {
            never("\(what) with \(name), a name that does not exist yet")
        } else if state.role != nil && name.lowercased() != site.xprotect.role.name.lowercased()
            && !name.lowercased().hasPrefix(site.xprotect.role.name.lowercased() + ".")
        {
            never("\(what) with \(name), but once the role exists only its name, \(site.xprotect.role.name), reaches the management server")
        }
    }

    // MARK: - Invariants

    /// What must hold after every step: never two management servers against the database;
    /// while the role is online, its services run only on its owner and start manually on
    /// every node.
    mutating func checkInvariants(after label: String, at location: SourceLocation?) {
        let running = state.runningManagementServers
        if running.count > 1 {
            report(
                .templateInvariant,
                "after \(label), management servers run on \(EnglishList.joined(running)) at once; only one may work against the site's database",
                at: location, once: "two management servers \(running)")
        }
        guard let role = state.role, role.online else { return }
        for node in state.nodes {
            for name in state.clusteredServices {
                let s = state.service(name, on: node)
                guard s.installed else { continue }
                if s.running && node.lowercased() != role.owner.lowercased() {
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

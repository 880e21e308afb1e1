extension ParameterScope {
    /// A Windows service by the name Services shows and the key name commands take
    /// (Microsoft: a Generic Service resource's `ServiceName` is the key name).
    struct Service {
        var name: String
        var key: String

        static let managementServer = Service(name: "Milestone XProtect Management Server", key: "Milestone XProtect Management Server")
        static let eventServer = Service(name: "Milestone XProtect Event Server", key: "MilestoneEventServerService")
        static let logServer = Service(name: "Milestone XProtect Log Server", key: "Milestone XProtect Log Server")
        static let dataCollector = Service(
            name: "Milestone XProtect Data Collector Server", key: "Milestone XProtect Data Collector Server")

        var value: ParameterValue { .record(["name": .text(name, .service), "key": .text(key, .service)]) }
    }

    /// The services the role runs at this site, as statements name them, in stopping order.
    static func clusteredServiceNames(_ site: SiteDescription) -> [Statement.ServiceName] {
        (site.xprotect.computers.eventServers.isEmpty ? [.eventServer] : []) + (site.xprotect.computers.logServers.isEmpty ? [.logServer] : [])
            + [.dataCollector, .managementServer]
    }

    static func xprotect(_ site: SiteDescription) -> ParameterValue {
        let x = site.xprotect
        func fqdn(_ host: String) -> String { HostName(host).fqdn(in: site.domain.name) }
        let roleFQDN = fqdn(x.role.name)
        func computer(_ computer: ComponentComputer, _ component: String) -> ParameterValue {
            .record([
                "host": .text(computer.host, .computerName), "address": .text(computer.address ?? "", .address),
                "component": .plain(component),
            ])
        }
        let groups = x.computers.groups
        var computerFields: [String: ParameterValue] = [:]
        for group in groups { computerFields[group.key] = .list(group.computers.map { computer($0, group.title) }) }
        let components = groups.filter { !$0.key.contains("recording") }.flatMap { group in group.computers.map { computer($0, group.title) } }

        // One placement per component: an event server or log server listed among the
        // computers runs there, so the role does not run one and its registered URL names
        // that computer.
        let separateEventServer = x.computers.eventServers.first
        let separateLogServer = x.computers.logServers.first
        let separateAPIGateway = x.computers.apiGateways.first
        // Components the nodes do not install because the site runs them on computers of
        // their own (the guide installs every component but the recording server and the
        // Smart Client on the nodes).
        let separate = [
            (x.computers.eventServers, "event server"), (x.computers.logServers, "log server"),
            (x.computers.mobileServers, "mobile server"), (x.computers.apiGateways, "API gateway"),
        ].filter { !$0.0.isEmpty }.map(\.1)
        // Stopped in this order, so no service stops before one that may depend on it.
        let clustered = clusteredServiceNames(site).map(Service.init)
        let companions = clustered.filter { $0.key != Service.managementServer.key }

        func host(of service: RegisteredService) -> String {
            // The guide's names, in any case: a service the site spells "Log server" is the log server.
            switch service.name.lowercased() {
            case "event server": return separateEventServer.map { fqdn($0.host) } ?? roleFQDN
            case "log server": return separateLogServer.map { fqdn($0.host) } ?? roleFQDN
            case "api gateway": return separateAPIGateway.map { fqdn($0.host) } ?? roleFQDN
            default: return roleFQDN
            }
        }
        var fields: [ParameterValue] = []
        let services = x.registeredServices.map { service -> ParameterValue in
            let host = host(of: service)
            let urls = service.endpoints.map { $0.url(host: host) }
            for (endpoint, url) in zip(service.endpoints, urls) {
                let field = service.endpoints.count > 1 ? "\(service.name) (\(endpoint.scheme))" : service.name
                fields.append(
                    .record(["service": .plain(service.name), "field": .plain(field), "scheme": .plain(endpoint.scheme), "url": .text(url, .url)]))
            }
            return .record([
                "name": .plain(service.name), "urls": .list(urls.map { .text($0, .url) }),
                "url-list": .list(urls.map { .text($0, .url) }), "host": .text(host, .domainName),
            ])
        }

        return .record([
            "system": .plain(x.system?.existing == nil ? "new" : "existing"),
            "new-system": .plain(x.system?.existing == nil ? "yes" : ""),
            "existing": existingSystem(site),
            "product": .plain(x.product), "product-name": .plain("XProtect \(x.product)"), "version": .plain(x.version),
            "upgrade-version": .plain(x.upgradeVersion ?? ""),
            // The version an upgrade installs, in a sentence: its number where the site gives one.
            "upgrade-target": .plain(x.upgradeVersion ?? "the new version"),
            "service-account": .text(x.serviceAccount, .account),
            "role": .record([
                "name": .text(x.role.name, .computerName), "fqdn": .text(roleFQDN, .domainName),
                "address": .text(x.role.address, .address), "url": .text("http://\(roleFQDN)/", .url),
            ]),
            "failover-policy": .record([
                "failures": .text(String(x.failoverPolicy.failures), .number),
                "period-hours": .text(String(x.failoverPolicy.periodHours), .number),
            ]),
            "registered-services": .list(services),
            "registered-service-fields": .list(fields),
            "idp-certificate-thumbprint": .plain(x.idpCertificateThumbprint ?? ""),
            // Milestone documents signing in through an external IDP from 2022 R3 on.
            "external-idp": .plain(XProtectVersion(x.version).map { $0 >= XProtectVersion.firstWithExternalIDP } == true ? "yes" : ""),
            // The nodes that must hold the IDP certificate: every node, where the site has one.
            "idp-nodes": .list(x.idpCertificateThumbprint == nil ? [] : site.nodes.map { .text($0.host, .computerName) }),
            "computers": .record(computerFields),
            "component-computers": .list(components),
            "all-hosts": .list(groups.flatMap { group in group.computers.map { ParameterValue.text($0.host, .computerName) } }),
            "recording-server-groups": .list(computerGroups(x.computers.recordingServers, kind: "Recording servers", component: "Recording server")),
            "failover-recording-server-groups": .list(
                computerGroups(
                    x.computers.failoverRecordingServers, kind: "Failover recording servers", component: "Failover recording server",
                    pairedWith: (x.computers.recordingServers, "Recording servers"))),
            "computer-groups": .list(
                groups.flatMap { group in computerGroups(group.computers, kind: plural(of: group.key), component: group.title) }),
            "component-groups": .list(
                groups.filter { !$0.key.contains("recording") }.flatMap { group in
                    computerGroups(
                        group.computers, kind: plural(of: group.key), component: group.title,
                        reachesSQL: ["event-servers", "log-servers"].contains(group.key))
                }),
            // The computers of their own that work against the site's databases: an event server
            // or a log server outside the role. The upgrade stops them before the databases are
            // upgraded and upgrades them after.
            "separate-database-servers": .list(
                x.computers.eventServers.map { separateServer($0, component: "event server", service: .eventServer) }
                    + x.computers.logServers.map { separateServer($0, component: "log server", service: .logServer) }),
            "event-server-clustered": .plain(separateEventServer == nil ? "yes" : ""),
            // What depends on the management server resource in the role, in prose.
            "dependent-service-names": .plain(separateEventServer == nil ? "the event server and the data collector" : "the data collector"),
            "log-server-clustered": .plain(separateLogServer == nil ? "yes" : ""),
            "separate-components": .list(separate.map { .plain($0) }),
            // The services added to the role beside the management server, and every service
            // the cluster runs, which no node may start on its own.
            "cluster-services": .list(companions.map(\.value)),
            "clustered-services": .list(clustered.map(\.value)),
            "clustered-service-keys": .plain(clustered.map { PowerShell.quoted($0.key) }.joined(separator: ", ")),
            "management-service": Service.managementServer.value,
            "event-service": Service.eventServer.value,
            "data-collector-service": Service.dataCollector.value,
        ])
    }

    /// A computer of its own with a component that works against the site's databases.
    static func separateServer(_ computer: ComponentComputer, component: String, service: Service) -> ParameterValue {
        .record([
            "host": .text(computer.host, .computerName), "component": .plain(component),
            "service-name": .text(service.name, .service), "service-key": .text(service.key, .service),
        ])
    }

    /// The running system the cluster takes over; every key is there, empty for a new system.
    static func existingSystem(_ site: SiteDescription) -> ParameterValue {
        let existing = site.xprotect.system?.existing
        func fqdn(_ host: String) -> String { HostName(host).fqdn(in: site.domain.name) }
        let staysOnServer = site.existingDatabasesStay
        let external: ExternalSQLServer? = {
            if case .external(let server) = site.sqlServer { return server }
            return nil
        }()
        let upgrades =
            existing.flatMap { XProtectVersion($0.version) }.map { old in
                XProtectVersion(site.xprotect.version).map { old < $0 } ?? false
            } ?? false
        return .record([
            "management-server": .text(existing?.managementServer ?? "", .computerName),
            "management-server-fqdn": .text(fqdn(existing?.managementServer ?? ""), .domainName),
            // A list of one, or none: statements about it vanish at a new system.
            "management-servers": .list(existing.map { [.text($0.managementServer, .computerName)] } ?? []),
            "sql-host": .text(existing?.sqlServer ?? "", .computerName),
            // Where the databases stay, the name the cluster itself uses for that SQL Server (a
            // static port needs no SQL Server Browser).
            "sql-server": .text(staysOnServer ? external?.connectionName ?? "" : existing?.sqlServerName ?? "", .computerName),
            "version": .plain(existing?.version ?? ""),
            "backup-folder": .text(existing?.backupFolder ?? "", .path),
            "databases-move": .plain(existing != nil && !staysOnServer ? "yes" : ""),
            // The SQL Server whose databases move, as a list of one, or none where they stay:
            // the rehearsal of their restore is required only where there is one.
            "moved-from": .list(existing.map { staysOnServer ? [] : [.text($0.sqlServer, .computerName)] } ?? []),
            "databases-stay": .plain(staysOnServer ? "yes" : ""),
            "upgrades-database": .plain(upgrades ? "yes" : ""),
        ])
    }

    /// The name of a kind of computer in a heading: "Mobile servers".
    static func plural(of key: String) -> String {
        switch key {
        case "recording-servers": return "Recording servers"
        case "failover-recording-servers": return "Failover recording servers"
        case "mobile-servers": return "Mobile servers"
        case "event-servers": return "Event servers"
        case "api-gateways": return "API gateways"
        default: return "Log servers"
        }
    }

    /// Computers treated alike, one group per building (the computers' `group`) or one for
    /// the whole kind, each with its computers in site order.
    /// With `pairedWith`, each group also names the group of those computers in the same
    /// building (`recording-groups`, a list of one or none): a building's failover recording
    /// servers wait for its recording servers, so the two are never stopped at once.
    static func computerGroups(
        _ computers: [ComponentComputer], kind: String, component: String, pairedWith paired: ([ComponentComputer], String)? = nil,
        reachesSQL: Bool = false
    ) -> [ParameterValue] {
        var order: [String] = []
        var members: [String: [ComponentComputer]] = [:]
        for computer in computers {
            let name = computer.group.map { "\(kind), \($0)" } ?? kind
            if members[name] == nil { order.append(name) }
            members[name, default: []].append(computer)
        }
        // "Recording servers" reads "recording servers" inside a sentence; "API gateways" stays.
        let lowerKind = kind.count > 1 && kind.dropFirst().first!.isLowercase ? kind.prefix(1).lowercased() + kind.dropFirst() : kind
        let grouped = computers.contains { $0.group != nil }
        return order.map { name in
            let list = members[name] ?? []
            let group = list.first?.group
            // Beside named groups, the computers without one are the kind's other computers.
            let ungrouped = grouped ? "other " + lowerKind : lowerKind
            let partner = paired.flatMap { others, otherKind -> String? in
                guard others.contains(where: { $0.group == group }) else { return nil }
                return group.map { "\(otherKind), \($0)" } ?? otherKind
            }
            return .record([
                "recording-groups": .list(partner.map { [.plain($0)] } ?? []),
                "name": .plain(name), "kind": .plain(kind), "component": .plain(component),
                // An event server or a log server works against the site's SQL Server itself.
                "reaches-sql": .plain(reachesSQL ? "yes" : ""),
                "title": .plain(group.map { "\(lowerKind) in \($0)" } ?? ungrouped),
                "count": .text(String(list.count), .number),
                "hosts": .list(list.map { .text($0.host, .computerName) }),
                "computers": .list(
                    list.map { .record(["host": .text($0.host, .computerName), "address": .text($0.address ?? "", .address)]) }),
            ])
        }
    }
}

extension ParameterScope.Service {
    /// The Windows service a state statement's service names.
    init(_ name: Statement.ServiceName) {
        switch name {
        case .managementServer, .clusteredServices: self = .managementServer
        case .eventServer: self = .eventServer
        case .logServer: self = .logServer
        case .dataCollector: self = .dataCollector
        case .iis: self = ParameterScope.Service(name: "World Wide Web Publishing Service", key: "W3SVC")
        }
    }
}

/// Checks a catalog the way `runbook templates check` does.
///
/// Every template is planned for the reference site whatever its conditions, so every
/// parameter is checked; then the whole catalog is walked over the site's state for every
/// combination of the choices that change which procedures are planned.
public enum TemplateCheck {
    /// Every problem of the catalog, each said once.
    public static func check(_ catalog: TemplateCatalog, reference: SiteDescription) -> [Diagnostic] {
        var everything = Planner(catalog: catalog)
        everything.includeEverything = true
        var diagnostics = everything.plan(reference).diagnostics
        if !diagnostics.hasErrors {
            let planner = Planner(catalog: catalog)
            for variant in variants(of: reference) { diagnostics += planner.plan(variant).diagnostics }
        }
        // A template line broken for many sites is said once, for the first site that breaks it.
        var said: Set<String> = []
        return diagnostics.filter { said.insert("\($0.id.rawValue)|\($0.location?.description ?? $0.message)").inserted }.sorted()
    }

    /// The reference site with every combination of: a SQL Server failover cluster instance or
    /// an external SQL Server; each kind of witness its storage allows; an IDP certificate or
    /// not; computers in named groups or not; the event and log servers on computers of their
    /// own or run by the role; two, three or four nodes; a new system, or an existing one whose
    /// databases move into the cluster's SQL Server or, with an external one, stay on it.
    static func variants(of base: SiteDescription) -> [SiteDescription] {
        var sites: [SiteDescription] = []
        for external in [false, true] {
            var sql = base
            if external {
                sql.sqlServer = .external(
                    ExternalSQLServer(
                        server: "SQL01.\(base.domain.name)", instance: "VMS", port: nil, address: nil, edition: "Enterprise", version: 2022))
                sql.storage = []
            }
            let quorum = sql.storage.first { $0.purpose == .quorum }?.name
            let witnesses: [QuorumWitness] =
                (quorum.map { [.disk($0)] } ?? []) + [.fileShare(#"\\FS01\Witness$"#), .cloud(account: "witnessaccount"), .none]
            for witness in witnesses {
                for idp in [base.xprotect.idpCertificateThumbprint, nil] {
                    for grouped in [false, true] {
                        for separate in [true, false] {
                            for nodeCount in [2, 3, 4] {
                                var site = sql
                                site.cluster.witness = witness
                                site.xprotect.idpCertificateThumbprint = idp
                                site.xprotect.computers =
                                    grouped ? Self.grouped(site.xprotect.computers) : Self.ungrouped(site.xprotect.computers)
                                if !separate {
                                    site.xprotect.computers.eventServers = []
                                    site.xprotect.computers.logServers = []
                                }
                                site.nodes = Self.nodes(base.nodes, count: nodeCount)
                                for system in Self.systems(sql) {
                                    site.xprotect.system = system
                                    sites.append(site)
                                }
                            }
                        }
                    }
                }
            }
        }
        return sites
    }

    /// A new system; an existing one on a SQL Server of its own; with an external SQL Server,
    /// an existing one whose databases are already on it.
    static func systems(_ site: SiteDescription) -> [XProtectSystem] {
        let existing = ExistingSystem(
            managementServer: "OLDVMS01", sqlServer: "OLDVMS01", sqlInstance: "SQLEXPRESS", version: "2021 R2", backupFolder: #"D:\Move"#)
        var systems: [XProtectSystem] = [.new, .existing(existing)]
        if case .external(let external) = site.sqlServer {
            var staying = existing
            staying.sqlServer = external.server
            staying.sqlInstance = external.instance
            systems.append(.existing(staying))
        }
        return systems
    }

    static func nodes(_ nodes: [ClusterNode], count: Int) -> [ClusterNode] {
        guard let first = nodes.first else { return nodes }
        var result = Array(nodes.prefix(count))
        while result.count < count {
            var node = first
            node.host = "NODE\(result.count + 1)"
            result.append(node)
        }
        return result
    }

    static func grouped(_ computers: XProtectComputers) -> XProtectComputers {
        var computers = computers
        func split(_ list: [ComponentComputer]) -> [ComponentComputer] {
            list.enumerated().map { index, computer in
                var computer = computer
                computer.group = index % 2 == 0 ? "North building" : "South building"
                return computer
            }
        }
        computers.recordingServers = split(computers.recordingServers)
        computers.failoverRecordingServers = split(computers.failoverRecordingServers)
        return computers
    }

    static func ungrouped(_ computers: XProtectComputers) -> XProtectComputers {
        var computers = computers
        for keyPath in [
            \XProtectComputers.recordingServers, \.failoverRecordingServers, \.mobileServers, \.eventServers, \.apiGateways, \.logServers,
        ] {
            computers[keyPath: keyPath] = computers[keyPath: keyPath].map {
                var c = $0; c.group = nil; return c
            }
        }
        return computers
    }
}

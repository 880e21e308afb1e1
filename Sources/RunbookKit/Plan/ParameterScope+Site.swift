extension ParameterScope {
    /// Every value the templates can use, named as in the site description, plus derived
    /// values (FQDNs, setup strings). Every key is present for every site, empty where it
    /// does not apply, so templates can be checked without a site.
    init(site: SiteDescription) {
        let domain = site.domain.name
        func fqdn(_ host: String) -> String { HostName(host).fqdn(in: domain) }
        let networks = site.networks.map { Self.network($0) }
        let nodes = site.nodes.enumerated().map { Self.node($1, number: $0 + 1, site: site) }
        // The role is created on the last node to get its management server (as the guide
        // does); that node keeps its services running, every other node stops them.
        let roleOwner = nodes.last ?? Self.node(nil, number: 1, site: site)
        let fci: SQLFailoverInstance? = { if case .failoverInstance(let f) = site.sqlServer { return f } else { return nil } }()
        let external: ExternalSQLServer? = { if case .external(let e) = site.sqlServer { return e } else { return nil } }()
        let emptyNetwork = Self.network(Network(name: "", role: .public, subnet: .cidr(""), gateway: nil, dns: []))
        let publicNetwork = site.networks.firstIndex { $0.role == .public }
        let heartbeat = site.networks.firstIndex { $0.role == .heartbeat }
        // Microsoft, New-Cluster: a network without DHCP that gets no cluster address must be
        // ignored explicitly; only the client network gets one.
        let ignored = site.networks.filter { $0.name != site.publicNetworks.first?.name }.compactMap { try? $0.subnet.parsed.get().description }

        root = [
            "document": .record([
                "site": .plain(site.document.site), "customer": .plain(site.document.customer),
                "author": .plain(site.document.author), "revision": .plain(site.document.revision),
                "date": .plain(site.document.date ?? ""),
            ]),
            "domain": .record([
                "name": .text(domain, .domainName), "netbios": .text(site.domain.netbios, .domainName),
                "administrator": .text(site.domain.administrator, .account),
            ]),
            "networks": .list(networks),
            "public-network": publicNetwork.map { networks[$0] } ?? emptyNetwork,
            "heartbeat-network": heartbeat.map { networks[$0] } ?? emptyNetwork,
            // The networks that reach the shared storage; two or more are paths for multipath I/O.
            "storage-networks": .list(site.networks.filter { $0.role == .storage }.map { .plain($0.name) }),
            // Networks outside RFC 1918's private ranges: unusual for a cluster, and the guide's
            // example uses such ranges, so the planning asks whether they are meant.
            "public-range-networks": .list(
                site.networks.filter { (try? $0.subnet.parsed.get())?.isPrivate == false }.compactMap { network in
                    (try? network.subnet.parsed.get()).map { .plain("\(network.name) (\($0))") }
                }),
            // The DNS servers outside those ranges, for the same question.
            "public-range-dns-servers": .list(
                Array(Set(site.networks.flatMap(\.dns))).sorted().filter { IPv4Address($0).map { !IPv4Subnet.isPrivate($0) } ?? false }
                    .map { .text($0, .address) }),
            "multipath": .plain(site.networks.filter { $0.role == .storage }.count > 1 ? "yes" : ""),
            "nodes": .list(nodes),
            "first-node": nodes.first ?? Self.node(nil, number: 1, site: site),
            "additional-nodes": .list(Array(nodes.dropFirst())),
            // The nodes SQL Server setup's Add Node runs on: none with an external SQL Server.
            "sql-added-nodes": .list(site.sqlServer.isFailoverInstance ? Array(nodes.dropFirst()) : []),
            "last-node": roleOwner,
            "role-owner": roleOwner,
            // In prose a list reads "A, B and C"; commands take `node-list`, "A, B, C".
            "node-names": .list(site.nodes.map { .text($0.host, .computerName) }),
            "node-list": .text(site.nodes.map(\.host).joined(separator: ", "), .computerName),
            "node-count": .text(String(site.nodes.count), .number),
            // The nodes that are virtual machines: their hosts and shared disks need checks of their own.
            "virtual-nodes": .list(site.nodes.filter { $0.platform == .virtual }.map { .text($0.host, .computerName) }),
            "node-addresses": .list(
                site.nodes.flatMap { node in
                    node.addresses.map { entry in
                        .record([
                            "host": .text(node.host, .computerName), "network": .plain(entry.network),
                            "address": .text(entry.address, .address),
                        ])
                    }
                }),
            "storage": .list(site.storage.map(Self.disk)),
            "storage-names": .list(site.storage.map { .plain($0.name) }),
            "cluster": .record([
                "name": .text(site.cluster.name, .computerName), "fqdn": .text(fqdn(site.cluster.name), .domainName),
                "address": .text(site.cluster.address, .address), "witness": Self.witness(site),
                // Drive (or mount path) to the site's disk name, for the renaming script.
                // For the disk renaming script: a disk on a drive letter is found by its letter,
                // a disk on a mount path by its volume label.
                "disk-map": .plain(
                    site.storage.filter { Paths.root($0.path).count == 3 }.map { disk in
                        "\(PowerShell.quoted(String(Paths.root(disk.path).prefix(2)))) = \(PowerShell.quoted(disk.name))"
                    }.joined(separator: "; ")),
                "disk-label-map": .plain(
                    site.storage.filter { Paths.root($0.path).count != 3 }.map { disk in
                        "\(PowerShell.quoted(disk.volume)) = \(PowerShell.quoted(disk.name))"
                    }.joined(separator: "; ")),
                "ignore-network-option": .plain(ignored.isEmpty ? "" : " -IgnoreNetwork " + ignored.joined(separator: ",")),
                // Microsoft, New-Cluster: without shared storage in the site, no disk that
                // happens to be visible to every node is taken into the cluster.
                "no-storage-option": .plain(site.storage.isEmpty ? " -NoStorage" : ""),
            ]),
            "sql-server": Self.sqlServer(fci: fci, external: external, site: site),
            "xprotect": Self.xprotect(site),
        ]
    }

    static func network(_ network: Network) -> ParameterValue {
        let subnet = try? network.subnet.parsed.get()
        // Failover Cluster Manager's labels on a network's properties (role 3, 1 or 0), and the
        // role's name in Get-ClusterNetwork (the ClusterNetworkRole enumeration).
        let clusterRole: (String, String, String) = {
            switch network.role {
            case .public:
                return (
                    "3", "select Allow cluster network communication on this network and Allow clients to connect through this network",
                    "ClusterAndClient"
                )
            case .heartbeat:
                return (
                    "1", "select Allow cluster network communication on this network and clear Allow clients to connect through this network",
                    "Cluster"
                )
            case .storage: return ("0", "select Do not allow cluster network communication on this network", "None")
            }
        }()
        return .record([
            "name": .plain(network.name), "role": .plain(network.role.rawValue), "quoted-name": .plain(PowerShell.quoted(network.name)),
            "subnet": .text(subnet?.description ?? "", .address), "mask": .text(subnet?.mask.description ?? "", .address),
            "gateway": .text(network.gateway ?? "", .address), "dns": .list(network.dns.map { .text($0, .address) }),
            "dns-list": .list(network.dns.map { .text($0, .address) }),
            "address": .text(subnet?.network.description ?? "", .address),
            "cluster-role-number": .text(clusterRole.0, .number), "cluster-role": .plain(clusterRole.1),
            "cluster-role-name": .plain(clusterRole.2),
        ])
    }

    static func node(_ node: ClusterNode?, number: Int, site: SiteDescription) -> ParameterValue {
        let publicName = site.publicNetworks.first?.name ?? ""
        let heartbeatName = site.networks.first { $0.role == .heartbeat }?.name ?? ""
        let storageName = site.networks.first { $0.role == .storage }?.name ?? ""
        let storageAddresses = site.networks.filter { $0.role == .storage }.compactMap { node?.address(on: $0.name) }
        let host = node?.host ?? ""
        let previous = number >= 2 && number - 2 < site.nodes.count ? site.nodes[number - 2].host : ""
        return .record([
            "previous-host": .text(previous, .computerName),
            // The node's name where SQL Server runs in the cluster (a failover cluster instance), or empty.
            "fci-host": .text(site.sqlServer.isFailoverInstance ? host : "", .computerName),
            // The node the role leaves when it moves here in the registration pass, which
            // visits the nodes in order from the last one, where the role was created.
            "role-left-host": .text(node == nil || site.nodes.count < 2 ? "" : number == 1 ? site.nodes.last?.host ?? "" : previous, .computerName),
            "is-role-owner": .plain(node != nil && number == site.nodes.count ? "yes" : ""),
            "host": .text(host, .computerName), "fqdn": .text(HostName(host).fqdn(in: site.domain.name), .domainName),
            "number": .text(String(number), .number),
            "windows": .plain(node.map { "Windows Server \($0.windowsVersion) \($0.windowsEdition)" } ?? ""),
            "platform": .plain(node?.platform.rawValue ?? ""), "cpu": .plain(node?.cpu ?? ""),
            "memory": .plain(node?.memory ?? ""), "domain": .text(node?.domain ?? "", .domainName),
            "public-address": .text(node?.address(on: publicName) ?? "", .address),
            "heartbeat-address": .text(node?.address(on: heartbeatName) ?? "", .address),
            // Its address on the first storage network, where the site reaches its disks over one.
            "storage-address": .text(node?.address(on: storageName) ?? "", .address),
            // Its addresses on every storage network, for multipath I/O: in text, and quoted for a
            // PowerShell array.
            "storage-addresses": .list(storageAddresses.map { .text($0, .address) }),
            "quoted-storage-addresses": .plain(storageAddresses.map { PowerShell.quoted($0) }.joined(separator: ", ")),
            "addresses": .list((node?.addresses ?? []).map { .record(["network": .plain($0.network), "address": .text($0.address, .address)]) }),
        ])
    }

    static func disk(_ disk: SharedDisk) -> ParameterValue {
        .record([
            "name": .plain(disk.name), "purpose": .plain(disk.purpose.rawValue), "volume": .plain(disk.volume),
            "path": .text(Paths.root(disk.path), .path), "size": .plain(disk.size ?? ""),
            "drive": .text(Paths.root(disk.path).hasSuffix(":\\") ? String(Paths.root(disk.path).dropLast()) : Paths.root(disk.path), .path),
        ])
    }

    static func witness(_ site: SiteDescription) -> ParameterValue {
        var fields: [String: ParameterValue] = [
            "type": .plain("none"), "disk": .plain(""), "path": .text("", .path), "account": .plain(""), "quoted-disk": .plain(""),
            "quoted-path": .plain(""),
        ]
        switch site.cluster.witness {
        case .disk(let name):
            fields["type"] = .plain("disk")
            fields["disk"] = .plain(name)
            fields["quoted-disk"] = .plain(PowerShell.quoted(name))
            fields["path"] = .text(site.disk(named: name).map { Paths.root($0.path) } ?? "", .path)
        case .fileShare(let path):
            fields["type"] = .plain("file-share")
            fields["path"] = .text(path, .path)
            fields["quoted-path"] = .plain(PowerShell.quoted(path))
        case .cloud(let account):
            fields["type"] = .plain("cloud")
            fields["account"] = .plain(account)
        case .none:
            break
        }
        return .record(fields)
    }

    static func sqlServer(fci: SQLFailoverInstance?, external: ExternalSQLServer?, site: SiteDescription) -> ParameterValue {
        let publicNetwork = site.publicNetworks.first
        let mask = (publicNetwork.flatMap { try? $0.subnet.parsed.get() })?.mask.description ?? ""
        let instance = fci?.instance ?? external?.instance ?? ""
        let networkName = fci?.networkName ?? ""
        let serverName: String = {
            if let fci { return fci.isDefaultInstance ? fci.networkName : "\(fci.networkName)\\\(fci.instance)" }
            return external?.connectionName ?? ""
        }()
        let directories = fci?.directories.all ?? []
        let given = (fci?.disks ?? []).compactMap { site.disk(named: $0) }
        // Their names and commands; the remarks, which name the runbook, are the planner's.
        let setupFiles = SQLSetupConfiguration.files(for: site, writtenWith: "")
        var fields: [String: ParameterValue] = [
            "type": .plain(fci != nil ? "failover-instance" : "external"),
            "edition": .plain(fci?.edition ?? external?.edition ?? ""),
            "version": .plain((fci?.version ?? external?.version).map(String.init) ?? ""),
            "network-name": .text(networkName, .computerName),
            "fqdn": .text(HostName(networkName).fqdn(in: site.domain.name), .domainName),
            "instance": .plain(instance), "instance-folder": .text(fci?.instanceFolder ?? "", .path),
            "server-name": .text(serverName, .computerName),
            "server": .text(external?.server ?? "", .computerName),
            "port": .text(external?.port.map(String.init) ?? "", .number),
            "address": .text(fci?.address ?? external?.address ?? "", .address),
            "resource-group": .plain(fci?.resourceGroup ?? ""),
            // The SQL Server role's failover limit: the management server role's, but never below
            // Windows' own default of one failover fewer than the nodes (Microsoft,
            // FailoverThreshold), which the role's own limit may be.
            "windows-default-failures": .text(String(max(1, site.nodes.count - 1)), .number),
            "failover-failures": .text(String(max(site.nodes.count - 1, site.xprotect.failoverPolicy.failures)), .number),
            "failover-period-hours": .text(String(site.xprotect.failoverPolicy.periodHours), .number),
            "disks": .list(given.map(Self.disk)),
            "disk-names": .list(given.map { .plain($0.name) }),
            // The nodes the instance must be able to run on: every node, with an FCI.
            "owner-nodes": .list(fci == nil ? [] : site.nodes.map { .text($0.host, .computerName) }),
            // The setup configuration files the generator writes beside the runbooks, and the
            // command that runs each: the same values the files themselves are built from.
            "install-file": .text(setupFiles.first { $0.action == .installFailoverCluster }?.fileName ?? "", .path),
            "add-node-file": .text(setupFiles.first { $0.action == .addNode }?.fileName ?? "", .path),
            "install-command": .plain(setupFiles.first { $0.action == .installFailoverCluster }?.command ?? ""),
            "add-node-command": .plain(setupFiles.first { $0.action == .addNode }?.command ?? ""),
            "setup-folder": .text(SQLSetupConfiguration.folder, .path),
            // Setup installs the instance under the default root unless told otherwise; the
            // firewall rule names its program.
            "program": .text(
                fci.map { #"C:\Program Files\Microsoft SQL Server\"# + $0.instanceFolder + #"\MSSQL\Binn\sqlservr.exe"# } ?? "", .path),
            "engine-account": .text(fci?.engineAccount ?? "", .account),
            "agent-account": .text(fci?.agentAccount ?? "", .account),
            "sysadmins": .list((fci?.sysadmins ?? []).map { .text($0, .account) }),
            "authentication": .plain(
                fci?.authentication == .mixed ? "Mixed Mode (SQL Server authentication and Windows authentication)" : "Windows authentication mode"),
            "mixed-authentication": .plain(fci?.authentication == .mixed ? "yes" : ""),
            "directories": .list(
                directories.map { .record(["key": .plain($0.key), "setting": .plain($0.setupName), "path": .text($0.path, .path)]) }),
            "failover-ip-addresses": .plain(fci?.failoverClusterIPAddresses(on: publicNetwork) ?? ""),
            "public-network": .plain(publicNetwork?.name ?? ""), "mask": .text(mask, .address),
        ]
        for directory in fci?.directories.all
            ?? SQLDirectories(dataRoot: "", userDatabases: "", userLogs: "", tempdb: "", tempdbLogs: "", backup: "").all
        {
            fields[directory.key] = .text(directory.path, .path)
        }
        return .record(fields)
    }
}

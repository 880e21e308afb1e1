/// What the picture of the site shows, taken from the site description when it is planned:
/// the cluster and its clustered roles, the nodes with their addresses, the networks, the
/// shared disks, the SQL Server, and how many computers are registered with the role.
///
/// The documents draw it; they never read the site description itself.
struct SiteOverview: Sendable, Hashable {
    struct Node: Sendable, Hashable {
        var host: String
        /// The node's address on each network, in the site's network order.
        var addresses: [Address]
    }

    struct Address: Sendable, Hashable {
        var network: String
        var address: String
    }

    struct Network: Sendable, Hashable {
        var name: String
        /// What the cluster uses it for, in the words of Failover Cluster Manager's Cluster Use
        /// column: "Cluster and Client", "Cluster Only", "None".
        var use: String
        var subnet: String
        var gateway: String?
    }

    struct Disk: Sendable, Hashable {
        var name: String
        var path: String
        var size: String?
        /// What it holds, such as "quorum witness" or "SQL Server data".
        var purpose: String
    }

    /// A clustered role, or the SQL Server outside the cluster: what it is, its name and the
    /// lines that say more (the name clients connect to, the address, the version).
    struct Resource: Sendable, Hashable {
        /// What it is: "SQL Server role", "Management server role".
        var kind: String
        /// The role's name in Failover Cluster Manager, or the server's.
        var name: String
        var details: [String]
        var address: String?
    }

    /// Computers registered with the management server: how many of one kind, in how many groups.
    struct ComputerGroup: Sendable, Hashable {
        var kind: String
        var count: Int
        var groups: Int
    }

    var clusterName: String
    var clusterAddress: String
    /// The quorum witness in words: "disk Quorum", "file share \\fs01\witness", "none".
    var witness: String
    var nodes: [Node]
    var networks: [Network]
    var disks: [Disk]
    /// The roles the cluster runs: the SQL Server failover cluster instance (when there is one)
    /// and the management server.
    var roles: [Resource]
    /// A SQL Server outside the cluster, when the site uses one.
    var externalSQLServer: Resource?
    var computers: [ComputerGroup]

    init(_ site: SiteDescription) {
        clusterName = site.cluster.name
        clusterAddress = site.cluster.address
        switch site.cluster.witness {
        case .disk(let disk): witness = "disk " + disk
        case .fileShare(let path): witness = "file share " + path
        case .cloud(let account): witness = "cloud, account " + account
        case .none: witness = "none"
        }
        nodes = site.nodes.map { node in
            Node(
                host: node.host,
                addresses: site.networks.compactMap { network in
                    node.addresses.first { $0.network == network.name }.map { Address(network: network.name, address: $0.address) }
                })
        }
        networks = site.networks.map { network in
            let use: String
            switch network.role {
            case .public: use = "Cluster and Client"
            case .heartbeat: use = "Cluster Only"
            case .storage: use = "None"
            }
            // Written address/prefix, as Failover Cluster Manager shows it, however the site gives it.
            let subnet = (try? network.subnet.parsed.get())?.description ?? ""
            return Network(name: network.name, use: use, subnet: subnet, gateway: network.gateway)
        }
        disks = site.storage.map { disk in
            let purpose: String
            switch disk.purpose {
            case .quorum: purpose = "quorum witness"
            case .sqlData: purpose = "SQL Server data"
            case .sqlLogs: purpose = "SQL Server logs"
            case .tempdb: purpose = "tempdb"
            case .backup: purpose = "backups"
            case .other: purpose = "other"
            }
            return Disk(name: disk.name, path: disk.path, size: disk.size, purpose: purpose)
        }
        var roles: [Resource] = []
        switch site.sqlServer {
        case .failoverInstance(let instance):
            // The role by its name in Failover Cluster Manager ("SQL Server (VMS)"), then the
            // name the management server connects to.
            let connection = instance.isDefaultInstance ? instance.networkName : instance.networkName + "\\" + instance.instance
            roles.append(
                Resource(
                    kind: "SQL Server role", name: instance.resourceGroup,
                    details: [connection, "SQL Server \(instance.version) \(instance.edition)"], address: instance.address))
            externalSQLServer = nil
        case .external(let server):
            var details: [String] = []
            if server.port != nil, let instance = server.instance { details.append("instance " + instance) }
            if let version = server.version { details.append("SQL Server \(version)" + (server.edition.map { " " + $0 } ?? "")) }
            externalSQLServer = Resource(
                kind: "SQL Server, outside the cluster", name: server.connectionName, details: details, address: server.address)
        }
        roles.append(
            Resource(
                kind: "Management server role", name: site.xprotect.role.name,
                details: ["XProtect \(site.xprotect.product) \(site.xprotect.version)"], address: site.xprotect.role.address))
        self.roles = roles
        computers = site.xprotect.computers.groups.compactMap { group in
            guard !group.computers.isEmpty else { return nil }
            return ComputerGroup(kind: group.title, count: group.computers.count, groups: Set(group.computers.compactMap(\.group)).count)
        }
    }
}

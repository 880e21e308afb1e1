/// A small model of the site: only what the runbooks change and rely on.
///
/// It holds what each computer has installed and running, the names that exist, the cluster,
/// SQL Server, the database, the management server role, and where each computer is
/// registered. The planner walks every runbook over it (`StateCheck`).
public struct SiteState: Sendable, Hashable {
    struct Service: Sendable, Hashable {
        var installed = false
        var running = false
        var manual = false
    }

    struct ManagementRole: Sendable, Hashable {
        var owner: HostName
        var online: Bool
        var possibleOwners: [HostName]
        var restartsHeld = false
    }

    /// The cluster nodes, in the site's order.
    var nodes: [HostName]
    /// What "clustered-services" means at this site: the role's services, in stopping order.
    var clusteredServices: [Statement.ServiceName]
    var features: [HostName: Set<String>] = [:]
    var services: [HostName: [Statement.ServiceName: Service]] = [:]
    /// Names in DNS and Active Directory, without their domain.
    var names: Set<HostName> = []
    var cluster = false
    var networksNamed = false
    var disksNamed = false
    var witness = false
    var sqlInstalled = false
    var sqlOwners: [HostName] = []
    /// The host whose management server created the site's database, or where it was restored from.
    var databaseCreator: String?
    /// The existing system's management server, outside the cluster, where the site has one.
    var existingManagementServer: HostName?
    /// The existing system's databases are backed up and the backup verified.
    var databaseBackedUp = false
    var role: ManagementRole?
    /// For each computer, the management server address (a name) its components registered with.
    var registrations: [HostName: String] = [:]
    var registeredServices: String?
    /// The nodes that hold the IDP certificate.
    var idpCertificates: Set<HostName> = []

    init(nodes: [HostName], clusteredServices: [Statement.ServiceName]) {
        self.nodes = nodes
        self.clusteredServices = clusteredServices
    }

    /// A name in DNS from now on; its FQDN is the same name.
    mutating func addName(_ name: String) {
        names.insert(HostName(droppingDomainOf: name))
    }

    func hasName(_ name: String) -> Bool { names.contains(HostName(droppingDomainOf: name)) }

    func sameName(_ a: String, _ b: String) -> Bool { HostName(droppingDomainOf: a) == HostName(droppingDomainOf: b) }

    /// The hosts a statement's host stands for: itself, or each node for `every-node`.
    func hosts(_ host: HostName) -> [HostName] { host == .everyNode ? nodes : [host] }

    /// The services a statement's service stands for.
    func services(_ name: Statement.ServiceName) -> [Statement.ServiceName] {
        name == .clusteredServices ? clusteredServices : [name]
    }

    func service(_ name: Statement.ServiceName, on host: HostName) -> Service {
        services[host]?[name] ?? Service()
    }

    /// The hosts where the management server runs: nodes, and the existing system's server.
    var runningManagementServers: [HostName] {
        (nodes + [existingManagementServer].compactMap { $0 }).filter { service(.managementServer, on: $0).running }
    }

    // MARK: - As text

    /// The state as lines a reviewer reads (`runbook plan --state STEP`).
    public var lines: [String] {
        var lines: [String] = []
        for node in nodes + [existingManagementServer].compactMap({ $0 }) {
            let features = (self.features[node] ?? []).sorted()
            lines.append(
                node == existingManagementServer
                    ? "\(node): the existing system's management server"
                    : "\(node): features \(features.isEmpty ? "none" : features.joined(separator: ", "))")
            for name in Statement.ServiceName.allCases where name != .clusteredServices {
                let s = service(name, on: node)
                guard s.installed else { continue }
                lines.append("  \(name.rawValue): \(s.running ? "running" : "stopped"), \(s.manual ? "manual" : "automatic")")
            }
        }
        lines.append("names: " + (names.isEmpty ? "none" : names.map(\.spelled).sorted().joined(separator: ", ")))
        lines.append(
            "cluster: " + (cluster ? "exists" : "none") + (networksNamed ? ", networks named" : "") + (disksNamed ? ", disks named" : "")
                + (witness ? ", witness" : ""))
        lines.append(
            "sql-instance: "
                + (sqlInstalled ? "installed" + (sqlOwners.isEmpty ? "" : ", owners " + sqlOwners.map(\.spelled).joined(separator: ", ")) : "none"))
        lines.append(
            "database: " + (databaseCreator.map { "created by \($0)" } ?? "none") + (databaseBackedUp ? ", existing system's backed up" : ""))
        if let role {
            lines.append(
                "role: \(role.online ? "online" : "offline") on \(role.owner), possible owners \(role.possibleOwners.map(\.spelled).joined(separator: ", "))"
                    + (role.restartsHeld ? ", restarts held" : ""))
        } else {
            lines.append("role: none")
        }
        for (host, name) in registrations.sorted(by: { $0.key < $1.key }) { lines.append("registered: \(host) with \(name)") }
        if let registeredServices { lines.append("registered services: \(registeredServices)") }
        if !idpCertificates.isEmpty { lines.append("idp certificate: " + idpCertificates.map(\.spelled).sorted().joined(separator: ", ")) }
        return lines
    }
}

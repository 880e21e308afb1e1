/// Where the XProtect databases live.
enum SQLServerPlacement: Sendable, Hashable {
    case failoverInstance(SQLFailoverInstance)
    case external(ExternalSQLServer)

    /// True for an instance installed in this cluster.
    var isFailoverInstance: Bool {
        if case .failoverInstance = self { return true }
        return false
    }
}

/// A SQL Server failover cluster instance installed in this cluster.
struct SQLFailoverInstance: Sendable, Hashable {
    var edition: String
    var version: Int
    var networkName: String
    /// `MSSQLSERVER` for the default instance.
    var instance: String
    var address: String
    var resourceGroup: String
    var disks: [String]
    var engineAccount: String
    var agentAccount: String
    var sysadmins: [String]
    var authentication: Authentication
    var directories: SQLDirectories

    enum Authentication: String, Sendable, Hashable {
        case windows
        case mixed
    }

    var isDefaultInstance: Bool { instance.uppercased() == "MSSQLSERVER" }

    /// The instance's address as SQL Server setup takes it in `FAILOVERCLUSTERIPADDRESSES`:
    /// `IPv4;ADDRESS;CLUSTER NETWORK NAME;SUBNET MASK` (Microsoft, "Install SQL Server from the
    /// command prompt"). `network` is the public network the address is on; the runbook renames
    /// the cluster networks to the site's network names right after creating the cluster, so
    /// its name is the cluster network's name. Its parts are empty where `network` is nil or
    /// its subnet cannot be read, which a valid site rules out.
    func failoverClusterIPAddresses(on network: Network?) -> String {
        let mask = (network.flatMap { try? $0.subnet.parsed.get() })?.mask.description ?? ""
        return "IPv4;\(address);\(network?.name ?? "");\(mask)"
    }

    /// The folder SQL Server setup names after the version and instance (`MSSQL13.SQLCLUSTER`).
    var instanceFolder: String {
        "MSSQL\(SQLFailoverInstance.majorVersion(of: version)).\(instance)"
    }

    /// SQL Server's internal major version: 2016 is 13, 2017 is 14, and so on.
    static func majorVersion(of year: Int) -> Int {
        switch year {
        case 2016: return 13
        case 2017: return 14
        case 2019: return 15
        case 2022: return 16
        case 2025: return 17
        default: return 13 + max(0, year - 2016)
        }
    }
}

/// The instance's data directories.
struct SQLDirectories: Sendable, Hashable {
    var dataRoot: String
    var userDatabases: String
    var userLogs: String
    var tempdb: String
    var tempdbLogs: String
    var backup: String

    /// Each directory with its key in the site description, its name in SQL Server setup's
    /// wizard and its setup parameter (Microsoft, "Install SQL Server from the command prompt").
    var all: [(key: String, setupName: String, path: String, parameter: String)] {
        [
            ("data-root", "Data root directory", dataRoot, "INSTALLSQLDATADIR"),
            ("user-databases", "User database directory", userDatabases, "SQLUSERDBDIR"),
            ("user-logs", "User database log directory", userLogs, "SQLUSERDBLOGDIR"),
            ("tempdb", "TempDB data directory", tempdb, "SQLTEMPDBDIR"),
            ("tempdb-logs", "TempDB log directory", tempdbLogs, "SQLTEMPDBLOGDIR"),
            ("backup", "Backup directory", backup, "SQLBACKUPDIR"),
        ]
    }
}

/// An existing SQL Server outside the cluster.
struct ExternalSQLServer: Sendable, Hashable {
    var server: String
    var instance: String?
    var port: Int?
    var address: String?
    var edition: String?
    var version: Int?

    /// How setup wizards want it typed: `server\instance`, or `server,port` when the port is
    /// known (a client that has the port does not ask SQL Server Browser for the instance).
    var connectionName: String {
        if let port { return "\(server),\(port)" }
        if let instance { return server + "\\" + instance }
        return server
    }
}

/// The XProtect installation and everything that must point at the cluster.
struct XProtectSettings: Sendable, Hashable {
    var product: String
    var version: String
    /// The version the upgrade runbook installs, when the site names it.
    var upgradeVersion: String?
    var serviceAccount: String
    var role: ClusterRoleSettings
    var failoverPolicy: FailoverPolicy
    var registeredServices: [RegisteredService]
    var additionalNodeDatabase: DatabaseChoice
    var idpCertificateThumbprint: String?
    var computers: XProtectComputers
    /// Whether the cluster gets a new XProtect system or takes over an existing one; nil
    /// where the site does not say (allowed only when it lists no component computers).
    var system: XProtectSystem? = nil

    /// What the management server setup does with the database on node 2 and later.
    ///
    /// Only the existing database: creating a new one on a later node replaces or splits the
    /// configuration node 1 created, so the format refuses `create-new`.
    enum DatabaseChoice: String, Sendable, Hashable {
        case useExisting = "use-existing"
    }
}

/// What the cluster's management servers work on: a new configuration, or the configuration
/// of an XProtect system that runs today and moves into the cluster.
enum XProtectSystem: Sendable, Hashable {
    /// A new system: node 1 creates the database; the components are installed afterwards,
    /// pointed at the role's name from the start.
    case new
    /// An existing system: its databases are brought into the cluster's SQL Server, every
    /// node uses them, its components are pointed at the role, its management server retired.
    case existing(ExistingSystem)

    var existing: ExistingSystem? {
        if case .existing(let system) = self { return system }
        return nil
    }
}

/// The XProtect system that runs today and moves into the cluster.
struct ExistingSystem: Sendable, Hashable {
    /// The computer its management server runs on today.
    var managementServer: String
    /// The SQL Server that holds its databases today (host or FQDN).
    var sqlServer: String
    /// Its named instance, if not the default one.
    var sqlInstance: String?
    /// Its XProtect version, such as 2023 R2.
    var version: String
    /// A folder on the SQL Server computer for the databases' backups.
    var backupFolder: String

    /// What SQL Server clients connect to: `HOST` or `HOST\INSTANCE`.
    var sqlServerName: String {
        guard let sqlInstance, sqlInstance.uppercased() != "MSSQLSERVER" else { return sqlServer }
        return "\(sqlServer)\\\(sqlInstance)"
    }
}

/// The management server's Generic Service role: its client access point.
struct ClusterRoleSettings: Sendable, Hashable {
    var name: String
    var address: String
}

struct FailoverPolicy: Sendable, Hashable {
    var failures: Int
    var periodHours: Int

    /// The guide's default: twice within six hours.
    static let standard = FailoverPolicy(failures: 2, periodHours: 6)
}

/// A service registered with the management server, under the role's name.
struct RegisteredService: Sendable, Hashable {
    var name: String
    var endpoints: [Endpoint]

    struct Endpoint: Sendable, Hashable {
        var scheme: String
        var port: Int?
        var path: String

        /// The URL with `host` filled in; an explicit port is kept even when it is the usual one.
        func url(host: String) -> String {
            "\(scheme)://\(host)" + (port.map { ":\($0)" } ?? "") + path
        }
    }

    /// The guide's registered services and their URLs.
    static let guideDefaults: [RegisteredService] = [
        RegisteredService(name: "Event Server", endpoints: [Endpoint(scheme: "http", port: 22331, path: "/")]),
        RegisteredService(name: "Log Server", endpoints: [Endpoint(scheme: "http", port: 80, path: "/LogServer/soapext.dll?logserver")]),
        RegisteredService(name: "Report Server", endpoints: [Endpoint(scheme: "http", port: nil, path: "/Reporting/")]),
        RegisteredService(
            name: "Service Channel",
            endpoints: [
                Endpoint(scheme: "http", port: 80, path: "/"),
                Endpoint(scheme: "https", port: 443, path: "/"),
            ]),
        RegisteredService(name: "API Gateway", endpoints: [Endpoint(scheme: "http", port: 80, path: "/API/")]),
    ]
}

/// A computer with an XProtect component.
struct ComponentComputer: Sendable, Hashable {
    var host: String
    var address: String?
    /// Free text naming computers that are treated the same, such as a building ("North
    /// building"): the runbook gives such computers one procedure with a checklist table.
    var group: String?
}

/// The computers outside the cluster whose components must be registered with it.
struct XProtectComputers: Sendable, Hashable {
    var recordingServers: [ComponentComputer] = []
    var failoverRecordingServers: [ComponentComputer] = []
    var mobileServers: [ComponentComputer] = []
    var eventServers: [ComponentComputer] = []
    var apiGateways: [ComponentComputer] = []
    var logServers: [ComponentComputer] = []

    /// Each group with its key in the site description and its name in the runbook.
    var groups: [(key: String, title: String, computers: [ComponentComputer])] {
        [
            ("recording-servers", "Recording server", recordingServers),
            ("failover-recording-servers", "Failover recording server", failoverRecordingServers),
            ("mobile-servers", "Mobile server", mobileServers),
            ("event-servers", "Event server", eventServers),
            ("api-gateways", "API gateway", apiGateways),
            ("log-servers", "Log server", logServers),
        ]
    }
}

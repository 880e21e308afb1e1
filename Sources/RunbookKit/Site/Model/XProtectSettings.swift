/// The XProtect installation and everything that must point at the cluster.
public struct XProtectSettings: Sendable, Hashable {
    public var product: String
    public var version: String
    /// The version the upgrade runbook installs, when the site names it.
    public var upgradeVersion: String?
    public var serviceAccount: String
    public var role: ClusterRoleSettings
    public var failoverPolicy: FailoverPolicy
    public var registeredServices: [RegisteredService]
    public var additionalNodeDatabase: DatabaseChoice
    public var idpCertificateThumbprint: String?
    public var computers: XProtectComputers

    /// What the management server setup does with the database on node 2 and later.
    ///
    /// Only the existing database: creating a new one on a later node replaces or splits the
    /// configuration node 1 created, so the format refuses `create-new`.
    public enum DatabaseChoice: String, Sendable, Hashable {
        case useExisting = "use-existing"
    }
}

/// The management server's Generic Service role: its client access point.
public struct ClusterRoleSettings: Sendable, Hashable {
    public var name: String
    public var address: String
}

public struct FailoverPolicy: Sendable, Hashable {
    public var failures: Int
    public var periodHours: Int

    /// The guide's default: twice within six hours.
    public static let standard = FailoverPolicy(failures: 2, periodHours: 6)
}

/// A service registered with the management server, under the role's name.
public struct RegisteredService: Sendable, Hashable {
    public var name: String
    public var endpoints: [Endpoint]

    public struct Endpoint: Sendable, Hashable {
        public var scheme: String
        public var port: Int?
        public var path: String

        /// The URL with `host` filled in; an explicit port is kept even when it is the usual one.
        public func url(host: String) -> String {
            "\(scheme)://\(host)" + (port.map { ":\($0)" } ?? "") + path
        }
    }

    /// The guide's registered services and their URLs.
    public static let guideDefaults: [RegisteredService] = [
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
public struct Computer: Sendable, Hashable {
    public var host: String
    public var address: String?
    /// Free text naming computers that are treated the same, such as a building ("North
    /// building"): the runbook gives such computers one procedure with a checklist table.
    public var group: String?
}

/// The computers outside the cluster whose components must be registered with it.
public struct XProtectComputers: Sendable, Hashable {
    public var recordingServers: [Computer] = []
    public var failoverRecordingServers: [Computer] = []
    public var mobileServers: [Computer] = []
    public var eventServers: [Computer] = []
    public var apiGateways: [Computer] = []
    public var logServers: [Computer] = []

    /// Each group with its key in the site description and its name in the runbook.
    public var groups: [(key: String, title: String, computers: [Computer])] {
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

/// One site, as the consultant described it, with every default filled in.
///
/// Plain values: the semantic rules (`SiteValidator`) decide whether it is consistent, and
/// the planner only ever sees a site that passed them.
public struct SiteDescription: Sendable, Hashable {
    public var document: DocumentInfo
    public var domain: ActiveDirectoryDomain
    public var networks: [Network]
    public var nodes: [ClusterNode]
    public var storage: [SharedDisk]
    public var cluster: ClusterSettings
    public var sqlServer: SQLServerPlacement
    public var xprotect: XProtectSettings

    public init(
        document: DocumentInfo, domain: ActiveDirectoryDomain, networks: [Network], nodes: [ClusterNode],
        storage: [SharedDisk], cluster: ClusterSettings, sqlServer: SQLServerPlacement, xprotect: XProtectSettings
    ) {
        self.document = document
        self.domain = domain
        self.networks = networks
        self.nodes = nodes
        self.storage = storage
        self.cluster = cluster
        self.sqlServer = sqlServer
        self.xprotect = xprotect
    }

    /// The shared disk with this name, if storage lists it.
    public func disk(named name: String) -> SharedDisk? {
        storage.first { $0.name.lowercased() == name.lowercased() }
    }

    /// The networks with the public (client access) role.
    public var publicNetworks: [Network] { networks.filter { $0.role == .public } }
}

/// The runbook's title page.
public struct DocumentInfo: Sendable, Hashable {
    public var site: String
    public var customer: String
    public var author: String
    public var revision: String
    /// YYYY-MM-DD, or nil: without a date the runbook carries none.
    public var date: String?
}

/// The Active Directory domain that every node joins.
public struct ActiveDirectoryDomain: Sendable, Hashable {
    /// The DNS name, such as `corp.example.com`.
    public var name: String
    public var netbios: String
    /// The account that installs everything, `DOMAIN\user`.
    public var administrator: String
}

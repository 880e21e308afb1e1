/// One site, as the consultant described it, with every default filled in.
///
/// Plain values: the semantic rules (`SiteValidator`) decide whether it is consistent, and
/// the planner only ever sees a site that passed them. Outside the library it is a token: a
/// caller gets one from ``Pipeline/load(_:)`` and hands it to ``Pipeline/plan(_:)``.
public struct SiteDescription: Sendable, Hashable {
    var document: DocumentInfo
    var domain: ActiveDirectoryDomain
    var networks: [Network]
    var nodes: [ClusterNode]
    var storage: [SharedDisk]
    var cluster: ClusterSettings
    var sqlServer: SQLServerPlacement
    var xprotect: XProtectSettings

    init(
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
    func disk(named name: String) -> SharedDisk? {
        storage.first { $0.name.lowercased() == name.lowercased() }
    }

    /// True when an existing system's databases already live on the SQL Server instance the
    /// cluster uses (an external one), so they stay where they are instead of moving.
    var existingDatabasesStay: Bool {
        guard let existing = xprotect.system?.existing, case .external(let external) = sqlServer else { return false }
        func instance(_ name: String?) -> String { (name ?? "MSSQLSERVER").uppercased() }
        return HostName(droppingDomainOf: external.server) == HostName(droppingDomainOf: existing.sqlServer)
            && instance(external.instance) == instance(existing.sqlInstance)
    }

    /// The networks with the public (client access) role.
    var publicNetworks: [Network] { networks.filter { $0.role == .public } }
}

/// The runbook's title page.
struct DocumentInfo: Sendable, Hashable {
    var site: String
    var customer: String
    var author: String
    var revision: String
    /// YYYY-MM-DD, or nil: without a date the runbook carries none.
    var date: String?
    /// Who signs the acceptance page: roles, such as "Installer" and "Customer".
    var signOff: [String] = ["Installer", "Customer"]
    /// The page size of the PDF.
    var paper: Paper = .a4
}

/// A page size for paper and PDF.
enum Paper: String, Sendable, Hashable {
    case a4
    case letter

    /// The size as CSS `@page` names it.
    var css: String {
        switch self {
        case .a4: return "A4"
        case .letter: return "letter"
        }
    }
}

/// The Active Directory domain that every node joins.
struct ActiveDirectoryDomain: Sendable, Hashable {
    /// The DNS name, such as `corp.example.com`.
    var name: String
    var netbios: String
    /// The account that installs everything, `DOMAIN\user`.
    var administrator: String
}

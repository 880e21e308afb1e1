/// The site description format: every key, its shape, whether it is required, its default.
///
/// This is the one definition of the format. The format reference (docs/site-description.md), the JSON Schema
/// (`runbook schema`) and the structure checks all come from it.
enum SiteFormat {
    /// The longest text value or key, in characters: longer than any name, path or title a
    /// runbook needs, and short enough to quote in a message.
    static let maximumTextLength = 256

    static let root = ObjectShape(
        "SiteDescription",
        "One site's XProtect management server cluster: the guide's planning checklist and every value the runbook needs. Top-level keys starting with x- are ignored: use them to hold YAML anchors.",
        allowsExtensions: true,
        [
            .required("document", .object(document), "The runbook's title page: site, customer, author, revision."),
            .required("domain", .object(domain), "The Active Directory domain that every node joins."),
            .required("networks", .list(.object(network), minimum: 1, maximum: 16), "Every network the nodes are on: public, heartbeat, storage."),
            .required(
                "nodes", .list(.object(node), minimum: 0), "The cluster nodes, two to 64, in the order they are set up (the first is node 1)."),
            .optional("storage", .list(.object(disk), minimum: 0, maximum: 64), "The shared disks every node sees.", default: "[]"),
            .required("cluster", .object(cluster), "The Windows Server failover cluster."),
            .required(
                "sql-server", .tagged(sqlServer),
                "Where the XProtect databases live: a failover cluster instance in this cluster, or an existing external SQL Server."),
            .required("xprotect", .object(xprotect), "The XProtect installation and the computers that must point at the cluster."),
        ])

    static let document = ObjectShape(
        "Document", "The runbook's title page.",
        [
            .required("site", .text(.plain), "The site's name; it also names the output files."),
            .required("customer", .text(.plain), "Who the runbook is for."),
            .required("author", .text(.plain), "Who prepared it."),
            .required("revision", .textOrNumber, "The document's revision, such as 1.0."),
            .optional("date", .text(.date), "The document's date, YYYY-MM-DD. Without it the runbook carries no date.", default: "none"),
            .optional(
                "paper", .choice(["a4", "letter"]), "The page size of the PDF (generate --format pdf) and of the HTML when a browser prints it.",
                default: "a4"),
            .optional(
                "sign-off", .list(.text(.plain), minimum: 1, maximum: 8),
                "Who signs the acceptance page at the end of each runbook, such as Installer and Customer's security officer; names of roles, not of people.",
                default: "[Installer, Customer]"),
        ])

    static let domain = ObjectShape(
        "Domain", "The Active Directory domain.",
        [
            .required("name", .text(.name), "The domain's DNS name (FQDN), such as corp.example.com."),
            .required("netbios", .text(.name), "The domain's NetBIOS name, such as CORP."),
            .required(
                "administrator", .text(.account),
                "The domain account that installs everything: an administrator on every node who may create computer objects."),
        ])

    static let subnetParts = ObjectShape(
        "SubnetMask", "A subnet as network address and mask.",
        [
            .required("address", .text(.ipv4), "The network address, such as 177.16.0.0."),
            .required("mask", .text(.ipv4), "The subnet mask, such as 255.255.0.0."),
        ])

    static let network = ObjectShape(
        "Network", "A network the cluster nodes are on.",
        [
            .required("name", .text(.name), "The network's name, as the nodes' addresses refer to it (Public, Heartbeat, iSCSI)."),
            .required(
                "role", .choice(["public", "heartbeat", "storage"]),
                "public: client access and cluster traffic; heartbeat: cluster traffic only; storage: iSCSI, not used by the cluster."),
            .required(
                "subnet", .either(scalar: .text(.plain), mapping: .object(subnetParts)),
                "The subnet in CIDR form (177.16.0.0/16), or as address and mask."),
            .optional("gateway", .text(.ipv4), "The default gateway; usually only on the public network."),
            .optional("dns", .list(.text(.ipv4), minimum: 0, maximum: 8), "DNS servers, primary first.", default: "[]"),
        ])

    static let node = ObjectShape(
        "ClusterNode", "A server that becomes a cluster node.",
        [
            .required("host", .text(.name), "The computer name (at most 15 characters)."),
            .required("windows-version", .integer(nil), "The Windows Server version: 2016, 2019, 2022 or 2025. All nodes must match."),
            .required(
                "windows-edition", .choice(["Standard", "Datacenter", "Essentials", "Foundation", "Web"]),
                "The Windows Server edition; clustering needs Standard or Datacenter. All nodes must match."),
            .optional("platform", .choice(["physical", "virtual"]), "Physical or virtual machine.", default: "physical"),
            .optional("cpu", .text(.plain), "The processors, as the checklist shows them (2 CPU 2.54 GHz)."),
            .optional("memory", .text(.plain), "The memory, with a unit (8 GB)."),
            .optional("domain", .text(.name), "The domain it is joined to; must be the site's domain.", default: "the site's domain"),
            .required("addresses", .dictionary(.text(.ipv4), keyMeaning: "network name"), "The node's address on each network, by network name."),
        ])

    static let disk = ObjectShape(
        "SharedDisk", "A disk of the shared storage, seen by every node.",
        [
            .required("name", .text(.name), "The disk's name in the plan (Quorum, Data)."),
            .required("purpose", .choice(["quorum", "sql-data", "sql-logs", "tempdb", "backup", "other"]), "What the disk holds."),
            .optional("volume", .text(.plain), "The volume label.", default: "the disk's name"),
            .required("path", .text(.path), "A drive letter (F:\\) or an absolute mount path (C:\\Mounts\\Data)."),
            .optional("size", .text(.plain), "The size, with a unit (20 GB)."),
        ])

    static let clusterRole = ObjectShape(
        "ClusterRole", "The management server's Generic Service role.",
        [
            .required("name", .text(.name), "The client access point name clients use (at most 15 characters, not the cluster's name)."),
            .required("address", .text(.ipv4), "The client access point's static address, on the public network."),
        ])

    static let cluster = ObjectShape(
        "Cluster", "The failover cluster.",
        [
            .required("name", .text(.name), "The cluster's name: the access point for administering it (at most 15 characters)."),
            .required("address", .text(.ipv4), "The cluster's static address, on the public network."),
            .required("witness", .tagged(witness), "The quorum witness."),
        ])

    static let witness = TaggedShape(
        name: "QuorumWitness", summary: "The quorum witness: type disk, file-share, cloud or none.",
        variants: [
            (
                "disk",
                ObjectShape(
                    "DiskWitness", "A shared disk as witness.",
                    [
                        .required("disk", .text(.name), "The name of the quorum disk in storage.")
                    ])
            ),
            (
                "file-share",
                ObjectShape(
                    "FileShareWitness", "A file share as witness.",
                    [
                        .required("path", .text(.path), "The share, \\\\server\\share.")
                    ])
            ),
            (
                "cloud",
                ObjectShape(
                    "CloudWitness", "An Azure storage account as witness.",
                    [
                        .required("account", .text(.name), "The storage account name (its access key is entered by hand, never stored here).")
                    ])
            ),
            ("none", ObjectShape("NoWitness", "No witness.", [])),
        ])

    static let directories = ObjectShape(
        "SQLDirectories", "Where the instance keeps its files; every path on a disk given to the instance.",
        [
            .optional("data-root", .text(.path), "Data root directory.", default: "the root of the first sql-data disk"),
            .optional("user-databases", .text(.path), "User database directory.", default: "data root\\MSSQLnn.INSTANCE\\MSSQL\\Data"),
            .optional("user-logs", .text(.path), "User database log directory.", default: "the sql-logs disk, else as user-databases"),
            .optional("tempdb", .text(.path), "TempDB data directory.", default: "the tempdb disk, else as user-databases"),
            .optional("tempdb-logs", .text(.path), "TempDB log directory.", default: "as tempdb"),
            .optional("backup", .text(.path), "Backup directory.", default: "the backup disk, else data root\\MSSQLnn.INSTANCE\\MSSQL\\Backup"),
        ])

    static let sqlEditions = ["Enterprise", "Standard", "Developer", "Evaluation", "Express", "Web"]

    static let sqlServer = TaggedShape(
        name: "SQLServer",
        summary: "type failover-instance: a SQL Server FCI installed in this cluster; type external: an existing SQL Server outside it.",
        variants: [
            (
                "failover-instance",
                ObjectShape(
                    "SQLFailoverInstance", "A SQL Server failover cluster instance in this cluster.",
                    [
                        .required("edition", .choice(sqlEditions), "Enterprise (up to every node) or Standard (two nodes)."),
                        .required("version", .integer(nil), "2016, 2017, 2019, 2022 or 2025."),
                        .required("network-name", .text(.name), "The instance's network name (at most 15 characters)."),
                        .optional("instance", .text(.name), "The instance name; MSSQLSERVER is the default instance.", default: "MSSQLSERVER"),
                        .required("address", .text(.ipv4), "The instance's static address, on the public network."),
                        .optional("resource-group", .text(.plain), "The cluster role that holds the instance.", default: "SQL Server (INSTANCE)"),
                        .required("disks", .list(.text(.name), minimum: 1, maximum: 64), "The shared disks given to the instance, by name."),
                        .required("engine-account", .text(.account), "The Database Engine service account."),
                        .required("agent-account", .text(.account), "The SQL Server Agent service account."),
                        .required("sysadmins", .list(.text(.account), minimum: 1, maximum: 32), "Accounts or groups made SQL Server administrators."),
                        .optional(
                            "authentication", .choice(["windows", "mixed"]),
                            "windows, or mixed (SQL logins too; the sa password is set at the keyboard, never here).", default: "windows"),
                        .optional("directories", .object(directories), "The data directory layout.", default: "derived from the disks"),
                    ])
            ),
            (
                "external",
                ObjectShape(
                    "ExternalSQLServer", "An existing SQL Server outside the cluster.",
                    [
                        .required("server", .text(.name), "The server's name (host or FQDN)."),
                        .optional("instance", .text(.name), "A named instance, if not the default one."),
                        .optional("port", .integer(1...65535), "The TCP port, if not 1433."),
                        .optional("address", .text(.ipv4), "The server's address, if it should appear in the checklist."),
                        .optional("edition", .choice(sqlEditions), "The edition, for the checklist."),
                        .optional("version", .integer(nil), "The version, for the checklist."),
                    ])
            ),
        ])

    static let failoverPolicy = ObjectShape(
        "FailoverPolicy", "How often the role may fail over before the cluster leaves it stopped.",
        [
            .optional("failures", .integer(nil), "Failures allowed within the period.", default: "2"),
            .optional("period-hours", .integer(nil), "The period, in hours.", default: "6"),
        ])

    static let endpoint = ObjectShape(
        "ServiceEndpoint", "One URL of a registered service; its host is always the management server role.",
        [
            .required("scheme", .choice(["http", "https"]), "http or https."),
            .optional("port", .integer(1...65535), "The TCP port; the scheme's usual port when left out."),
            .optional("path", .text(.plain), "The path, starting with /.", default: "/"),
        ])

    static let registeredService = ObjectShape(
        "RegisteredService", "A service registered with the management server.",
        [
            .required("name", .text(.plain), "The service's name in Registered Services."),
            .required("endpoints", .list(.object(endpoint), minimum: 1, maximum: 16), "Its URLs."),
        ])

    static let computer = ObjectShape(
        "Computer", "A computer with an XProtect component.",
        [
            .required("host", .text(.name), "Its computer name or FQDN."),
            .optional("address", .text(.ipv4), "Its address."),
            .optional(
                "group", .text(.plain),
                "Free text naming computers that are treated the same, such as a building (North building): the runbook sets up the computers of one group in one procedure, with a checklist table of them."
            ),
        ])

    static let computerList = Shape.list(.object(computer), minimum: 0)

    static let computers = ObjectShape(
        "XProtectComputers", "Every computer whose XProtect components must be pointed at the cluster.",
        [
            .optional("recording-servers", computerList, "Recording servers.", default: "[]"),
            .optional("failover-recording-servers", computerList, "Failover recording servers.", default: "[]"),
            .optional("mobile-servers", computerList, "Mobile servers.", default: "[]"),
            .optional("event-servers", computerList, "Event servers outside the cluster.", default: "[]"),
            .optional("api-gateways", computerList, "API gateways outside the cluster.", default: "[]"),
            .optional("log-servers", computerList, "Log servers outside the cluster.", default: "[]"),
        ])

    static let xprotect = ObjectShape(
        "XProtect", "The XProtect installation.",
        [
            .required("product", .choice(["Corporate", "Expert"]), "XProtect Corporate or XProtect Expert."),
            .required("version", .text(.plain), "The XProtect version, such as 2024 R2."),
            .optional(
                "upgrade-version", .text(.plain),
                "The version the upgrade runbook installs, such as 2025 R1; without it, the runbook asks for the installer of the version being upgraded to."
            ),
            .required("service-account", .text(.account), "The named domain account the management server runs as."),
            .required("role", .object(clusterRole), "The management server's cluster role (client access point)."),
            .optional("failover-policy", .object(failoverPolicy), "The role's failover policy.", default: "2 failures in 6 hours"),
            .optional(
                "registered-services", .list(.object(registeredService), minimum: 1, maximum: 64), "Services registered under the role's name.",
                default: "Event Server (22331), Log Server, Report Server, Service Channel (http 80, https 443), API Gateway"),
            .optional(
                "additional-node-database", .choice(["use-existing"]),
                "The database choice when installing the management server on node 2 and later: always use-existing, the database node 1 created. create-new is refused: on a node after the first, a new database replaces or splits the configuration node 1 created.",
                default: "use-existing",
                refusing: [
                    RefusedValue(
                        "create-new", .additionalNodeDatabase,
                        "on a node after the first, creating a new database replaces or splits the configuration node 1 created, so every node after the first must use the existing database. Remove the key, or write use-existing",
                        replacement: "use-existing")
                ]),
            .optional(
                "idp-certificate-thumbprint", .text(.plain),
                "The thumbprint of the certificate that protects an external IDP configuration (40 hexadecimal characters)."),
            .optional("computers", .object(computers), "Computers to point at the cluster.", default: "none"),
            .optional(
                "system", .tagged(system),
                "Whether the cluster gets a new XProtect system or takes over one that runs today; required where computers are listed.",
                default: "new, where no computers are listed"),
        ])

    static let existingSystem = ObjectShape(
        "ExistingSystem", "An XProtect system that runs today and moves into the cluster with its configuration.",
        [
            .required("management-server", .text(.name), "The computer its management server runs on today (outside the cluster)."),
            .required("sql-server", .text(.name), "The SQL Server computer that holds its databases today (host or FQDN)."),
            .optional("sql-instance", .text(.name), "Its named SQL Server instance, if not the default one."),
            .required("version", .text(.plain), "Its XProtect version, such as 2023 R2: no newer than the version the cluster installs."),
            .required(
                "backup-folder", .text(.path),
                "A local folder on that SQL Server computer with room for a full backup of every XProtect database, such as D:\\XProtectMove."),
        ])

    static let system = TaggedShape(
        name: "XProtectSystem",
        summary:
            "type new: a new system, its components installed after the role is online; type existing: a running system moved into the cluster with its configuration.",
        variants: [
            (
                "new",
                ObjectShape(
                    "NewSystem",
                    "A new XProtect system: node 1 creates the configuration database, and the computers are installed against the role's name.",
                    [])
            ),
            ("existing", existingSystem),
        ])
}

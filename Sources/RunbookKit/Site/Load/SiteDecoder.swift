/// Builds a `SiteDescription` from a document that passed `StructureChecker`, filling in
/// every default the format documents.
///
/// It trusts the structure check: a value of the wrong shape cannot reach it, so it reads
/// without reporting and falls back to empty values only where the check already failed.
enum SiteDecoder {
    static func decode(_ root: YAMLNode) -> SiteDescription {
        let document = root["document"]
        let domainNode = root["domain"]
        let domain = ActiveDirectoryDomain(
            name: text(domainNode?["name"]), netbios: text(domainNode?["netbios"]),
            administrator: text(domainNode?["administrator"]))
        let storage = list(root["storage"]).map(disk)
        let nodes = list(root["nodes"]).map { clusterNode($0, domain: domain) }
        return SiteDescription(
            document: DocumentInfo(
                site: text(document?["site"]), customer: text(document?["customer"]),
                author: text(document?["author"]), revision: text(document?["revision"]),
                date: document?["date"]?.text,
                signOff: document?["sign-off"].map { list($0).map { text($0) } } ?? ["Installer", "Customer"],
                paper: Paper(rawValue: document?["paper"]?.text ?? "") ?? .a4),
            domain: domain,
            networks: list(root["networks"]).map(network),
            nodes: nodes,
            storage: storage,
            cluster: cluster(root["cluster"]),
            sqlServer: sqlServer(root["sql-server"], storage: storage),
            xprotect: xprotect(root["xprotect"]))
    }

    // MARK: - Parts

    static func network(_ node: YAMLNode) -> Network {
        let subnetNode = node["subnet"]
        let subnet: SubnetText =
            subnetNode?.mapping != nil
            ? .addressAndMask(address: text(subnetNode?["address"]), mask: text(subnetNode?["mask"]))
            : .cidr(text(subnetNode))
        return Network(
            name: text(node["name"]), role: NetworkRole(rawValue: text(node["role"])) ?? .public,
            subnet: subnet, gateway: node["gateway"]?.text, dns: list(node["dns"]).map { text($0) })
    }

    static func clusterNode(_ node: YAMLNode, domain: ActiveDirectoryDomain) -> ClusterNode {
        ClusterNode(
            host: text(node["host"]), windowsVersion: integer(node["windows-version"]) ?? 0,
            windowsEdition: text(node["windows-edition"]),
            platform: ClusterNode.Platform(rawValue: text(node["platform"])) ?? .physical,
            cpu: node["cpu"]?.text, memory: node["memory"]?.text,
            domain: node["domain"]?.text ?? domain.name,
            addresses: (node["addresses"]?.mapping ?? []).map {
                NodeAddress(network: text($0.key), address: text($0.value))
            })
    }

    static func disk(_ node: YAMLNode) -> SharedDisk {
        let name = text(node["name"])
        return SharedDisk(
            name: name, purpose: DiskPurpose(rawValue: text(node["purpose"])) ?? .other,
            volume: node["volume"]?.text ?? name, path: text(node["path"]), size: node["size"]?.text)
    }

    static func cluster(_ node: YAMLNode?) -> ClusterSettings {
        let witnessNode = node?["witness"]
        let witness: QuorumWitness
        switch witnessNode?["type"]?.text {
        case "disk": witness = .disk(text(witnessNode?["disk"]))
        case "file-share": witness = .fileShare(text(witnessNode?["path"]))
        case "cloud": witness = .cloud(account: text(witnessNode?["account"]))
        default: witness = .none
        }
        return ClusterSettings(name: text(node?["name"]), address: text(node?["address"]), witness: witness)
    }

    static func sqlServer(_ node: YAMLNode?, storage: [SharedDisk]) -> SQLServerPlacement {
        if node?["type"]?.text == "external" {
            return .external(
                ExternalSQLServer(
                    server: text(node?["server"]), instance: node?["instance"]?.text, port: integer(node?["port"]),
                    address: node?["address"]?.text, edition: node?["edition"]?.text, version: integer(node?["version"])))
        }
        let instance = node?["instance"]?.text ?? "MSSQLSERVER"
        var fci = SQLFailoverInstance(
            edition: text(node?["edition"]), version: integer(node?["version"]) ?? 0,
            networkName: text(node?["network-name"]), instance: instance, address: text(node?["address"]),
            resourceGroup: node?["resource-group"]?.text ?? "SQL Server (\(instance))",
            disks: list(node?["disks"]).map { text($0) }, engineAccount: text(node?["engine-account"]),
            agentAccount: text(node?["agent-account"]), sysadmins: list(node?["sysadmins"]).map { text($0) },
            authentication: SQLFailoverInstance.Authentication(rawValue: text(node?["authentication"])) ?? .windows,
            directories: SQLDirectories(dataRoot: "", userDatabases: "", userLogs: "", tempdb: "", tempdbLogs: "", backup: ""))
        fci.directories = directories(node?["directories"], instance: fci, storage: storage)
        return .failoverInstance(fci)
    }

    /// The layout the user gave, with each missing directory derived from the instance's disks.
    static func directories(_ node: YAMLNode?, instance: SQLFailoverInstance, storage: [SharedDisk]) -> SQLDirectories {
        let given = instance.disks.compactMap { name in storage.first { $0.name.lowercased() == name.lowercased() } }
        func root(_ purpose: DiskPurpose) -> String? { given.first { $0.purpose == purpose }.map { Paths.root($0.path) } }
        let folder = instance.instanceFolder
        let dataRoot = node?["data-root"]?.text ?? root(.sqlData) ?? ""
        let data = node?["user-databases"]?.text ?? Paths.join(dataRoot, folder, "MSSQL", "Data")
        let logs = node?["user-logs"]?.text ?? root(.sqlLogs).map { Paths.join($0, folder, "MSSQL", "Data") } ?? data
        let tempdb = node?["tempdb"]?.text ?? root(.tempdb).map { Paths.join($0, folder, "MSSQL", "Data") } ?? data
        let tempdbLogs = node?["tempdb-logs"]?.text ?? tempdb
        let backup =
            node?["backup"]?.text ?? root(.backup).map { Paths.join($0, folder, "MSSQL", "Backup") }
            ?? Paths.join(dataRoot, folder, "MSSQL", "Backup")
        return SQLDirectories(
            dataRoot: dataRoot, userDatabases: data, userLogs: logs, tempdb: tempdb, tempdbLogs: tempdbLogs, backup: backup)
    }

    static func xprotect(_ node: YAMLNode?) -> XProtectSettings {
        let policy = node?["failover-policy"]
        let computers = node?["computers"]
        func group(_ key: String) -> [ComponentComputer] {
            list(computers?[key]).map { ComponentComputer(host: text($0["host"]), address: $0["address"]?.text, group: $0["group"]?.text) }
        }
        let services = node?["registered-services"].map { list($0).map(registeredService) }
        var system: XProtectSystem?
        if let systemNode = node?["system"] {
            if systemNode["type"]?.text == "existing" {
                system = .existing(
                    ExistingSystem(
                        managementServer: text(systemNode["management-server"]), sqlServer: text(systemNode["sql-server"]),
                        sqlInstance: systemNode["sql-instance"]?.text, version: text(systemNode["version"]),
                        backupFolder: text(systemNode["backup-folder"])))
            } else {
                system = .new
            }
        }
        return XProtectSettings(
            product: text(node?["product"]), version: text(node?["version"]), upgradeVersion: node?["upgrade-version"]?.text,
            serviceAccount: text(node?["service-account"]),
            role: ClusterRoleSettings(name: text(node?["role"]?["name"]), address: text(node?["role"]?["address"])),
            failoverPolicy: FailoverPolicy(
                failures: integer(policy?["failures"]) ?? FailoverPolicy.standard.failures,
                periodHours: integer(policy?["period-hours"]) ?? FailoverPolicy.standard.periodHours),
            registeredServices: services ?? RegisteredService.guideDefaults,
            additionalNodeDatabase: XProtectSettings.DatabaseChoice(rawValue: text(node?["additional-node-database"]))
                ?? .useExisting,
            idpCertificateThumbprint: node?["idp-certificate-thumbprint"]?.text,
            computers: XProtectComputers(
                recordingServers: group("recording-servers"), failoverRecordingServers: group("failover-recording-servers"),
                mobileServers: group("mobile-servers"), eventServers: group("event-servers"),
                apiGateways: group("api-gateways"), logServers: group("log-servers")),
            system: system)
    }

    static func registeredService(_ node: YAMLNode) -> RegisteredService {
        RegisteredService(
            name: text(node["name"]),
            endpoints: list(node["endpoints"]).map {
                RegisteredService.Endpoint(
                    scheme: text($0["scheme"]), port: integer($0["port"]), path: $0["path"]?.text ?? "/")
            })
    }

    // MARK: - Scalars

    static func text(_ node: YAMLNode?) -> String { node?.text ?? "" }

    static func integer(_ node: YAMLNode?) -> Int? { node?.integer }

    static func list(_ node: YAMLNode?) -> [YAMLNode] { node?.sequence ?? [] }
}
